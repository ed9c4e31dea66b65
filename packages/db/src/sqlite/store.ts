import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { DatabaseUnavailableError } from '../errors.js';
import { requireMigrations } from '../migrations.js';
import type { Store } from '../ports.js';
import { settle } from '../settle.js';
import { ExclusiveLock } from '../unit-of-work/exclusive-lock.js';
import {
  chainRunners,
  scopeGuard,
  wrapRepositories,
  type CallRunner,
} from '../unit-of-work/wrap.js';
import { AtomicWrites } from './atomic-writes.js';
import { openSqliteConnection } from './connection.js';
import { mapSqliteError } from './errors.js';
import { optimize, optimizeAtOpen, OPTIMIZE_INTERVAL_MS } from './statistics.js';
import { createSqliteRepositories } from './repositories.js';
import { SummaryWorker } from './summary-worker-client.js';

export interface SqliteStoreOptions {
  /** Folder holding drizzle-kit's SQLite migrations (with meta/_journal.json). */
  migrationsFolder: string;
  migrate: boolean;
}

/**
 * A store over one better-sqlite3 connection. Its transactions are synchronous, so the unit of
 * work holds an async lock from BEGIN IMMEDIATE to COMMIT/ROLLBACK and every other call waits
 * for the lock: nothing ever runs inside someone else's open transaction.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions): Store {
  const connection = openSqliteConnection(path);
  const db = drizzle({ client: connection });
  const mapErrors: CallRunner = async (call) => {
    try {
      return await call();
    } catch (error) {
      throw mapSqliteError(error, path);
    }
  };

  try {
    if (options.migrate) {
      requireMigrations(options.migrationsFolder);
      migrate(db, { migrationsFolder: options.migrationsFolder });
    }
    optimizeAtOpen(connection);
  } catch (error) {
    connection.close();
    throw mapSqliteError(error, path);
  }

  const atomic = new AtomicWrites(connection);
  const repositories = createSqliteRepositories(db, connection, atomic);
  const lock = new ExclusiveLock();
  const statistics = setInterval(
    () => void lock.run(() => settle(() => optimize(connection))).catch(() => undefined),
    OPTIMIZE_INTERVAL_MS,
  );
  statistics.unref();
  const outside = wrapRepositories(repositories, (call) => lock.run(() => mapErrors(call)));
  // Outside a unit of work, summaries run on the worker's connection, without the lock; inside
  // one, on the unit's connection (they see its uncommitted rows).
  const summaries = path === ':memory:' ? null : new SummaryWorker(path);

  return {
    kind: 'sqlite',
    ...outside,
    analytics: summaries
      ? {
          ...outside.analytics,
          summary: (organizationId, range) =>
            mapErrors(() => summaries.summary(organizationId, range)),
        }
      : outside.analytics,
    transaction: (work) =>
      lock.run(async () => {
        await mapErrors(() => settle(() => connection.exec('BEGIN IMMEDIATE')));
        atomic.beginUnit();
        const scope = { active: true };
        try {
          const result = await work(
            wrapRepositories(repositories, chainRunners(scopeGuard(scope), mapErrors)),
          );
          atomic.assertNoPartialFailure();
          await mapErrors(() => settle(() => connection.exec('COMMIT')));
          return result;
        } catch (error) {
          if (connection.open && connection.inTransaction) connection.exec('ROLLBACK');
          throw error;
        } finally {
          scope.active = false;
        }
      }),
    ping: () =>
      mapErrors(() =>
        settle(() => {
          if (!connection.open) {
            throw new DatabaseUnavailableError(
              `SQLite database ${path} is closed.`,
              path,
              'CLOSED',
            );
          }
          connection.prepare('select 1').get();
        }),
      ),
    close: () =>
      lock.run(async () => {
        await summaries?.close();
        await settle(() => {
          clearInterval(statistics);
          if (connection.open) {
            optimize(connection);
            connection.close();
          }
        });
      }),
  };
}
