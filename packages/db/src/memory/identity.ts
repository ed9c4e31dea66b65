import { ConflictError, NotFoundError } from '../errors.js';
import {
  canonicalInstant,
  normalizeNewSessionFamily,
  checkDigest,
  checkText,
  instantMs,
  isDigest,
  normalizeNewApiKey,
  normalizeNewInvitation,
} from '../identity-input.js';
import type {
  ApiKey,
  ApiKeyRepository,
  Invitation,
  InvitationRepository,
  RefreshTokenRecord,
  SessionFamily,
  SessionRepository,
} from '../ports.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import { copy, type MemoryState, type StoredApiKey, type StoredInvitation } from './state.js';

/** What the SQL stores' foreign keys check. */
export interface MemoryReferences {
  requireOrganization(id: string): void;
  requireUser(organizationId: string, id: string): void;
}

const newestFirst = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt < b.createdAt
    ? 1
    : a.createdAt > b.createdAt
      ? -1
      : a.id < b.id
        ? 1
        : a.id > b.id
          ? -1
          : 0;

function publicInvitation({ tokenDigest: _secret, ...invitation }: StoredInvitation): Invitation {
  return copy(invitation);
}

function publicApiKey({ digest: _secret, ...key }: StoredApiKey): ApiKey {
  return copy(key);
}

export function createMemoryInvitations(
  current: () => MemoryState,
  references: MemoryReferences,
): InvitationRepository {
  return {
    create: (input) =>
      settle(() => {
        const checked = normalizeNewInvitation(input);
        references.requireOrganization(checked.organizationId);
        references.requireUser(checked.organizationId, checked.invitedBy);
        const state = current();
        for (const held of state.invitations.values()) {
          if (held.tokenDigest === checked.tokenDigest) {
            throw new ConflictError('That invitation token is already in use.');
          }
        }
        const { tokenDigest, ...fields } = checked;
        const stored: StoredInvitation = {
          id: uuidv7(),
          ...fields,
          createdAt: new Date().toISOString(),
          acceptedAt: null,
          revokedAt: null,
          tokenDigest,
        };
        state.invitations.set(stored.id, stored);
        return publicInvitation(stored);
      }),
    list: (organizationId) =>
      settle(() =>
        [...current().invitations.values()]
          .filter((row) => row.organizationId === organizationId)
          .sort(newestFirst)
          .map(publicInvitation),
      ),
    byTokenDigest: (tokenDigest) =>
      settle(() => {
        if (!isDigest(tokenDigest)) return null;
        for (const row of current().invitations.values()) {
          if (row.tokenDigest === tokenDigest) return publicInvitation(row);
        }
        return null;
      }),
    markAccepted: (id, at) =>
      settle(() => {
        const acceptedAt = canonicalInstant(at, 'at');
        const state = current();
        const row = state.invitations.get(id);
        if (!row || row.acceptedAt !== null || row.revokedAt !== null) return false;
        if (Date.parse(row.expiresAt) <= Date.parse(acceptedAt)) return false;
        state.invitations.set(id, { ...row, acceptedAt });
        return true;
      }),
    revoke: (organizationId, id, at) =>
      settle(() => {
        const revokedAt = canonicalInstant(at, 'at');
        const state = current();
        const row = state.invitations.get(id);
        if (!row || row.organizationId !== organizationId) return false;
        if (row.acceptedAt !== null || row.revokedAt !== null) return false;
        state.invitations.set(id, { ...row, revokedAt });
        return true;
      }),
  };
}

