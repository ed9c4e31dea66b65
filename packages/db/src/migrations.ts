import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * packages/db/migrations, found from this file's location. A bundle (apps/api/dist/main.js) has
 * another location: it copies the folder next to itself and passes `migrationsDir` instead.
 * A function, so merely importing this package inside a bundle never resolves the path.
 */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('../migrations', import.meta.url));
}

export type MigrationDialect = 'sqlite' | 'pg';

/** `<root>/sqlite` or `<root>/pg`, as drizzle-kit writes them (drizzle.*.config.ts). */
export function migrationsFolder(root: string, dialect: MigrationDialect): string {
  return join(root, dialect);
}

export function requireMigrations(folder: string): void {
  if (!existsSync(join(folder, 'meta', '_journal.json'))) {
    throw new Error(
      `No drizzle-kit migrations in ${folder} (meta/_journal.json is missing): pass openStore's migrationsDir.`,
    );
  }
}

/** How many migrations drizzle-kit's journal in `folder` lists. */
export function journalEntryCount(folder: string): number {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}
