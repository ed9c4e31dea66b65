import { cp, rm } from 'node:fs/promises';
import { defineConfig } from 'tsup';

const migrationsSource = new URL('../../packages/db/migrations/', import.meta.url);
const migrationsTarget = new URL('./dist/migrations/', import.meta.url);

/**
 * The production bundle: our workspace packages (@klerno/*, TypeScript source) are bundled in;
 * third-party packages stay external and are resolved from this package's dependencies
 * (better-sqlite3 and @node-rs/argon2 are native). The db package's SQL migrations are copied
 * next to the bundle, where main.ts finds them.
 */
export default defineConfig({
  entry: {
    main: 'src/main.ts',
    migrate: 'src/migrate.ts',
    // The SQLite store's summary thread, found next to the bundle (summary-worker-client.ts).
    'sqlite-summary-worker': '../../packages/db/src/sqlite/summary-worker.ts',
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  splitting: true,
  noExternal: [/^@klerno\//],
  external: [
    'better-sqlite3',
    '@node-rs/argon2',
    'postgres',
    'drizzle-orm',
    'fastify',
    '@fastify/static',
    'pino',
  ],
  async onSuccess() {
    await rm(migrationsTarget, { recursive: true, force: true });
    for (const dialect of ['sqlite', 'pg']) {
      await cp(new URL(`${dialect}/`, migrationsSource), new URL(`${dialect}/`, migrationsTarget), {
        recursive: true,
      });
    }
  },
});
