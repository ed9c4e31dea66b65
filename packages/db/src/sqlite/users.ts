import { and, eq, sql } from 'drizzle-orm';
import { ConflictError } from '../errors.js';
import { checkNewUser, normalizeEmail, toIsoTimestamp } from '../normalize.js';
import type { User, UserRepository, UserWithCredentials } from '../ports.js';
import { lazy } from '../lazy.js';
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
  };
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    organizationId: row.organizationId,
    email: row.email,
    role: row.role,
    disabled: row.disabled,
    createdAt: toIsoTimestamp(row.createdAt),
    updatedAt: toIsoTimestamp(row.updatedAt),
  };
}

function toUserWithCredentials(row: UserRow): UserWithCredentials {
  return { ...toUser(row), passwordHash: row.passwordHash };
}
