import { eq, sql } from 'drizzle-orm';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { NotFoundError } from '../errors.js';
import { checkOrganizationName } from '../identity-input.js';
import type { OrganizationRepository } from '../ports.js';
import { lazy } from '../lazy.js';
import { toOrganization } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { SqliteDatabase } from './database.js';
import { organizations } from './schema.js';

type OrganizationRow = typeof organizations.$inferSelect;

export function createSqliteOrganizations(db: SqliteDatabase): OrganizationRepository {
  const insert = lazy(() =>
    db
      .insert(organizations)
      .values({
        id: sql.placeholder('id'),
        name: sql.placeholder('name'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare(),
  );
  const selectById = lazy(() =>
    db
      .select()
      .from(organizations)
      .where(eq(organizations.id, sql.placeholder('id')))
      .prepare(),
  );

  return {
    create: ({ name }) =>
      settle(() => {
        const row: OrganizationRow = { id: uuidv7(), name, createdAt: Date.now() };
        insert().run(row);
        return toOrganization(row);
      }),
    byId: (id) =>
      settle(() => {
        const row = selectById().get({ id });
        return row ? toOrganization(row) : null;
      }),
    update: (id, patch) =>
      settle(() => {
        const name = checkOrganizationName(patch.name);
        const row = db
          .update(organizations)
          .set({ name })
          .where(eq(organizations.id, id))
          .returning()
          .get();
        if (!row) throw new NotFoundError(UNKNOWN_ORGANIZATION);
        return toOrganization(row);
      }),
  };
}
