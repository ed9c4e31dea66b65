import type { SqliteConnection } from './connection.js';

/**
 * All-or-nothing for the SQLite repositories' multi-statement writes (a batch of rows, a row and
 * its audit chain head…). Called on their own, such a write runs in a transaction of its own.
 * Inside a unit of work it runs directly, without the savepoint better-sqlite3 would nest: a
 * savepoint copies every page the write touches into a statement journal first, which made
 * ingesting about a third dearer (measured), and the unit's ROLLBACK undoes the write anyway.
 * That holds only if the unit does roll back, so a write that fails part-way (after changing
 * rows) marks the unit, and the store turns that unit's COMMIT into a ROLLBACK even if `work`
 * caught the error and went on.
 */
export class AtomicWrites {
  private partialFailure: Error | null = null;
  private readonly changesSoFar: () => number;

  constructor(private readonly connection: SqliteConnection) {
    const totalChanges = connection.prepare('select total_changes()').pluck();
    this.changesSoFar = () => totalChanges.get() as number;
  }

  /** `write` as one atomic step (see above); the arguments pass through. */
  wrap<Args extends unknown[], Result>(
    write: (...args: Args) => Result,
  ): (...args: Args) => Result {
    const inOwnTransaction = this.connection.transaction(write);
    return (...args) => {
      if (!this.connection.inTransaction) return inOwnTransaction.immediate(...args);
      const before = this.changesSoFar();
      try {
        return write(...args);
      } catch (error) {
        if (this.changesSoFar() !== before) {
          this.partialFailure ??= error instanceof Error ? error : new Error(String(error));
        }
        throw error;
      }
    };
  }

  /** A unit of work begins: nothing has failed in it yet. */
  beginUnit(): void {
    this.partialFailure = null;
  }

  /** Before COMMIT: throws the error of a write that failed part-way in this unit. */
  assertNoPartialFailure(): void {
    const failure = this.partialFailure;
    if (failure === null) return;
    this.partialFailure = null;
    throw failure;
  }
}
