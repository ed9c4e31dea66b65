import type { DatabaseSettings } from '@klerno/config';
import { defaultMigrationsDir, migrationsFolder } from './migrations.js';
import { openPgStore } from './pg/store.js';
import type { Store } from './ports.js';
import { openSqliteStore } from './sqlite/store.js';

export interface OpenStoreOptions {
  /**
   * The folder that holds `sqlite/` and `pg/` (drizzle-kit's output). Defaults to this package's
   * `migrations` folder; a bundle that copied them elsewhere passes its own path.
   */
  migrationsDir?: string;
  /** Apply pending migrations before resolving (default true). */
  migrate?: boolean;
  /** PostgreSQL: how long connecting may take before `openStore` rejects (default 5000 ms). */
  connectTimeoutMs?: number;
  /** PostgreSQL: how long `ping` waits before it rejects (default 2000 ms). */
  pingTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_PING_TIMEOUT_MS = 2000;

/**
 * Opens the store `database` names: SQLite (the file's folder is created if missing; WAL,
 * foreign keys, busy timeout) or PostgreSQL (rejects with `DatabaseUnavailableError` when the
 * server does not answer in time). Applies migrations unless `migrate: false`.
 */
export async function openStore(
  database: DatabaseSettings,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const root = options.migrationsDir ?? defaultMigrationsDir();
  const migrate = options.migrate ?? true;
  switch (database.kind) {
    case 'sqlite':
      return openSqliteStore(database.path, {
        migrationsFolder: migrationsFolder(root, 'sqlite'),
        migrate,
      });
    case 'postgres':
      return openPgStore(database.url, {
        migrationsFolder: migrationsFolder(root, 'pg'),
        migrate,
        connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        pingTimeoutMs: options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS,
      });
  }
}

/** Applies pending migrations and closes again (`pnpm db:migrate`). */
export async function migrateDatabase(
  database: DatabaseSettings,
  options: Omit<OpenStoreOptions, 'migrate'> = {},
): Promise<void> {
  const store = await openStore(database, { ...options, migrate: true });
  await store.close();
}
