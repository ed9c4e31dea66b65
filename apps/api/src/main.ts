/**
 * Starts the API (and the console, when built): settings, store (migrations applied), server.
 * SIGTERM/SIGINT: /ready turns 503, no new connections, in-flight requests finish (≤ 10 s),
 * the store closes, exit 0. A second signal exits at once with code 1.
 */
import { buildServer, type KlernoServer } from './server.js';
import { describeError, exitWith, loadSettingsOrExit, openStoreOrExit } from './startup.js';
import type { Store } from '@klerno/db';

function handleSignals(server: KlernoServer, store: Store): void {
  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) process.exit(1);
    shuttingDown = true;
    server.beginDrain();
    server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    server
      .stop()
      .then(() => store.close())
      .then(
        () => {
          server.app.log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          server.app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

async function main(): Promise<void> {
  const settings = loadSettingsOrExit();
  const store = await openStoreOrExit(settings);
  const server = await buildServer(settings, { store });
  for (const warning of settings.warnings) server.app.log.warn(warning);
  handleSignals(server, store);
  const { url } = await server.start();
  server.app.log.info({ url, database: settings.database.kind }, `Klerno is ready: open ${url}`);
}

main().catch((error: unknown) => exitWith(`Klerno cannot start: ${describeError(error)}`));
