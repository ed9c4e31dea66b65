import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { UNKNOWN_REFERENCE } from '../driver-errors.js';
import { ConflictError, NotFoundError } from '../errors.js';
import {
  normalizeNewSessionFamily,
  checkDigest,
  checkText,
  instantMs,
  isDigest,
} from '../identity-input.js';
import { lazy } from '../lazy.js';
import type { SessionRepository } from '../ports.js';
import { toRefreshToken, toSessionFamily } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import type { PgHandle } from './database.js';
import { guarded } from './guarded.js';
import { refreshTokens, sessionFamilies } from './schema.js';

type FamilyRow = typeof sessionFamilies.$inferSelect;

const UNKNOWN_SESSION = 'The session does not exist.';

export function createPgSessions(db: PgHandle, insideTransaction: boolean): SessionRepository {
  const selectByDigest = lazy(() =>
    db
      .select({ token: refreshTokens, family: sessionFamilies })
      .from(refreshTokens)
      .innerJoin(sessionFamilies, eq(sessionFamilies.id, refreshTokens.familyId))
      .where(eq(refreshTokens.digest, sql.placeholder('digest')))
      .prepare('refresh_tokens_by_digest'),
  );
  const selectRevokedAt = lazy(() =>
    db
      .select({ revokedAt: sessionFamilies.revokedAt })
      .from(sessionFamilies)
      .where(eq(sessionFamilies.id, sql.placeholder('id')))
      .prepare('session_family_revoked_at'),
  );

  return {
    async createFamily(input) {
      const { organizationId, userId, ...checked } = normalizeNewSessionFamily(input);
      if (!isUuid(organizationId) || !isUuid(userId)) throw new NotFoundError(UNKNOWN_REFERENCE);
      const createdAt = new Date(checked.createdAt);
      const row: FamilyRow = {
        id: uuidv7(),
        organizationId,
        userId,
        createdAt,
        lastUsedAt: createdAt,
        expiresAt: new Date(checked.expiresAt),
        revokedAt: null,
        revokedReason: null,
      };
      await guarded(db, insideTransaction, (handle) => handle.insert(sessionFamilies).values(row));
      return toSessionFamily(row);
    },
    async addToken(input) {
      const digest = checkDigest(input.digest, 'digest');
      const createdAt = new Date(instantMs(input.createdAt, 'createdAt'));
      if (!isUuid(input.familyId)) throw new NotFoundError(UNKNOWN_SESSION);
      const [family] = await db
        .select({ organizationId: sessionFamilies.organizationId })
        .from(sessionFamilies)
        .where(eq(sessionFamilies.id, input.familyId));
      if (!family) throw new NotFoundError(UNKNOWN_SESSION);
      const [row] = await guarded(db, insideTransaction, (handle) =>
        handle
          .insert(refreshTokens)
          .values({
            id: uuidv7(),
            organizationId: family.organizationId,
            familyId: input.familyId,
            digest,
            createdAt,
            rotatedAt: null,
          })
          .onConflictDoNothing({ target: refreshTokens.digest })
          .returning(),
      );
      if (!row) throw new ConflictError('That refresh token is already in use.');
      return toRefreshToken(row);
    },
    async tokenByDigest(digest) {
      if (!isDigest(digest)) return null;
      const [row] = await selectByDigest().execute({ digest });
      return row ? { token: toRefreshToken(row.token), family: toSessionFamily(row.family) } : null;
    },
    async markRotated(tokenId, at) {
      const rotatedAt = new Date(instantMs(at, 'at'));
      if (!isUuid(tokenId)) return false;
      const rows = await db
        .update(refreshTokens)
        .set({ rotatedAt })
        .where(and(eq(refreshTokens.id, tokenId), isNull(refreshTokens.rotatedAt)))
        .returning({ id: refreshTokens.id });
      return rows.length === 1;
    },
    async touchFamily(familyId, at) {
      const lastUsedAt = new Date(instantMs(at, 'at'));
      if (!isUuid(familyId)) return;
      await db.update(sessionFamilies).set({ lastUsedAt }).where(eq(sessionFamilies.id, familyId));
    },
    async revokeFamily(familyId, at, reason) {
      const revokedAt = new Date(instantMs(at, 'at'));
      const revokedReason = checkText(reason, 'reason');
      if (!isUuid(familyId)) return;
      await db
        .update(sessionFamilies)
        .set({ revokedAt, revokedReason })
        .where(and(eq(sessionFamilies.id, familyId), isNull(sessionFamilies.revokedAt)));
    },
    async isFamilyRevoked(familyId) {
      if (!isUuid(familyId)) return false;
      const [row] = await selectRevokedAt().execute({ id: familyId });
      return (row?.revokedAt ?? null) !== null;
    },
    async revokeAllForUser(organizationId, userId, at, reason, exceptFamilyId) {
      const revokedAt = new Date(instantMs(at, 'at'));
      const revokedReason = checkText(reason, 'reason');
      if (!isUuid(organizationId) || !isUuid(userId)) return 0;
      const rows = await db
        .update(sessionFamilies)
        .set({ revokedAt, revokedReason })
        .where(
          and(
            eq(sessionFamilies.organizationId, organizationId),
            eq(sessionFamilies.userId, userId),
            isNull(sessionFamilies.revokedAt),
            gt(sessionFamilies.expiresAt, revokedAt),
            exceptFamilyId === undefined || !isUuid(exceptFamilyId)
              ? undefined
              : ne(sessionFamilies.id, exceptFamilyId),
          ),
        )
        .returning({ id: sessionFamilies.id });
      return rows.length;
    },
  };
}
