/**
 * Temporary databases for tests (ours and other packages'): `@klerno/db/testing`.
 * Each helper makes a place of its own and removes it again, so tests can run side by side.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSettings } from '@klerno/config';
import postgres from 'postgres';

export interface TempSqliteFile {
  /** `file:<path>`, a DATABASE_URL. */
  url: string;
  path: string;
  /** Ready for `openStore`. */
  database: DatabaseSettings;
  /** Deletes the file (and its -wal/-shm) with its folder. */
  cleanup(): void;
}

/** A SQLite file path in a fresh folder under os.tmpdir(); the file itself does not exist yet. */
export function createTempSqliteFile(): TempSqliteFile {
  const folder = mkdtempSync(join(tmpdir(), 'klerno-db-'));
  const path = join(folder, 'klerno.db');
  const url = `file:${path}`;
  return {
    url,
    path,
    database: { kind: 'sqlite', url, path },
    cleanup: () => rmSync(folder, { recursive: true, force: true }),
  };
}

export const TEST_POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TempPostgresDatabase {
  url: string;
  name: string;
  database: DatabaseSettings;
  /** Ends every connection to it and drops it. */
  drop(): Promise<void>;
}

/** A new, empty database `klerno_test_<random>` on the test server. */
export async function createTempPostgresDatabase(
  adminUrl: string = TEST_POSTGRES_ADMIN_URL,
): Promise<TempPostgresDatabase> {
  const name = `klerno_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (sql) => sql`create database ${sql(name)}`);
  const url = withDatabaseName(adminUrl, name);
  return {
    url,
    name,
    database: { kind: 'postgres', url },
    drop: () =>
      withAdmin(adminUrl, async (sql) => {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
                  where datname = ${name} and pid <> pg_backend_pid()`;
        await sql`drop database if exists ${sql(name)} with (force)`;
      }),
  };
}

async function withAdmin(
  url: string,
  work: (sql: postgres.Sql) => Promise<unknown>,
): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => undefined });
  try {
    await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export { openAuditTamper, type AuditTamper } from './audit-tamper.js';
