import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Store } from '../ports.js';
import {
  chainRunners,
  scopeGuard,
  wrapRepositories,
  type CallRunner,
} from '../unit-of-work/wrap.js';
import { requireMigrations } from '../migrations.js';
import { mapPgError, pgUnavailable } from './errors.js';
import { migratePostgres } from './migrate.js';
import { createPgRepositories } from './repositories.js';
import { analyzeIfNeverAnalyzed, createPgStatistics } from './statistics.js';
import { describePgTarget } from './target.js';

export interface PgStoreOptions {
  migrationsFolder: string;
  migrate: boolean;
  /** How long connecting may take before the database counts as unreachable. */
  connectTimeoutMs: number;
  /** How long `ping` waits for an answer (readiness checks want a short one). */
  pingTimeoutMs: number;
  /** Connections in the pool. */
  maxConnections?: number;
}

/**
 * A store over a postgres.js pool. Rejects with `DatabaseUnavailableError` (naming host:port,
 * never the password) when the server does not answer within `connectTimeoutMs`.
 */
export async function openPgStore(url: string, options: PgStoreOptions): Promise<Store> {
  const target = describePgTarget(url);
  const connectTimeoutSeconds = Math.max(options.connectTimeoutMs / 1000, 0.1);
  const mapErrors: CallRunner = async (call) => {
    try {
      return await call();
    } catch (error) {
      throw mapPgError(error, url, target);
    }
  };

  let client: postgres.Sql;
  try {
    client = postgres(url, {
      max: options.maxConnections ?? 10,
      connect_timeout: connectTimeoutSeconds,
      onnotice: () => undefined,
      connection: { application_name: 'klerno' },
    });
  } catch (error) {
    throw pgUnavailable(error, url, target);
  }

  const ping = (timeoutMs: number): Promise<void> =>
    mapErrors(async () => {
      await withTimeout(client`select 1`, timeoutMs);
    });

  try {
    // The driver's own connect timeout normally fires first; this is the backstop.
    await ping(options.connectTimeoutMs + 1000);
    if (options.migrate) {
      requireMigrations(options.migrationsFolder);
      await mapErrors(() => migratePostgres(url, options.migrationsFolder, connectTimeoutSeconds));
    }
  } catch (error) {
    await client.end({ timeout: 0 });
    throw error;
  }

  const db = drizzle({ client });
  const statistics = createPgStatistics(client);
  await analyzeIfNeverAnalyzed(client).catch(() => undefined);
  const outside = wrapRepositories(createPgRepositories(db, false, statistics), mapErrors);

  return {
    kind: 'postgres',
    ...outside,
    transaction: async (work) => {
      // Errors thrown by `work` pass through untouched; only BEGIN/COMMIT failures are mapped.
      let workError: { error: unknown } | undefined;
      try {
        return await db.transaction(async (tx) => {
          const scope = { active: true };
          try {
            return await work(
              wrapRepositories(
                createPgRepositories(tx, true, statistics),
                chainRunners(scopeGuard(scope), mapErrors),
              ),
            );
          } catch (error) {
            workError = { error };
            throw error;
          } finally {
            scope.active = false;
          }
        });
      } catch (error) {
        throw workError?.error === error ? error : mapPgError(error, url, target);
      }
    },
    ping: () => ping(options.pingTimeoutMs),
    close: async () => {
      await statistics.settled();
      await client.end({ timeout: 5 });
    },
  };
}

function withTimeout<T>(query: Promise<T> & { cancel?: () => unknown }, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      query.cancel?.();
      reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'PING_TIMEOUT' }));
    }, ms);
  });
  return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
}
