import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
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
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { SqliteDatabase } from './database.js';
import { refreshTokens, sessionFamilies } from './schema.js';

type FamilyRow = typeof sessionFamilies.$inferSelect;

export function createSqliteSessions(db: SqliteDatabase): SessionRepository {
  const selectByDigest = lazy(() =>
    db
      .select({ token: refreshTokens, family: sessionFamilies })
      .from(refreshTokens)
      .innerJoin(sessionFamilies, eq(sessionFamilies.id, refreshTokens.familyId))
      .where(eq(refreshTokens.digest, sql.placeholder('digest')))
      .prepare(),
  );
  const selectRevokedAt = lazy(() =>
    db
      .select({ revokedAt: sessionFamilies.revokedAt })
      .from(sessionFamilies)
      .where(eq(sessionFamilies.id, sql.placeholder('id')))
      .prepare(),
  );

  return {
    createFamily: (input) =>
      settle(() => {
        const checked = normalizeNewSessionFamily(input);
        const createdAt = Date.parse(checked.createdAt);
        const row: FamilyRow = {
          id: uuidv7(),
          organizationId: checked.organizationId,
          userId: checked.userId,
          createdAt,
          lastUsedAt: createdAt,
          expiresAt: Date.parse(checked.expiresAt),
          revokedAt: null,
          revokedReason: null,
        };
        db.insert(sessionFamilies).values(row).run();
        return toSessionFamily(row);
      }),
    addToken: (input) =>
      settle(() => {
        const digest = checkDigest(input.digest, 'digest');
        const createdAt = instantMs(input.createdAt, 'createdAt');
        const family = db
          .select({ organizationId: sessionFamilies.organizationId })
          .from(sessionFamilies)
          .where(eq(sessionFamilies.id, input.familyId))
          .get();
        if (!family) throw new NotFoundError('The session does not exist.');
        const row = db
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
          .returning()
          .get();
        if (!row) throw new ConflictError('That refresh token is already in use.');
        return toRefreshToken(row);
      }),
    tokenByDigest: (digest) =>
      settle(() => {
        if (!isDigest(digest)) return null;
        const row = selectByDigest().get({ digest });
        return row
          ? { token: toRefreshToken(row.token), family: toSessionFamily(row.family) }
          : null;
      }),
    markRotated: (tokenId, at) =>
      settle(() => {
        const row = db
          .update(refreshTokens)
          .set({ rotatedAt: instantMs(at, 'at') })
          .where(and(eq(refreshTokens.id, tokenId), isNull(refreshTokens.rotatedAt)))
          .returning({ id: refreshTokens.id })
          .get();
        return row !== undefined;
      }),
    touchFamily: (familyId, at) =>
      settle(() => {
        db.update(sessionFamilies)
          .set({ lastUsedAt: instantMs(at, 'at') })
          .where(eq(sessionFamilies.id, familyId))
          .run();
      }),
    revokeFamily: (familyId, at, reason) =>
      settle(() => {
        db.update(sessionFamilies)
          .set({ revokedAt: instantMs(at, 'at'), revokedReason: checkText(reason, 'reason') })
          .where(and(eq(sessionFamilies.id, familyId), isNull(sessionFamilies.revokedAt)))
          .run();
      }),
    isFamilyRevoked: (familyId) =>
      settle(() => (selectRevokedAt().get({ id: familyId })?.revokedAt ?? null) !== null),
    revokeAllForUser: (organizationId, userId, at, reason, exceptFamilyId) =>
      settle(() => {
        const atMs = instantMs(at, 'at');
        const rows = db
          .update(sessionFamilies)
          .set({ revokedAt: atMs, revokedReason: checkText(reason, 'reason') })
          .where(
            and(
              eq(sessionFamilies.organizationId, organizationId),
              eq(sessionFamilies.userId, userId),
              isNull(sessionFamilies.revokedAt),
              gt(sessionFamilies.expiresAt, atMs),
              exceptFamilyId === undefined ? undefined : ne(sessionFamilies.id, exceptFamilyId),
            ),
          )
          .returning({ id: sessionFamilies.id })
          .all();
        return rows.length;
      }),
  };
}
