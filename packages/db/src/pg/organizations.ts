import { eq, sql } from 'drizzle-orm';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { NotFoundError } from '../errors.js';
import { checkOrganizationName } from '../identity-input.js';
import type { OrganizationRepository } from '../ports.js';
import { toOrganization } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import { lazy } from '../lazy.js';
import type { PgHandle } from './database.js';
import { organizations } from './schema.js';

export function createPgOrganizations(db: PgHandle): OrganizationRepository {
  const selectById = lazy(() =>
    db
      .select()
      .from(organizations)
      .where(eq(organizations.id, sql.placeholder('id')))
      .prepare('organizations_by_id'),
  );

  return {
    async create({ name }) {
      const [row] = await db
        .insert(organizations)
        .values({ id: uuidv7(), name, createdAt: new Date() })
        .returning();
      return toOrganization(row!);
    },
    async byId(id) {
      if (!isUuid(id)) return null;
      const [row] = await selectById().execute({ id });
      return row ? toOrganization(row) : null;
    },
    async update(id, patch) {
      const name = checkOrganizationName(patch.name);
      if (!isUuid(id)) throw new NotFoundError(UNKNOWN_ORGANIZATION);
      const [row] = await db
        .update(organizations)
        .set({ name })
        .where(eq(organizations.id, id))
        .returning();
      if (!row) throw new NotFoundError(UNKNOWN_ORGANIZATION);
      return toOrganization(row);
    },
  };
}
