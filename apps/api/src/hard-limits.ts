/**
 * The limits every request meets before any rate limit: how long a client may take to send its
 * request, how long a procedure may run, how many calls one batch may carry. Fixed in code (the
 * README lists them); tests shrink them through `buildServer`'s `hardLimits` option.
 */
import { TRPCError } from '@trpc/server';

export interface HardLimits {
  /** The request line and headers must arrive within this (slowloris); then 408. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this; then 408. */
  requestTimeoutMs: number;
  /** How often Node checks the two timeouts above: a late client is cut off by at most this much later. */
  timeoutCheckIntervalMs: number;
  /** A procedure still running after this answers TIMEOUT (408); `meta.timeLimitMs` overrides it. */
  procedureTimeLimitMs: number;
  /** The most calls one tRPC batch may carry; a larger batch is refused (400) before any call runs. */
  maxBatchSize: number;
  /** The most open subscription connections one client IP may hold on an instance; then 429. */
  maxSubscriptionsPerIp: number;
  /** How often an open subscription checks its caller's credentials again (signed out → ends). */
  subscriptionRecheckMs: number;
  /** One request to the XRPL node (XRPL_RPC_URL) must be answered within this; then 504. */
  xrplRequestTimeoutMs: number;
  /** A whole `transactions.importXrpl` ledger read (every page) must end within this; then 504. */
  xrplImportDeadlineMs: number;
}

export const DEFAULT_HARD_LIMITS: HardLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  timeoutCheckIntervalMs: 1_000,
  procedureTimeLimitMs: 10_000,
  maxBatchSize: 20,
  maxSubscriptionsPerIp: 10,
  subscriptionRecheckMs: 60_000,
  xrplRequestTimeoutMs: 10_000,
  // Below importXrpl's own time limit (60 s), so the caller gets the import's typed answer.
  xrplImportDeadlineMs: 50_000,
};

export function hardLimitsWith(overrides: Partial<HardLimits> = {}): HardLimits {
  return { ...DEFAULT_HARD_LIMITS, ...overrides };
}

/** What a procedure may declare in its meta to get more (an import) or less time. */
export interface TimeLimitMeta {
  timeLimitMs?: number;
}

/**
 * `work`'s result, or a TIMEOUT error once `limitMs` has passed. The work itself is not
 * cancelled (a database statement runs to its end), but the client gets its answer and the
 * connection is free again.
 */
export async function withinTimeLimit<T>(work: Promise<T>, limitMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TRPCError({
            code: 'TIMEOUT',
            message: `The request took longer than ${formatSeconds(limitMs)} and was stopped; try again, or with less data`,
          }),
        ),
      limitMs,
    );
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
