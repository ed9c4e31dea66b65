import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { ConflictError } from '../errors.js';
import { instantMs, isDigest, normalizeNewApiKey } from '../identity-input.js';
import { lazy } from '../lazy.js';
import type { ApiKeyRepository } from '../ports.js';
import { toApiKey } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { SqliteDatabase } from './database.js';
import { apiKeys } from './schema.js';

export function createSqliteApiKeys(db: SqliteDatabase): ApiKeyRepository {
  const selectByDigest = lazy(() =>
    db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.digest, sql.placeholder('digest')))
      .prepare(),
  );
  const touchKey = lazy(() =>
    db
      .update(apiKeys)
      .set({ lastUsedAt: sql`${sql.placeholder('at')}` })
      .where(eq(apiKeys.id, sql.placeholder('id')))
      .prepare(),
  );

  return {
    create: (input) =>
      settle(() => {
        const checked = normalizeNewApiKey(input);
        const row = db
          .insert(apiKeys)
          .values({
            id: uuidv7(),
            organizationId: checked.organizationId,
            createdBy: checked.createdBy,
            name: checked.name,
            prefix: checked.prefix,
            digest: checked.digest,
            role: checked.role,
            createdAt: Date.now(),
            expiresAt: checked.expiresAt === null ? null : Date.parse(checked.expiresAt),
            lastUsedAt: null,
            revokedAt: null,
          })
          .onConflictDoNothing({ target: apiKeys.digest })
          .returning()
          .get();
        if (!row) throw new ConflictError('That API key is already in use.');
        return toApiKey(row);
      }),
    list: (organizationId) =>
      settle(() =>
        db
          .select()
          .from(apiKeys)
          .where(eq(apiKeys.organizationId, organizationId))
          .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
          .all()
          .map(toApiKey),
      ),
    byDigest: (digest) =>
      settle(() => {
        if (!isDigest(digest)) return null;
        const row = selectByDigest().get({ digest });
        return row ? toApiKey(row) : null;
      }),
    revoke: (organizationId, id, at) =>
      settle(() => {
        const row = db
          .update(apiKeys)
          .set({ revokedAt: instantMs(at, 'at') })
          .where(
            and(
              eq(apiKeys.organizationId, organizationId),
              eq(apiKeys.id, id),
              isNull(apiKeys.revokedAt),
            ),
          )
          .returning({ id: apiKeys.id })
          .get();
        return row !== undefined;
      }),
    touch: (id, at) =>
      settle(() => {
        touchKey().run({ id, at: instantMs(at, 'at') });
      }),
  };
}
