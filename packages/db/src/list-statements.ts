/**
 * `transactions.list` runs prepared statements: one per query shape, built on first use with
 * placeholders for every value, so a repeated shape skips Drizzle's SQL building and (on
 * SQLite) statement preparation.
 */
import type { CheckedFilter, CheckedListRequest } from './transaction-list.js';

const FILTER_FIELDS = [
  'wallet',
  'direction',
  'category',
  'riskBucket',
  'fromMs',
  'toMs',
  'minAmount',
  'maxAmount',
  'memo',
] as const satisfies readonly (keyof CheckedFilter)[];

/** Shapes kept per repository; 9 optional filters × 5 sorts × cursor make 5120 possible. */
export const LIST_STATEMENT_CAPACITY = 64;

/** What a list statement's SQL depends on: the sort, a cursor or not, the filters present. */
export function listShapeKey({ sort, after, filter }: CheckedListRequest): string {
  let key = after === undefined ? sort : `${sort}+after`;
  for (const field of FILTER_FIELDS) {
    if (filter[field] !== undefined) key += `,${field}`;
  }
  return key;
}

/** A map that forgets its least recently used entry beyond `capacity`. */
export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, build: () => V): V {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const value = build();
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
    return value;
  }
}
