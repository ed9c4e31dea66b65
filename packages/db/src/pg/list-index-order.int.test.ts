/**
 * The organization list indexes serve the lists' order in both directions. Built `DESC NULLS
 * LAST` (before migration 0006) they served neither `ORDER BY … DESC` (whose default is NULLS
 * FIRST) nor `ASC`, and PostgreSQL sorted every row of the organization for each page.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../factory.js';
import type { Store } from '../ports.js';
import { createTempPostgresDatabase } from '../testing/index.js';

const PAGE_QUERIES = {
  'transactions newest first': `select id from transactions where organization_id = $1
    order by "timestamp" desc, id desc limit 50`,
  'transactions oldest first': `select id from transactions where organization_id = $1
    order by "timestamp" asc, id asc limit 50`,
  'API keys newest first': `select id from api_keys where organization_id = $1
    order by created_at desc, id desc limit 50`,
  'invitations newest first': `select id from invitations where organization_id = $1
    order by created_at desc, id desc limit 50`,
};

describe('PostgreSQL list index order', () => {
  let database: Awaited<ReturnType<typeof createTempPostgresDatabase>>;
  let store: Store;
  let sql: postgres.Sql;
  let organizationId: string;

  beforeAll(async () => {
    database = await createTempPostgresDatabase();
    store = await openStore(database.database);
    organizationId = (await store.organizations.create({ name: 'Plans' })).id;
    sql = postgres(database.url, { max: 1, onnotice: () => undefined });
  });

  afterAll(async () => {
    await sql.end({ timeout: 5 });
    await store.close();
    await database.drop();
  });

  it.each(Object.entries(PAGE_QUERIES))(
    'reads a page of %s from the index, unsorted',
    async (_name, query) => {
      // Without rows the planner would prefer a sequential scan anyway: forbid it, then require
      // that the index alone gives the order (no Sort node).
      const plan = await sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`;
        await tx`set local enable_bitmapscan = off`;
        const rows = await tx.unsafe<{ 'QUERY PLAN': string }[]>(`explain ${query}`, [
          organizationId,
        ]);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toMatch(/Index (Only )?Scan( Backward)? using \w+_organization_list_idx/);
      expect(plan).not.toMatch(/\bSort\b/);
    },
  );
});
