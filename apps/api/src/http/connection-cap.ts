/**
 * At most `maxPerKey` long-lived connections (subscriptions) open at once per client IP, on this
 * instance. A subscription takes a slot when it opens and gives it back when it closes; a client
 * over the cap is refused before anything is streamed to it.
 */
export interface ConnectionCap {
  /** A release function when a slot was free (call it when the connection closes), else null. */
  tryAcquire(key: string): (() => void) | null;
  /** Connections open for the key now. */
  openFor(key: string): number;
  readonly maxPerKey: number;
}

export function createConnectionCap(maxPerKey: number): ConnectionCap {
  if (!Number.isInteger(maxPerKey) || maxPerKey < 1) {
    throw new RangeError('maxPerKey must be a positive integer');
  }
  const open = new Map<string, number>();

  return {
    maxPerKey,
    tryAcquire(key) {
      const count = open.get(key) ?? 0;
      if (count >= maxPerKey) return null;
      open.set(key, count + 1);
      let released = false;
      // Idempotent: a connection that both errors and closes gives its slot back once.
      return () => {
        if (released) return;
        released = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left <= 0) open.delete(key);
        else open.set(key, left);
      };
    },
    openFor: (key) => open.get(key) ?? 0,
  };
}
