/**
 * History facts (see `HistoryFactsRecord`) from the per-sender amount buckets that SQLite and
 * PostgreSQL keep beside `transactions` (`sender_amount_buckets`, maintained by triggers): the
 * prior count and the exact median of a sender with a long history cost a handful of indexed
 * reads instead of loading the history. A fine bucket holds the amounts that share their sort
 * key up to the second significant digit (`12`, `1.2e3`…); its coarse bucket drops that digit.
 * The table keeps both levels (bucket 'f…' and 'c…'): the coarse counts of a sender are a few
 * dozen rows, the fine buckets of one coarse bucket at most ten.
 *
 * For a probe at time t the prior rows are all the group's rows minus X = the rows at or after t
 * and the probe's own stored row (same chain + txId). X is read explicitly (usually empty: live
 * traffic is newer than everything stored); a group with many rows after t (a back-fill far into
 * the past) or few rows overall is computed from its rows instead (history-facts.ts).
 */
import {
  addFixedPoint,
  canonicalDecimal,
  compareDecimals,
  fromFixedPoint,
  toFixedPoint,
} from './decimal.js';
import {
  groupHistoryFacts,
  senderGroups,
  type SenderGroup,
  type SenderHistoryRow,
} from './history-facts.js';
import type { CheckedProbe } from './history-probes.js';
import type { HistoryFactsRecord } from './ports.js';

/** Groups with at most this many rows are computed from their rows (one query). */
export const SMALL_GROUP_ROWS = 32;
/** Rows after a probe's time beyond which the group is computed from its rows. */
export const MAX_LATER_ROWS = 2000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface GroupKey {
  chain: string;
  fromAddress: string;
  currency: string;
}

/** A stored row of a group with its fine bucket (computed by the database). */
export interface BucketedRow {
  txId: string;
  /** Canonical decimal. */
  amount: string;
  bucket: string;
  timestampMs: number;
}

export interface BucketCount {
  bucket: string;
  count: number;
}

export interface FineBucket extends BucketCount {
  /** The amount every row of the bucket has (canonical), when they all have the same one. */
  uniformAmount: string | null;
}

/** The queries the engine needs; each takes a list of requests and answers in the same order. */
export interface HistoryReader {
  /** Per group: row counts summed by coarse bucket, any order. */
  coarseCounts(groups: readonly GroupKey[]): Promise<BucketCount[][]>;
  /** Per group: every row with a timestamp ≤ untilMs. */
  groupRows(groups: readonly (GroupKey & { untilMs: number })[]): Promise<SenderHistoryRow[][]>;
  /** Per group: rows with a timestamp ≥ fromMs, at most `limit` of them. */
  laterRows(
    groups: readonly (GroupKey & { fromMs: number })[],
    limit: number,
  ): Promise<BucketedRow[][]>;
  /** Per probe: its stored row (same chain + txId) when that row is in the probe's group. */
  ownRows(probes: readonly (GroupKey & { txId: string })[]): Promise<(BucketedRow | null)[]>;
  /** Per request: the fine buckets inside the coarse bucket, any order. */
  fineBuckets(requests: readonly (GroupKey & { coarse: string })[]): Promise<FineBucket[][]>;
  /** Per request: the amounts at positions offset … offset + count − 1 of the bucket, any order. */
  amountsAt(
    requests: readonly (GroupKey & { bucket: string; offset: number; count: number })[],
  ): Promise<string[][]>;
  /** Per request: every row of the bucket (txId and amount), any order. */
  bucketRows(
    requests: readonly (GroupKey & { bucket: string })[],
  ): Promise<{ txId: string; amount: string }[][]>;
  /** Per probe: recipient and txId of the group's rows of that amount in [fromMs, toMs]. */
  windowRows(
    probes: readonly (GroupKey & { amount: string; fromMs: number; toMs: number })[],
  ): Promise<{ toAddress: string; txId: string }[][]>;
}

/** The coarse bucket of a fine one: one significant digit fewer (the negative bucket is its own). */
export function coarseOf(bucket: string): string {
  return bucket.length > 1 ? bucket.slice(0, -1) : bucket;
}

/**
 * The fine bucket of a sort key (decimal.ts `decimalSortKey`): 'p' and the digits up to the
 * second significant one; 'n' for every negative amount. The SQL of the migrations computes the
 * same (a test holds them together).
 */
export function amountBucketOf(sortKey: string): string {
  if (!sortKey.startsWith('p')) return 'n';
  const digits = sortKey.slice(1);
  const significant = digits.replace(/^0+/, '').length;
  return sortKey.slice(0, Math.min(39, 41 - significant));
}

