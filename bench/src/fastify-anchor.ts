import { fileURLToPath } from 'node:url';
import { LIST_PATH } from './seed.js';
import { freePort, spawnPinnedNode, waitUntilServing, type PinnedProcess } from './processes.js';

const SERVER_ENTRY = fileURLToPath(new URL('./fastify-anchor-server.ts', import.meta.url));

export interface RunningAnchor {
  process: PinnedProcess;
  listUrl: string;
  stop(): Promise<void>;
}

/** `node --import tsx`: the loader only compiles at start; requests run plain JavaScript. */
export function tsxImportArgs(): string[] {
  return ['--import', import.meta.resolve('tsx')];
}

export async function startFastifyAnchor(options: {
  taskset: string;
  core: number;
  cwd: string;
  /** The API's response body, which the anchor serves back. */
  bodyFile: string;
}): Promise<RunningAnchor> {
  const port = await freePort();
  const child = spawnPinnedNode(options.taskset, {
    core: options.core,
    nodeArgs: [...tsxImportArgs(), SERVER_ENTRY, String(port), options.bodyFile],
    env: {},
    cwd: options.cwd,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(child, `${baseUrl}/health`);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { process: child, listUrl: `${baseUrl}${LIST_PATH}`, stop: () => child.stop() };
}
