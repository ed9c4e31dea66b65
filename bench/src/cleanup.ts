/** Clean-ups that must run even when the bench is interrupted (a database to drop, a folder). */
const pending = new Set<() => Promise<void>>();

/** Registers `work`; the returned function runs it now (once) and forgets it. */
export function onCleanup(work: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => {
    pending.delete(once);
    done ??= work();
    return done;
  };
  pending.add(once);
  return once;
}

/** Runs every registered clean-up; failures are reported, never thrown. */
export async function runCleanups(): Promise<void> {
  const results = await Promise.allSettled([...pending].map((work) => work()));
  for (const result of results) {
    if (result.status === 'rejected') {
      console.error(`clean-up failed: ${String(result.reason)}`);
    }
  }
}
