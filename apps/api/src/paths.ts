import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The bundle (apps/api/dist) ships a copy of packages/db/migrations next to itself; from source
 * there is none, and the db package finds its own folder.
 */
export function bundledMigrationsDir(): string | undefined {
  const dir = fileURLToPath(new URL('./migrations', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}
