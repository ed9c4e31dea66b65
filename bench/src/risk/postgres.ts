import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { onCleanup } from '../cleanup.js';

export interface BenchDatabase {
  /** The throw-away database's URL, for the API. */
  url: string;
  name: string;
  /** Drops it (also run when the bench is interrupted). */
  drop(): Promise<void>;
}

/** The server of `serverUrl` with `database` selected instead. */
function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, work: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => undefined, connect_timeout: 5 });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates `klerno_bench_<random>` on the server; the API migrates it when it starts. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `klerno_bench_${randomBytes(6).toString('hex')}`;
  try {
    await withAdmin(serverUrl, (sql) => sql.unsafe(`create database ${name}`));
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${new URL(serverUrl).host} refused to create a database ` +
        `(${error instanceof Error ? error.message : String(error)}); start it, pass ` +
        '--postgres-url, or leave ingest-postgres out with --scenarios',
      { cause: error },
    );
  }
  const drop = onCleanup(() =>
    withAdmin(serverUrl, async (sql) => {
      await sql.unsafe(`drop database if exists ${name} with (force)`);
    }),
  );
  return { url: withDatabase(serverUrl, name), name, drop };
}
