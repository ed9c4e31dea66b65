/**
 * One API instance in a child process, for tests that run several against one database and one
 * Redis (see instances.ts). argv[2] is the JSON of `InstanceOptions`; once listening, the process
 * prints one line `{"url":"http://127.0.0.1:<port>"}`; SIGTERM stops it.
 */
import { buildServer } from '../server.js';
import { testSettings } from './server.js';
import type { InstanceOptions } from './instances.js';

async function run(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as InstanceOptions;
  const server = await buildServer(testSettings(options.env), {
    webDistDir: null,
    ...(options.redisKeyPrefix ? { redisKeyPrefix: options.redisKeyPrefix } : {}),
    ...(options.hardLimits ? { hardLimits: options.hardLimits } : {}),
  });
  process.once('SIGTERM', () => {
    void server.stop().then(() => process.exit(0));
  });
  const { url } = await server.start();
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}

run().catch((error: unknown) => {
  process.stderr.write(`instance failed to start: ${String(error)}\n`);
  process.exit(1);
});
