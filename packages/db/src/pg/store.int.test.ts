import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../errors.js';
import { openStore } from '../factory.js';
import { defaultMigrationsDir, journalEntryCount, migrationsFolder } from '../migrations.js';
import { createTempPostgresDatabase, type TempPostgresDatabase } from '../testing/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDatabase(): Promise<TempPostgresDatabase> {
  const database = await createTempPostgresDatabase();
  cleanups.push(() => database.drop());
  return database;
}

describe('PostgreSQL store', () => {
  it('migrates once when several instances start on a fresh database together', async () => {
    const database = await tempDatabase();
    const stores = await Promise.all([1, 2, 3].map(() => openStore(database.database)));
    cleanups.push(async () => {
      await Promise.all(stores.map((store) => store.close()));
    });
    const sql = postgres(database.url, { max: 1 });
    try {
      const [applied] = await sql<{ count: string }[]>`
        select count(*)::text as count from drizzle.__drizzle_migrations`;
      expect(applied?.count).toBe(
        String(journalEntryCount(migrationsFolder(defaultMigrationsDir(), 'pg'))),
      );
    } finally {
      await sql.end();
    }
  });

  it('stores amounts as numeric, times as timestamptz(3) and tags as text[]', async () => {
    const database = await tempDatabase();
    const store = await openStore(database.database);
    cleanups.push(() => store.close());
    const sql = postgres(database.url, { max: 1 });
    try {
      const columns = await sql<
        { column_name: string; data_type: string; precision: number | null }[]
      >`
        select column_name, data_type, datetime_precision as precision
        from information_schema.columns where table_name = 'transactions'
          and column_name in ('amount', 'fee', 'timestamp', 'tags', 'id')
        order by column_name`;
      expect(columns).toEqual([
        { column_name: 'amount', data_type: 'numeric', precision: null },
        { column_name: 'fee', data_type: 'numeric', precision: null },
        { column_name: 'id', data_type: 'uuid', precision: null },
        { column_name: 'tags', data_type: 'ARRAY', precision: null },
        { column_name: 'timestamp', data_type: 'timestamp with time zone', precision: 3 },
      ]);
    } finally {
      await sql.end();
    }
  });

  it('stores audit details as a jsonb object and secrets only as digests', async () => {
    const database = await tempDatabase();
    const store = await openStore(database.database);
    cleanups.push(() => store.close());
    const organization = await store.organizations.create({ name: 'Acme' });
    const user = await store.users.create({
      organizationId: organization.id,
      email: 'admin@example.com',
      passwordHash: 'hash',
      role: 'admin',
    });
    const digest = 'a'.repeat(64);
    await store.apiKeys.create({
      organizationId: organization.id,
      createdBy: user.id,
      name: 'ci',
      prefix: 'klk_abcdefgh',
      digest,
      role: 'viewer',
      expiresAt: null,
    });
    await store.audit.append({
      organizationId: organization.id,
      timestamp: new Date().toISOString(),
      event: 'apikey_created',
      actor: user.id,
      target: null,
      outcome: 'success',
      ip: null,
      userAgent: null,
      requestId: null,
      details: { role: 'viewer', count: 1 },
    });
    const sql = postgres(database.url, { max: 1 });
    try {
      const [row] = await sql<{ kind: string; role: string }[]>`
        select jsonb_typeof(details) as kind, details->>'role' as role from audit_log`;
      expect(row).toEqual({ kind: 'object', role: 'viewer' });
      const [key] = await sql<{ digest: string }[]>`select digest from api_keys`;
      expect(key?.digest).toBe(digest);
      const [unique] = await sql<{ definition: string }[]>`
        select pg_get_constraintdef(oid) as definition from pg_constraint
        where conname = 'audit_log_chain_seq_unique'`;
      expect(unique?.definition).toBe('UNIQUE NULLS NOT DISTINCT (organization_id, seq)');
    } finally {
      await sql.end();
    }
  });

  it('rejects ping and calls with DatabaseUnavailableError once the database is gone', async () => {
    const database = await createTempPostgresDatabase();
    const store = await openStore(database.database, { pingTimeoutMs: 1000 });
    await store.ping();
    await database.drop();

    const started = Date.now();
    await expect(store.ping()).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(store.organizations.create({ name: 'Lost' })).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    await store.close();
  });
});
