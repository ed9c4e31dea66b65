import { fileURLToPath } from 'node:url';
import { tsxImportArgs } from './fastify-anchor.js';
import { spawnPinnedNode } from './processes.js';
import type { RequestSourceSpec } from './risk/request-source.js';

const GENERATOR_ENTRY = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /**
   * Generated POST bodies (risk/request-source.ts) instead of repeated GETs of `url`; each
   * response body must contain `expectInBody`, or it counts as unexpected.
   */
  requestSource?: RequestSourceSpec;
}

/** What one measured run of autocannon saw. */
export interface LoadOutcome {
  /** Mean of the per-second request counts. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Responses in the measured part of the run. */
  requests: number;
  /** Responses during the unmeasured warm-up before it. */
  warmupRequests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Bytes received per response, headers included. */
  bytesPerResponse: number;
  /** Responses of a request source whose body lacked its expected text (0 without a source). */
  unexpectedBodies: number;
}

function isOutcome(value: unknown): value is LoadOutcome {
  return (
    typeof value === 'object' &&
    value !== null &&
    'requestsPerSecond' in value &&
    typeof value.requestsPerSecond === 'number'
  );
}

/** Runs autocannon in its own process pinned to `core`; fails if any response was not 2xx. */
export async function runLoad(
  taskset: string,
  core: number,
  cwd: string,
  spec: LoadSpec,
): Promise<LoadOutcome> {
  const child = spawnPinnedNode(taskset, {
    core,
    nodeArgs: [...tsxImportArgs(), GENERATOR_ENTRY, JSON.stringify(spec)],
    env: {},
    cwd,
  });
  const code = await child.exited;
  const lastLine = child.stdout().trim().split('\n').at(-1) ?? '';
  let outcome: unknown;
  try {
    outcome = JSON.parse(lastLine);
  } catch {
    outcome = undefined;
  }
  if (code !== 0 || !isOutcome(outcome)) {
    throw new Error(`the load generator failed (exit ${code}):\n${child.output()}`);
  }
  if (
    outcome.non2xx > 0 ||
    outcome.errors > 0 ||
    outcome.timeouts > 0 ||
    outcome.unexpectedBodies > 0
  ) {
    throw new Error(
      `${spec.url}: ${outcome.non2xx} non-2xx responses, ${outcome.errors} errors, ` +
        `${outcome.timeouts} timeouts, ${outcome.unexpectedBodies} unexpected bodies: ` +
        `the run does not measure what it should`,
    );
  }
  return outcome;
}
