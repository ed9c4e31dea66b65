import type { ApiKey, Role } from '@klerno/db';
import {
  actsThroughApiKey,
  recordCallerAudit,
  refuse,
  type AuthorizationContext,
} from '../authorization.js';
import { RecordNotFoundError } from './errors.js';
import { hasRole } from './roles.js';
import { newApiKey, secretDigest } from './secret-formats.js';

const DAY_MS = 86_400_000;

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
  const now = caller.clock();
  const { key, prefix } = newApiKey();
  const apiKey = await caller.store.transaction(async (repos) => {
    const created = await repos.apiKeys.create({
      organizationId,
      createdBy: caller.user.id,
      name: request.name,
      prefix,
      digest: secretDigest(key),
      role,
      expiresAt:
        request.expiresInDays === undefined
          ? null
          : new Date(now.getTime() + request.expiresInDays * DAY_MS).toISOString(),
    });
    await recordCallerAudit(
      repos,
      caller,
      {
        event: 'apikey_created',
        target: `apikey:${created.id}`,
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
export async function revokeApiKey(caller: AuthorizationContext, keyId: string): Promise<ApiKey> {
  const { organizationId } = caller.user;
  const now = caller.clock();
  return caller.store.transaction(async (repos) => {
    const key = (await repos.apiKeys.list(organizationId)).find(({ id }) => id === keyId);
    if (!key || (caller.user.role !== 'admin' && key.createdBy !== caller.user.id)) {
      throw new RecordNotFoundError('API key');
    }
    if (key.revokedAt !== null) return key;
    const at = now.toISOString();
    if (!(await repos.apiKeys.revoke(organizationId, keyId, at))) return key;
    await recordCallerAudit(
      repos,
      caller,
      {
        event: 'apikey_revoked',
        target: `apikey:${keyId}`,
        details: { name: key.name, prefix: key.prefix, createdBy: key.createdBy },
      },
      now,
    );
    return { ...key, revokedAt: at };
  });
}
