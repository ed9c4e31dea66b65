/**
 * History facts for the seeded store, computed while it is written (the store's own history
 * queries would need the indexes the seed builds only at the end). The definitions are those of
 * @klerno/db's `historyFacts` with the API's batch semantics: a batch is scored against the rows
 * of earlier batches only. Per sender group (chain, sender, currency): the prior rows' amounts in
 * two heaps (exact median in O(log n)), and per amount the rows of the last 24 h. A probe older
 * than rows already counted (rare: a structuring burst reaches ahead) is computed by brute force.
 */
import { sortKey, meanOfKeys, amountOfKey } from './decimal-keys.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface HistoryFacts {
  senderPriorCount: number;
  senderPriorMedian: string | null;
  sameAmountDistinctRecipients24h: number;
}

export interface TrackedRow {
  chain: string;
  fromAddress: string;
  currency: string;
  toAddress: string;
  amount: string;
  timestampMs: number;
}

/** A binary heap of sort keys; `higher(a, b)` is true when a belongs above b. */
class Heap {
  private readonly items: string[] = [];
  constructor(private readonly higher: (a: string, b: string) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  top(): string {
    return this.items[0]!;
  }

  push(item: string): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.higher(items[index]!, items[parent]!)) break;
      [items[index], items[parent]] = [items[parent]!, items[index]!];
      index = parent;
    }
  }

  pop(): string {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let best = index;
        if (left < items.length && this.higher(items[left]!, items[best]!)) best = left;
        if (right < items.length && this.higher(items[right]!, items[best]!)) best = right;
        if (best === index) break;
        [items[index], items[best]] = [items[best]!, items[index]!];
        index = best;
      }
    }
    return top;
  }
}

interface StoredRow {
  key: string;
  toAddress: string;
  timestampMs: number;
}

class SenderGroup {
  /** The lower half of the counted amounts (max on top) and the upper half (min on top). */
  private readonly lower = new Heap((a, b) => a > b);
  private readonly upper = new Heap((a, b) => a < b);
  /** Stored rows not yet in the heaps, oldest first: counted once a probe is newer. */
  private pending: StoredRow[] = [];
  /** Every probe so far was at or after this time; the heaps hold exactly the rows before it. */
  private frontier = -Infinity;
  private readonly all: StoredRow[] = [];
  private readonly byAmount = new Map<string, StoredRow[]>();

  store(row: StoredRow): void {
    this.all.push(row);
    this.pending.push(row);
    const same = this.byAmount.get(row.key);
    if (same) same.push(row);
    else this.byAmount.set(row.key, [row]);
  }

  private count(key: string): void {
    if (this.lower.size === 0 || key <= this.lower.top()) this.lower.push(key);
    else this.upper.push(key);
    if (this.lower.size > this.upper.size + 1) this.upper.push(this.lower.pop());
    else if (this.upper.size > this.lower.size) this.lower.push(this.upper.pop());
  }

  private prior(timestampMs: number): { count: number; median: string | null } {
    if (timestampMs >= this.frontier) {
      this.pending.sort((a, b) => a.timestampMs - b.timestampMs);
      let taken = 0;
      while (taken < this.pending.length && this.pending[taken]!.timestampMs < timestampMs) {
        this.count(this.pending[taken]!.key);
        taken += 1;
      }
      this.pending = this.pending.slice(taken);
      this.frontier = timestampMs;
      const count = this.lower.size + this.upper.size;
      if (count === 0) return { count, median: null };
      return {
        count,
        median:
          count % 2 === 1
            ? amountOfKey(this.lower.top())
            : meanOfKeys(this.lower.top(), this.upper.top()),
      };
    }
    const keys = this.all
      .filter((row) => row.timestampMs < timestampMs)
      .map((row) => row.key)
      .sort();
    if (keys.length === 0) return { count: 0, median: null };
    const high = keys[keys.length >> 1]!;
    return {
      count: keys.length,
      median:
        keys.length % 2 === 1 ? amountOfKey(high) : meanOfKeys(keys[(keys.length >> 1) - 1]!, high),
    };
  }

  facts(probe: { key: string; toAddress: string; timestampMs: number }): HistoryFacts {
    const { count, median } = this.prior(probe.timestampMs);
    const recipients = new Set([probe.toAddress]);
    const same = this.byAmount.get(probe.key) ?? [];
    for (let index = same.length - 1; index >= 0; index--) {
      const row = same[index]!;
      if (row.timestampMs > probe.timestampMs) continue;
      // Rows arrive nearly in time order: a little past the window, stop looking.
      if (row.timestampMs < probe.timestampMs - 2 * DAY_MS) break;
      if (row.timestampMs >= probe.timestampMs - DAY_MS) recipients.add(row.toAddress);
    }
    return {
      senderPriorCount: count,
      senderPriorMedian: median,
      sameAmountDistinctRecipients24h: recipients.size,
    };
  }
}

export class HistoryTracker {
  private readonly groups = new Map<string, SenderGroup>();

  private group(row: { chain: string; fromAddress: string; currency: string }): SenderGroup {
    const id = `${row.chain} ${row.fromAddress} ${row.currency}`;
    let group = this.groups.get(id);
    if (!group) {
      group = new SenderGroup();
      this.groups.set(id, group);
    }
    return group;
  }

  /** The facts of each row against the rows stored before the batch, then stores the batch. */
  batch(rows: readonly TrackedRow[]): HistoryFacts[] {
    const keyed = rows.map((row) => ({ row, key: sortKey(row.amount) }));
    const order = keyed
      .map((_, index) => index)
      .sort((a, b) => keyed[a]!.row.timestampMs - keyed[b]!.row.timestampMs);
    const facts = new Array<HistoryFacts>(rows.length);
    for (const index of order) {
      const { row, key } = keyed[index]!;
      facts[index] = this.group(row).facts({
        key,
        toAddress: row.toAddress,
        timestampMs: row.timestampMs,
      });
    }
    for (const { row, key } of keyed) {
      this.group(row).store({ key, toAddress: row.toAddress, timestampMs: row.timestampMs });
    }
    return facts;
  }
}
