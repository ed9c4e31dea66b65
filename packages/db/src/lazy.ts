/** Builds a value (a prepared statement) on first use, not when its owner is made. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}
