import { randomBytes } from 'node:crypto';
import type { ApiKey, Role } from '@klerno/db';
import {
  actsThroughApiKey,
  auditActorOf,
  hasRole,
  refuse,
  requestMetaOf,
  type AuthorizationContext,
} from '../authorization.js';
import { recordAudit } from './audit.js';
import { RecordNotFoundError } from './errors.js';
import { randomSecret, secretDigest } from './opaque-secrets.js';
import { API_KEY_PREFIX } from './secret-formats.js';

const DAY_MS = 86_400_000;

/**
 * A new key `klk_<8 hex>_<43 base64url>` and its (non-secret) prefix; the prefix has no `_`, so
 * the parts split unambiguously (see `looksLikeApiKey`).
 */
export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(4).toString('hex');
  return { key: `${API_KEY_PREFIX}${prefix}_${randomSecret()}`, prefix };
}

/** SHA-256 hex of the whole key: what `apiKeys.byDigest` takes. */
export function apiKeyDigest(key: string): string {
  return secretDigest(key);
}

export interface ApiKeyRequest {
  name: string;
  role?: Role | undefined;
  expiresInDays?: number | undefined;
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** Shown once; only its digest is stored. */
  secret: string;
}

/**
 * Only a signed-in user may create a key (a leaked key must not be able to mint successors that
 * outlive its revocation), and never with a role above the user's own.
 */
export async function createApiKey(
  caller: AuthorizationContext,
  request: ApiKeyRequest,
  now: Date = new Date(),
): Promise<CreatedApiKey> {
  const procedure = 'apiKeys.create';
  if (actsThroughApiKey(caller.user)) {
    throw await refuse(caller, procedure, 'API keys cannot create API keys; sign in as a user', {
      reason: 'api_key_cannot_create_keys',
    });
  }
  const role = request.role ?? caller.user.role;
  if (!hasRole(caller.user.role, role)) {
    throw await refuse(
      caller,
      procedure,
      `An API key cannot have a higher role than its creator's (${caller.user.role})`,
      { reason: 'role_above_creator', requestedRole: role },
    );
  }
  const { organizationId } = caller.user;
  const { key, prefix } = newApiKey();
  const apiKey = await caller.store.transaction(async (repos) => {
    const created = await repos.apiKeys.create({
      organizationId,
      createdBy: caller.user.id,
      name: request.name,
      prefix,
      digest: apiKeyDigest(key),
      role,
      expiresAt:
        request.expiresInDays === undefined
          ? null
          : new Date(now.getTime() + request.expiresInDays * DAY_MS).toISOString(),
    });
    await recordAudit(
      repos,
      requestMetaOf(caller),
      {
        event: 'apikey_created',
        organizationId,
        actor: auditActorOf(caller.user),
        target: `apikey:${created.id}`,
        outcome: 'success',
        details: {
          name: created.name,
          prefix: created.prefix,
          role: created.role,
          expiresAt: created.expiresAt,
        },
      },
      now,
    );
    return created;
  });
  return { apiKey, secret: key };
}

/** The caller's own keys; an admin sees every key of the organization. Newest first. */
export async function listApiKeys(caller: AuthorizationContext): Promise<ApiKey[]> {
  const keys = await caller.store.apiKeys.list(caller.user.organizationId);
  return caller.user.role === 'admin'
    ? keys
    : keys.filter((key) => key.createdBy === caller.user.id);
}

/**
 * Revokes one of the caller's keys (an admin: any key of the organization). Keys the caller may
 * not manage look like unknown ones; revoking a revoked key changes nothing.
 */
export async function revokeApiKey(
  caller: AuthorizationContext,
  keyId: string,
  now: Date = new Date(),
): Promise<ApiKey> {
  const { organizationId } = caller.user;
  return caller.store.transaction(async (repos) => {
    const key = (await repos.apiKeys.list(organizationId)).find(({ id }) => id === keyId);
    if (!key || (caller.user.role !== 'admin' && key.createdBy !== caller.user.id)) {
      throw new RecordNotFoundError('API key');
    }
    if (key.revokedAt !== null) return key;
    const at = now.toISOString();
    if (!(await repos.apiKeys.revoke(organizationId, keyId, at))) return key;
    await recordAudit(
      repos,
      requestMetaOf(caller),
      {
        event: 'apikey_revoked',
        organizationId,
        actor: auditActorOf(caller.user),
        target: `apikey:${keyId}`,
        outcome: 'success',
        details: { name: key.name, prefix: key.prefix, createdBy: key.createdBy },
      },
      now,
    );
    return { ...key, revokedAt: at };
  });
}
