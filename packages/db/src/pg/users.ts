import { and, asc, count, eq, sql } from 'drizzle-orm';
import { decodeCursor } from '../cursor.js';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { normalizeUserPatch } from '../identity-input.js';
import { checkNewUser, checkPageLimit, normalizeEmail, toIsoTimestamp } from '../normalize.js';
import { userPage } from '../page.js';
import type { UserRepository } from '../ports.js';
import { toUser, toUserWithCredentials } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import { lazy } from '../lazy.js';
import type { PgHandle } from './database.js';
import { users } from './schema.js';

/**
 * `insideTransaction`: the handle is a caller's open transaction, where a failed statement would
 * abort everything; risky writes then run in a savepoint of their own.
 */
export function createPgUsers(db: PgHandle, insideTransaction: boolean): UserRepository {
  const selectByEmail = lazy(() =>
    db
      .select()
      .from(users)
      .where(eq(users.email, sql.placeholder('email')))
      .prepare('users_by_email'),
  );
  const selectById = lazy(() =>
    db
      .select()
      .from(users)
      .where(
        and(
          eq(users.organizationId, sql.placeholder('organizationId')),
          eq(users.id, sql.placeholder('id')),
        ),
      )
      .prepare('users_by_id'),
  );
  const oldestFirst = [asc(users.createdAt), asc(users.id)] as const;
  const firstPage = lazy(() =>
    db
      .select()
      .from(users)
      .where(eq(users.organizationId, sql.placeholder('organizationId')))
      .orderBy(...oldestFirst)
      .limit(sql.placeholder('limit'))
      .prepare('users_first_page'),
  );
  const pageAfter = lazy(() =>
    db
      .select()
      .from(users)
      .where(
        and(
          eq(users.organizationId, sql.placeholder('organizationId')),
          sql`(${users.createdAt}, ${users.id}) > (${sql.placeholder('createdAt')}::timestamptz, ${sql.placeholder('id')}::uuid)`,
        ),
      )
      .orderBy(...oldestFirst)
      .limit(sql.placeholder('limit'))
      .prepare('users_page_after'),
  );
  const countAdmins = lazy(() =>
    db
      .select({ admins: count() })
      .from(users)
      .where(
        and(
          eq(users.organizationId, sql.placeholder('organizationId')),
          eq(users.role, 'admin'),
          eq(users.disabled, false),
        ),
      )
      .prepare('users_count_active_admins'),
  );

  return {
    async create(input) {
      checkNewUser(input);
      if (!isUuid(input.organizationId)) throw new NotFoundError(UNKNOWN_ORGANIZATION);
      const now = new Date();
      const insert = (handle: PgHandle) =>
        handle
          .insert(users)
          .values({
            id: uuidv7(),
            organizationId: input.organizationId,
            email: normalizeEmail(input.email),
            role: input.role,
            disabled: false,
            tokenVersion: 0,
            passwordHash: input.passwordHash,
            createdAt: now,
            updatedAt: now,
          })
          // DO NOTHING rather than a unique violation, which would abort an open transaction.
          .onConflictDoNothing({ target: users.email })
          .returning();
      // A missing organization still fails (foreign key): keep that inside a savepoint.
      const [row] = insideTransaction ? await db.transaction(insert) : await insert(db);
      if (!row) throw new ConflictError('That email is already registered.');
      return toUser(row);
    },
    async byEmail(email) {
      const [row] = await selectByEmail().execute({ email: normalizeEmail(email) });
      return row ? toUserWithCredentials(row) : null;
    },
    async byId(organizationId, id) {
      if (!isUuid(organizationId) || !isUuid(id)) return null;
      const [row] = await selectById().execute({ organizationId, id });
      return row ? toUser(row) : null;
    },
    async list(organizationId, page) {
      const limit = checkPageLimit(page);
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
      if (!isUuid(organizationId)) return { items: [], nextCursor: null };
      const rows =
        after === undefined
          ? await firstPage().execute({ organizationId, limit: limit + 1 })
          : await pageAfter().execute({
              organizationId,
              limit: limit + 1,
              createdAt: toIsoTimestamp(after.timestampMs),
              id: after.id,
            });
      return userPage(rows.map(toUser), limit);
    },
    async update(organizationId, id, patch) {
      const checked = normalizeUserPatch(patch);
      if (!isUuid(organizationId) || !isUuid(id)) throw new NotFoundError(UNKNOWN_USER);
      const [row] = await db
        .update(users)
        .set({ ...checked, updatedAt: new Date() })
        .where(and(eq(users.organizationId, organizationId), eq(users.id, id)))
        .returning();
      if (!row) throw new NotFoundError(UNKNOWN_USER);
      return toUser(row);
    },
    async countActiveAdmins(organizationId) {
      if (!isUuid(organizationId)) return 0;
      const [row] = await countAdmins().execute({ organizationId });
      return row?.admins ?? 0;
    },
  };
}

const UNKNOWN_USER = 'The user does not exist.';
