import { fileURLToPath } from 'node:url';
import { tsxImportArgs } from '../fastify-anchor.js';
import { spawnPinnedNode } from '../processes.js';
import type { ClientOutcome, ClientPlan } from './client-plan.js';

const CLIENT_ENTRY = fileURLToPath(new URL('./client.ts', import.meta.url));

/** Runs the latency client pinned to `core`; fails when it failed or saw a failed request. */
export async function runClient<Outcome extends ClientOutcome>(
  taskset: string,
  core: number,
  cwd: string,
  plan: ClientPlan & { kind: Outcome['kind'] },
): Promise<Outcome> {
  const child = spawnPinnedNode(taskset, {
    core,
    nodeArgs: [...tsxImportArgs(), CLIENT_ENTRY, JSON.stringify(plan)],
    env: {},
    cwd,
  });
  const code = await child.exited;
  const lastLine = child.stdout().trim().split('\n').at(-1) ?? '';
  let outcome: ClientOutcome | undefined;
  try {
    outcome = JSON.parse(lastLine) as ClientOutcome;
  } catch {
    outcome = undefined;
  }
  if (code !== 0 || outcome?.kind !== plan.kind) {
    throw new Error(`the latency client failed (exit ${code}):\n${child.output()}`);
  }
  if (outcome.failures.length > 0) {
    throw new Error(`${plan.kind}: ${outcome.failures.slice(0, 5).join('\n')}`);
  }
  return outcome as Outcome;
}
