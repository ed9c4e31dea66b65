/** `pnpm db:migrate`: applies pending migrations to DATABASE_URL, then exits. */
import { describeError, exitWith, loadSettingsOrExit, migrateOrExit } from './startup.js';

async function migrate(): Promise<void> {
  const settings = loadSettingsOrExit();
  await migrateOrExit(settings);
  const where =
    settings.database.kind === 'sqlite' ? `SQLite ${settings.database.path}` : 'PostgreSQL';
  process.stdout.write(`Migrations applied (${where}).\n`);
}

migrate().catch((error: unknown) => exitWith(`Migrations failed: ${describeError(error)}`));