/** The amount range [low, high) a bucket covers, as decimals (for a store that compares values). */
export function bucketRange(bucket: string): { low: string; high: string } {
  const LIMIT = '100000000000000000000';
  if (bucket === 'n') return { low: `-${LIMIT}`, high: '0' };
  const digits = bucket.slice(1);
  const valueOf = (raw: string) => {
    const padded = raw.padEnd(38, '0');
    return canonicalDecimal(`${padded.slice(0, 20)}.${padded.slice(20)}`);
  };
  const next = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  return {
    low: valueOf(digits),
    high: next.length > digits.length ? LIMIT : valueOf(next),
  };
}

export function meanOfTwo(a: string, b: string): string {
  if (a === b) return canonicalDecimal(a);
  const sum = addFixedPoint(toFixedPoint(a), toFixedPoint(b));
  // Halving is exact in decimal: × 5, one more fraction digit.
  return fromFixedPoint({ units: sum.units * 5n, scale: sum.scale + 1 });
}

/** What one probe excludes from its group's rows, and how many prior rows remain. */
interface ProbePlan {
  probeIndex: number;
  group: SenderGroup;
  excluded: BucketedRow[];
  count: number;
}

/** A rank (0-based, ascending amount) of a probe's prior rows, being located bucket by bucket. */
interface RankSearch {
  plan: ProbePlan;
  rank: number;
  coarse?: string;
  bucket?: FineBucket;
  /** The rank within `bucket`, after the excluded rows before it. */
  local?: number;
  amount?: string;
}

const keyOf = (group: GroupKey) => JSON.stringify([group.chain, group.fromAddress, group.currency]);

/** Walks ascending buckets, with each bucket's excluded rows taken off its count. */
function locate<B extends BucketCount>(
  buckets: readonly B[],
  rank: number,
  excludedIn: (bucket: string) => number,
): { bucket: B; local: number } {
  const sorted = [...buckets].sort((a, b) => (a.bucket < b.bucket ? -1 : 1));
  let before = 0;
  for (const bucket of sorted) {
    const count = bucket.count - excludedIn(bucket.bucket);
    if (rank < before + count) return { bucket, local: rank - before };
    before += count;
  }
  throw new Error('sender_amount_buckets holds fewer rows than transactions (rank out of range)');
}

function countBy(rows: readonly BucketedRow[], key: (row: BucketedRow) => string) {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
}

/** Every probe's facts; `probes` as `checkHistoryProbes` returns them. */
export async function bucketedHistoryFacts(
  reader: HistoryReader,
  probes: readonly CheckedProbe[],
): Promise<HistoryFactsRecord[]> {
  const facts = new Array<HistoryFactsRecord>(probes.length);
  const groups = senderGroups(probes);
  const probesOf = (group: SenderGroup) => group.probeIndexes.map((index) => probes[index]!);
  const coarseCounts = await reader.coarseCounts(groups);
  const totals = coarseCounts.map((counts) => counts.reduce((sum, { count }) => sum + count, 0));
  const coarseOfGroup = new Map(groups.map((group, index) => [group, coarseCounts[index]!]));

  const big = groups.filter((_, index) => totals[index]! > SMALL_GROUP_ROWS);
  const later = await reader.laterRows(
    big.map((group) => ({
      ...group,
      fromMs: Math.min(...probesOf(group).map((probe) => probe.timestampMs)),
    })),
    MAX_LATER_ROWS + 1,
  );
  const bucketed = big.filter((_, index) => later[index]!.length <= MAX_LATER_ROWS);
  const laterOf = new Map(big.map((group, index) => [group, later[index]!]));
  const totalOf = new Map(groups.map((group, index) => [group, totals[index]!]));

  // Few rows, or many after the probes: computed from the rows themselves.
  const byRows = groups.filter((group) => !bucketed.includes(group));
  const rowsOf = await reader.groupRows(byRows);
  byRows.forEach((group, index) => {
    const groupFacts = groupHistoryFacts(rowsOf[index]!, probesOf(group));
    group.probeIndexes.forEach((probeIndex, position) => {
      facts[probeIndex] = groupFacts[position]!;
    });
  });
  if (bucketed.length === 0) return facts;

  const plans: ProbePlan[] = bucketed.flatMap((group) =>
    group.probeIndexes.map((probeIndex) => ({
      probeIndex,
      group,
      excluded: [],
      count: 0,
    })),
  );
  const probeOf = (plan: ProbePlan) => probes[plan.probeIndex]!;
  const [own, windows] = await Promise.all([
    reader.ownRows(plans.map((plan) => ({ ...plan.group, txId: probeOf(plan).txId }))),
    reader.windowRows(
      plans.map((plan) => {
        const probe = probeOf(plan);
        return {
          ...plan.group,
          amount: probe.amount,
          fromMs: probe.timestampMs - DAY_MS,
          toMs: probe.timestampMs,
        };
      }),
    ),
  ]);
  plans.forEach((plan, index) => {
    const probe = probeOf(plan);
    const excluded = new Map<string, BucketedRow>();
    for (const row of laterOf.get(plan.group)!) {
      if (row.timestampMs >= probe.timestampMs) excluded.set(row.txId, row);
    }
    const stored = own[index];
    if (stored) excluded.set(stored.txId, stored);
    plan.excluded = [...excluded.values()];
    plan.count = totalOf.get(plan.group)! - plan.excluded.length;
    const recipients = new Set([probe.toAddress]);
    for (const row of windows[index]!) {
      if (row.txId !== probe.txId) recipients.add(row.toAddress);
    }
    facts[plan.probeIndex] = {
      senderPriorCount: plan.count,
      senderPriorMedian: null,
      sameAmountDistinctRecipients24h: recipients.size,
    };
  });

  const searches: RankSearch[] = plans.flatMap((plan) => {
    if (plan.count === 0) return [];
    const low = (plan.count - 1) >> 1;
    const high = plan.count >> 1;
    return low === high
      ? [{ plan, rank: low }]
      : [
          { plan, rank: low },
          { plan, rank: high },
        ];
  });
  await locateAmounts(reader, searches, coarseOfGroup);
  for (const plan of plans) {
    const own = searches.filter((search) => search.plan === plan);
    if (own.length === 0) continue;
    facts[plan.probeIndex]!.senderPriorMedian = meanOfTwo(own[0]!.amount!, own.at(-1)!.amount!);
  }
  return facts;
}

