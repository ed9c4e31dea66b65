import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

/** Any constant: every Klerno process that migrates takes this advisory lock first. */
const MIGRATION_LOCK_KEY = 7_264_301_559;

/**
 * Applies drizzle-kit's migrations on one dedicated connection, under a session advisory lock,
 * so API instances starting together on one database do not run the same migration twice.
 */
export async function migratePostgres(
  url: string,
  migrationsFolder: string,
  connectTimeoutSeconds: number,
): Promise<void> {
  const client = postgres(url, {
    max: 1,
    connect_timeout: connectTimeoutSeconds,
    onnotice: () => undefined,
  });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
