import { and, asc, count, eq, sql } from 'drizzle-orm';
import { decodeCursor } from '../cursor.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { normalizeUserPatch } from '../identity-input.js';
import { checkNewUser, checkPageLimit, normalizeEmail } from '../normalize.js';
import { userPage } from '../page.js';
import type { UserRepository } from '../ports.js';
import { lazy } from '../lazy.js';
import { toUser, toUserWithCredentials } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { SqliteDatabase } from './database.js';
import { users } from './schema.js';

type UserRow = typeof users.$inferSelect;

export function createSqliteUsers(db: SqliteDatabase): UserRepository {
  const insert = lazy(() =>
    db
      .insert(users)
      .values({
        id: sql.placeholder('id'),
        organizationId: sql.placeholder('organizationId'),
        email: sql.placeholder('email'),
        role: sql.placeholder('role'),
        disabled: sql.placeholder('disabled'),
        tokenVersion: sql.placeholder('tokenVersion'),
        passwordHash: sql.placeholder('passwordHash'),
        createdAt: sql.placeholder('createdAt'),
        updatedAt: sql.placeholder('updatedAt'),
      })
      .onConflictDoNothing({ target: users.email })
      .returning()
      .prepare(),
  );
  const selectByEmail = lazy(() =>
    db
      .select()
      .from(users)
      .where(eq(users.email, sql.placeholder('email')))
      .prepare(),
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
      .prepare(),
  );
  const oldestFirst = [asc(users.createdAt), asc(users.id)] as const;
  const firstPage = lazy(() =>
    db
      .select()
      .from(users)
      .where(eq(users.organizationId, sql.placeholder('organizationId')))
      .orderBy(...oldestFirst)
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
  const pageAfter = lazy(() =>
    db
      .select()
      .from(users)
      .where(
        and(
          eq(users.organizationId, sql.placeholder('organizationId')),
          sql`(${users.createdAt}, ${users.id}) > (${sql.placeholder('createdAt')}, ${sql.placeholder('id')})`,
        ),
      )
      .orderBy(...oldestFirst)
      .limit(sql.placeholder('limit'))
      .prepare(),
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
      .prepare(),
  );

  return {
    create: (input) =>
      settle(() => {
        checkNewUser(input);
        const now = Date.now();
        const row: UserRow = {
          id: uuidv7(),
          organizationId: input.organizationId,
          email: normalizeEmail(input.email),
          role: input.role,
          disabled: false,
          tokenVersion: 0,
          passwordHash: input.passwordHash,
          createdAt: now,
          updatedAt: now,
        };
        const created = insert().get(row);
        if (!created) throw new ConflictError('That email is already registered.');
        return toUser(created);
      }),
    byEmail: (email) =>
      settle(() => {
        const row = selectByEmail().get({ email: normalizeEmail(email) });
        return row ? toUserWithCredentials(row) : null;
      }),
    byId: (organizationId, id) =>
      settle(() => {
        const row = selectById().get({ organizationId, id });
        return row ? toUser(row) : null;
      }),
    list: (organizationId, page) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
        const rows = after
          ? pageAfter().all({
              organizationId,
              createdAt: after.timestampMs,
              id: after.id,
              limit: limit + 1,
            })
          : firstPage().all({ organizationId, limit: limit + 1 });
        return userPage(rows.map(toUser), limit);
      }),
    update: (organizationId, id, patch) =>
      settle(() => {
        const checked = normalizeUserPatch(patch);
        const row = db
          .update(users)
          .set({ ...checked, updatedAt: Date.now() })
          .where(and(eq(users.organizationId, organizationId), eq(users.id, id)))
          .returning()
          .get();
        if (!row) throw new NotFoundError('The user does not exist.');
        return toUser(row);
      }),
    countActiveAdmins: (organizationId) =>
      settle(() => countAdmins().get({ organizationId })?.admins ?? 0),
  };
}
