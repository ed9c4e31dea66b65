/** What the latency client (client.ts) is asked to do and what it reports; shared by both sides. */

/** One kind of request of a rotation (a list filter, a summary range). */
export interface RequestShape {
  name: string;
  /** Path and query, e.g. `/trpc/transactions.list?input=…`. */
  path: string;
  /** Follow `nextCursor` from one request of this shape to the next (scrolling through a list). */
  followCursor?: boolean;
  /** The shape must return at least one item (`result.data.items`), or the run is invalid. */
  expectItems?: boolean;
}

export interface RotationPlan {
  kind: 'rotation';
  baseUrl: string;
  headers: Record<string, string>;
  /** Requests in flight at once; 1 measures service time without queueing. */
  connections: number;
  warmupSeconds: number;
  /** Measured seconds per shape: the client cycles through the shapes in that time × shapes. */
  secondsPerShape: number;
  shapes: RequestShape[];
}

export interface IngestBatchesPlan {
  kind: 'ingest-batches';
  baseUrl: string;
  headers: Record<string, string>;
  /** Batches in flight at once. */
  concurrency: number;
  warmupBatches: number;
  batches: number;
  batchSize: number;
  populationSeed: number;
  stream: { seed: number; txIdPrefix: string; startMs: number; endMs: number };
}

export type ClientPlan = RotationPlan | IngestBatchesPlan;

export interface LatencyStats {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ShapeOutcome extends LatencyStats {
  name: string;
  /** Items on the pages answered (median), when the answer is a page. */
  medianItems: number | null;
}

export interface RotationOutcome {
  kind: 'rotation';
  requestsPerSecond: number;
  /** Requests of the unmeasured warm-up before the measured part. */
  warmupRequests: number;
  shapes: ShapeOutcome[];
  /** Non-2xx answers and transport errors (the run is invalid if any). */
  failures: string[];
}

export interface IngestBatchesOutcome {
  kind: 'ingest-batches';
  rows: number;
  seconds: number;
  transactionsPerSecond: number;
  batchLatency: LatencyStats;
  failures: string[];
}

export type ClientOutcome = RotationOutcome | IngestBatchesOutcome;

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export function latencyStats(samplesMs: readonly number[]): LatencyStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    meanMs: sorted.length > 0 ? total / sorted.length : Number.NaN,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}