/** Fills each search's amount: coarse bucket, then fine bucket, then the row inside it. */
async function locateAmounts(
  reader: HistoryReader,
  searches: RankSearch[],
  coarseOfGroup: ReadonlyMap<SenderGroup, BucketCount[]>,
): Promise<void> {
  if (searches.length === 0) return;
  for (const search of searches) {
    const excluded = countBy(search.plan.excluded, (row) => coarseOf(row.bucket));
    const found = locate(
      coarseOfGroup.get(search.plan.group)!,
      search.rank,
      (coarse) => excluded.get(coarse) ?? 0,
    );
    search.coarse = found.bucket.bucket;
    search.local = found.local;
  }

  const fineKeys = unique(searches, fineKeyOf);
  const fine = await reader.fineBuckets(
    fineKeys.map((search) => ({ ...search.plan.group, coarse: search.coarse! })),
  );
  const fineOf = new Map(fineKeys.map((search, index) => [fineKeyOf(search), fine[index]!]));
  for (const search of searches) {
    const excluded = countBy(search.plan.excluded, (row) => row.bucket);
    // The rank is now relative to the coarse bucket, whose fine buckets these are.
    const found = locate(
      fineOf.get(fineKeyOf(search))!,
      search.local!,
      (bucket) => excluded.get(bucket) ?? 0,
    );
    search.bucket = found.bucket;
    search.local = found.local;
    if (found.bucket.uniformAmount !== null) search.amount = found.bucket.uniformAmount;
  }

  // Inside the bucket: by position when nothing in it is excluded, else from its rows.
  const pending = searches.filter((search) => search.amount === undefined);
  const clean = pending.filter((search) => !hasExcludedIn(search));
  const dirty = pending.filter((search) => hasExcludedIn(search));
  const byPosition = await reader.amountsAt(
    clean.map((search) => ({
      ...search.plan.group,
      bucket: search.bucket!.bucket,
      offset: search.local!,
      count: 1,
    })),
  );
  clean.forEach((search, index) => {
    const [amount] = byPosition[index]!;
    if (amount === undefined) throw new Error('a bucket holds fewer rows than it counts');
    search.amount = amount;
  });
  const rowKeys = unique(dirty, rowKeyOf);
  const rows = await reader.bucketRows(
    rowKeys.map((search) => ({ ...search.plan.group, bucket: search.bucket!.bucket })),
  );
  const rowsOf = new Map(rowKeys.map((search, index) => [rowKeyOf(search), rows[index]!]));
  for (const search of dirty) {
    const skip = new Set(search.plan.excluded.map((row) => row.txId));
    const kept = rowsOf
      .get(rowKeyOf(search))!
      .filter((row) => !skip.has(row.txId))
      .map((row) => row.amount)
      .sort(compareDecimals);
    const amount = kept[search.local!];
    if (amount === undefined) throw new Error('a bucket holds fewer rows than it counts');
    search.amount = amount;
  }
}

const fineKeyOf = (search: RankSearch) => `${keyOf(search.plan.group)} ${search.coarse}`;
const rowKeyOf = (search: RankSearch) => `${keyOf(search.plan.group)} ${search.bucket!.bucket}`;

function hasExcludedIn(search: RankSearch): boolean {
  return search.plan.excluded.some((row) => row.bucket === search.bucket!.bucket);
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
