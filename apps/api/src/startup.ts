import { SettingsError, loadSettingsFromProcess, type Settings } from '@klerno/config';
import { DatabaseUnavailableError, migrateDatabase, openStore, type Store } from '@klerno/db';
import { bundledMigrationsDir } from './paths.js';

/** One clear line on stderr and exit code 1: no stack trace, no crash loop. */
export function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export function loadSettingsOrExit(): Settings {
  try {
    return loadSettingsFromProcess();
  } catch (error) {
    if (error instanceof SettingsError) exitWith(error.message);
    throw error;
  }
}

/** Opens the store and applies pending migrations; an unreachable database exits with one line. */
export async function openStoreOrExit(settings: Settings): Promise<Store> {
  return exitIfUnavailable('Klerno cannot start', () =>
    openStore(settings.database, migrationOptions()),
  );
}

/** `pnpm db:migrate`: applies pending migrations and closes again. */
export async function migrateOrExit(settings: Settings): Promise<void> {
  await exitIfUnavailable('Migrations failed', () =>
    migrateDatabase(settings.database, migrationOptions()),
  );
}

function migrationOptions(): { migrationsDir?: string } {
  const migrationsDir = bundledMigrationsDir();
  return migrationsDir ? { migrationsDir } : {};
}

async function exitIfUnavailable<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) exitWith(`${what}: ${error.message}`);
    throw error;
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
