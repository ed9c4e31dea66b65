import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { UNKNOWN_REFERENCE } from '../driver-errors.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { instantMs, isDigest, normalizeNewApiKey } from '../identity-input.js';
import { lazy } from '../lazy.js';
import type { ApiKeyRepository } from '../ports.js';
import { toApiKey } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import type { PgHandle } from './database.js';
import { guarded } from './guarded.js';
import { apiKeys } from './schema.js';

export function createPgApiKeys(db: PgHandle, insideTransaction: boolean): ApiKeyRepository {
  const selectByDigest = lazy(() =>
    db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.digest, sql.placeholder('digest')))
      .prepare('api_keys_by_digest'),
  );
  const touchKey = lazy(() =>
    db
      .update(apiKeys)
      .set({ lastUsedAt: sql`${sql.placeholder('at')}::timestamptz` })
      .where(eq(apiKeys.id, sql.placeholder('id')))
      .prepare('api_keys_touch'),
  );

  return {
    async create(input) {
      const checked = normalizeNewApiKey(input);
      if (!isUuid(checked.organizationId) || !isUuid(checked.createdBy)) {
        throw new NotFoundError(UNKNOWN_REFERENCE);
      }
      const [row] = await guarded(db, insideTransaction, (handle) =>
        handle
          .insert(apiKeys)
          .values({
            id: uuidv7(),
            organizationId: checked.organizationId,
            createdBy: checked.createdBy,
            name: checked.name,
            prefix: checked.prefix,
            digest: checked.digest,
            role: checked.role,
            createdAt: new Date(),
            expiresAt: checked.expiresAt === null ? null : new Date(checked.expiresAt),
            lastUsedAt: null,
            revokedAt: null,
          })
          .onConflictDoNothing({ target: apiKeys.digest })
          .returning(),
      );
      if (!row) throw new ConflictError('That API key is already in use.');
      return toApiKey(row);
    },
    async list(organizationId) {
      if (!isUuid(organizationId)) return [];
      const rows = await db
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.organizationId, organizationId))
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
      return rows.map(toApiKey);
    },
    async byDigest(digest) {
      if (!isDigest(digest)) return null;
      const [row] = await selectByDigest().execute({ digest });
      return row ? toApiKey(row) : null;
    },
    async revoke(organizationId, id, at) {
      const revokedAt = new Date(instantMs(at, 'at'));
      if (!isUuid(organizationId) || !isUuid(id)) return false;
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt })
        .where(
          and(
            eq(apiKeys.organizationId, organizationId),
            eq(apiKeys.id, id),
            isNull(apiKeys.revokedAt),
          ),
        )
        .returning({ id: apiKeys.id });
      return rows.length === 1;
    },
    async touch(id, at) {
      const lastUsedAt = new Date(instantMs(at, 'at')).toISOString();
      if (!isUuid(id)) return;
      await touchKey().execute({ id, at: lastUsedAt });
    },
  };
}
