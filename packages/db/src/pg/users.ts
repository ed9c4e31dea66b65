import { and, eq, sql } from 'drizzle-orm';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { checkNewUser, normalizeEmail } from '../normalize.js';
import type { User, UserRepository, UserWithCredentials } from '../ports.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import { lazy } from '../lazy.js';
import type { PgHandle } from './database.js';
import { users } from './schema.js';

type UserRow = typeof users.$inferSelect;

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
  };
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    organizationId: row.organizationId,
    email: row.email,
    role: row.role,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toUserWithCredentials(row: UserRow): UserWithCredentials {
  return { ...toUser(row), passwordHash: row.passwordHash };
}