export function createMemorySessions(
  current: () => MemoryState,
  references: MemoryReferences,
): SessionRepository {
  const publicToken = (row: RefreshTokenRecord): RefreshTokenRecord => ({
    id: row.id,
    familyId: row.familyId,
    createdAt: row.createdAt,
    rotatedAt: row.rotatedAt,
  });

  return {
    createFamily: (input) =>
      settle(() => {
        const checked = normalizeNewSessionFamily(input);
        references.requireOrganization(checked.organizationId);
        references.requireUser(checked.organizationId, checked.userId);
        const family: SessionFamily = {
          id: uuidv7(),
          ...checked,
          lastUsedAt: checked.createdAt,
          revokedAt: null,
          revokedReason: null,
        };
        current().sessionFamilies.set(family.id, family);
        return copy(family);
      }),
    addToken: (input) =>
      settle(() => {
        const digest = checkDigest(input.digest, 'digest');
        const createdAt = canonicalInstant(input.createdAt, 'createdAt');
        const state = current();
        const family = state.sessionFamilies.get(input.familyId);
        if (!family) throw new NotFoundError('The session does not exist.');
        for (const held of state.refreshTokens.values()) {
          if (held.digest === digest)
            throw new ConflictError('That refresh token is already in use.');
        }
        const token = {
          id: uuidv7(),
          familyId: family.id,
          organizationId: family.organizationId,
          digest,
          createdAt,
          rotatedAt: null,
        };
        state.refreshTokens.set(token.id, token);
        return publicToken(token);
      }),
    tokenByDigest: (digest) =>
      settle(() => {
        if (!isDigest(digest)) return null;
        const state = current();
        for (const token of state.refreshTokens.values()) {
          if (token.digest !== digest) continue;
          const family = state.sessionFamilies.get(token.familyId);
          return family ? { token: publicToken(token), family: copy(family) } : null;
        }
        return null;
      }),
    markRotated: (tokenId, at) =>
      settle(() => {
        const rotatedAt = canonicalInstant(at, 'at');
        const state = current();
        const token = state.refreshTokens.get(tokenId);
        if (!token || token.rotatedAt !== null) return false;
        state.refreshTokens.set(tokenId, { ...token, rotatedAt });
        return true;
      }),
    touchFamily: (familyId, at) =>
      settle(() => {
        const lastUsedAt = canonicalInstant(at, 'at');
        const state = current();
        const family = state.sessionFamilies.get(familyId);
        if (family) state.sessionFamilies.set(familyId, { ...family, lastUsedAt });
      }),
    revokeFamily: (familyId, at, reason) =>
      settle(() => {
        const revokedAt = canonicalInstant(at, 'at');
        const revokedReason = checkText(reason, 'reason');
        const state = current();
        const family = state.sessionFamilies.get(familyId);
        if (family && family.revokedAt === null) {
          state.sessionFamilies.set(familyId, { ...family, revokedAt, revokedReason });
        }
      }),
    isFamilyRevoked: (familyId) =>
      settle(() => (current().sessionFamilies.get(familyId)?.revokedAt ?? null) !== null),
    revokeAllForUser: (organizationId, userId, at, reason, exceptFamilyId) =>
      settle(() => {
        const revokedAt = canonicalInstant(at, 'at');
        const atMs = instantMs(at, 'at');
        const revokedReason = checkText(reason, 'reason');
        const state = current();
        let revoked = 0;
        for (const family of [...state.sessionFamilies.values()]) {
          if (
            family.organizationId !== organizationId ||
            family.userId !== userId ||
            family.id === exceptFamilyId ||
            family.revokedAt !== null ||
            Date.parse(family.expiresAt) <= atMs
          ) {
            continue;
          }
          state.sessionFamilies.set(family.id, { ...family, revokedAt, revokedReason });
          revoked += 1;
        }
        return revoked;
      }),
  };
}

export function createMemoryApiKeys(
  current: () => MemoryState,
  references: MemoryReferences,
): ApiKeyRepository {
  return {
    create: (input) =>
      settle(() => {
        const checked = normalizeNewApiKey(input);
        references.requireOrganization(checked.organizationId);
        references.requireUser(checked.organizationId, checked.createdBy);
        const state = current();
        for (const held of state.apiKeys.values()) {
          if (held.digest === checked.digest)
            throw new ConflictError('That API key is already in use.');
        }
        const stored: StoredApiKey = {
          id: uuidv7(),
          organizationId: checked.organizationId,
          createdBy: checked.createdBy,
          name: checked.name,
          prefix: checked.prefix,
          role: checked.role,
          createdAt: new Date().toISOString(),
          expiresAt: checked.expiresAt,
          lastUsedAt: null,
          revokedAt: null,
          digest: checked.digest,
        };
        state.apiKeys.set(stored.id, stored);
        return publicApiKey(stored);
      }),
    list: (organizationId) =>
      settle(() =>
        [...current().apiKeys.values()]
          .filter((row) => row.organizationId === organizationId)
          .sort(newestFirst)
          .map(publicApiKey),
      ),
    byDigest: (digest) =>
      settle(() => {
        if (!isDigest(digest)) return null;
        for (const row of current().apiKeys.values()) {
          if (row.digest === digest) return publicApiKey(row);
        }
        return null;
      }),
    revoke: (organizationId, id, at) =>
      settle(() => {
        const revokedAt = canonicalInstant(at, 'at');
        const state = current();
        const row = state.apiKeys.get(id);
        if (!row || row.organizationId !== organizationId || row.revokedAt !== null) return false;
        state.apiKeys.set(id, { ...row, revokedAt });
        return true;
      }),
    touch: (id, at) =>
      settle(() => {
        const lastUsedAt = canonicalInstant(at, 'at');
        const state = current();
        const row = state.apiKeys.get(id);
        if (row) state.apiKeys.set(id, { ...row, lastUsedAt });
      }),
  };
}
