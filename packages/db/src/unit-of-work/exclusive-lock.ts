import { AsyncLocalStorage } from 'node:async_hooks';

interface Holding {
  active: boolean;
}

/**
 * A FIFO async mutex for stores with one connection (better-sqlite3, in-memory): a unit of work
 * holds it from BEGIN to COMMIT/ROLLBACK, and every other call waits for it, so nothing runs
 * inside someone else's open transaction.
 */
export class ExclusiveLock {
  private tail: Promise<void> = Promise.resolve();
  private readonly holding = new AsyncLocalStorage<Holding>();

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.holding.getStore()?.active) {
      // Waiting here would wait for ourselves forever.
      throw new Error(
        'The store was called inside its own transaction: use the repositories passed to `work`.',
      );
    }
    const previous = this.tail;
    let release = (): void => undefined;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    const holding: Holding = { active: true };
    try {
      return await this.holding.run(holding, work);
    } finally {
      holding.active = false;
      release();
    }
  }
}
