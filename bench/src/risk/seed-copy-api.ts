import { signIn } from './account.js';
import { startRiskApi, type RunningRiskApi } from './api.js';
import { copyOfSeed, requireSeeded, SERVER_CORE, type RiskContext } from './context.js';

export interface SeedCopyRun {
  api: RunningRiskApi;
  /** The bench account's authorization headers. */
  headers: Record<string, string>;
}

/**
 * Starts the built API (pinned to the server core) on a private copy of the seeded store, signs
 * the bench account in and runs `work`; then stops the API and removes the copy, whatever
 * happened. `label` names the copy and the profile.
 */
export async function onSeedCopy<T>(
  context: RiskContext,
  label: string,
  round: number,
  work: (run: SeedCopyRun) => Promise<T>,
): Promise<T> {
  const { account } = requireSeeded(context);
  const store = await copyOfSeed(context, `${label}-${round}`);
  try {
    const api = await startRiskApi({
      repoRoot: context.paths.repoRoot,
      taskset: context.taskset,
      core: SERVER_CORE,
      databaseUrl: `file:${store.file}`,
      profileDir: context.profileDir,
      label,
    });
    try {
      return await work({ api, headers: await signIn(api.baseUrl, account) });
    } finally {
      await api.stop();
    }
  } finally {
    await store.remove();
  }
}
