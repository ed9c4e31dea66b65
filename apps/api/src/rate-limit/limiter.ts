import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { decisionOf, type Policy, type RateLimitDecision } from './decision.js';

/** A counter's state without consuming from it. */
export interface CounterState {
  consumed: number;
  /** Milliseconds until the counter expires; never negative. */
  resetInMs: number;
}

/**
 * One fixed-window counter per key (rate-limiter-flexible). No method throws for a store
 * problem: with Redis, the in-memory insurance limiter answers while Redis fails.
 */
export interface Limiter {
  readonly policy: Policy;
  /** Takes one point: allowed while the key has points left in its window. */
  consume(key: string): Promise<RateLimitDecision>;
  /** Adds one point without ever refusing; returns the count after it. */
  penalty(key: string): Promise<number>;
  peek(key: string): Promise<CounterState | null>;
  /** Sets the key above its limit for `seconds` (consumed becomes limit + 1). */
  block(key: string, seconds: number): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface LimiterLogger {
  warn(details: object, message: string): void;
}

/**
 * While Redis misbehaves, the limiters stop asking it for this long after a failure, so one
 * request never pays several command timeouts in a row (each is at most the connection's
 * command timeout, 500 ms by default).
 */
export const STORE_BYPASS_MS = 1000;

/** Where the counters live: in this process, or in Redis (shared by every instance). */
export type CounterStore = { kind: 'memory' } | { kind: 'redis'; client: Redis };

/**
 * Tells when the store last failed, shared by every limiter of one `RateLimits`: after a failure
 * every limiter answers from its insurance limiter for STORE_BYPASS_MS, then tries Redis again.
 */
export class StoreHealth {
  #bypassUntil = 0;

  constructor(private readonly nowMs: () => number = Date.now) {}

  get bypassing(): boolean {
    return this.nowMs() < this.#bypassUntil;
  }

  /** Called when the insurance limiter had to answer for the store. */
  failed(): void {
    const now = this.nowMs();
    if (now >= this.#bypassUntil) this.#bypassUntil = now + STORE_BYPASS_MS;
  }
}

/** The in-memory limiter that answers when Redis fails; it notes each time it has to. */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly health: StoreHealth,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>) {
    this.health.failed();
    return super.consume(...args);
  }

  override penalty(...args: Parameters<RateLimiterMemory['penalty']>) {
    this.health.failed();
    return super.penalty(...args);
  }

  override get(...args: Parameters<RateLimiterMemory['get']>) {
    this.health.failed();
    return super.get(...args);
  }

  override block(...args: Parameters<RateLimiterMemory['block']>) {
    this.health.failed();
    return super.block(...args);
  }

  override delete(...args: Parameters<RateLimiterMemory['delete']>) {
    this.health.failed();
    return super.delete(...args);
  }
}

function stateOf(res: RateLimiterRes | null): CounterState | null {
  return res ? { consumed: res.consumedPoints, resetInMs: Math.max(0, res.msBeforeNext) } : null;
}

export interface LimiterDefinition {
  policy: Policy;
  /** Distinguishes this limiter's keys from every other's, e.g. `rl:read:ip`. */
  keyPrefix: string;
}

export function createLimiter(
  { policy, keyPrefix }: LimiterDefinition,
  store: CounterStore,
  health: StoreHealth,
  logger: LimiterLogger,
): Limiter {
  const options = { points: policy.limit, duration: policy.windowSeconds, keyPrefix };
  let current: () => RateLimiterAbstract;
  if (store.kind === 'redis') {
    const insurance = new InsuranceLimiter(options, health);
    const redis = new RateLimiterRedis({
      ...options,
      storeClient: store.client,
      insuranceLimiter: insurance,
      // While ioredis reconnects, go to the insurance limiter at once instead of erring later.
      rejectIfRedisNotReady: true,
    });
    current = () => (health.bypassing ? insurance : redis);
  } else {
    const memory = new RateLimiterMemory(options);
    current = () => memory;
  }

  /** Only a bug gets here (the insurance limiter absorbs store errors): log it, allow the request. */
  const unexpected = (operation: string, error: unknown) => {
    logger.warn({ err: error, limiter: keyPrefix, operation }, 'rate limiter failed; allowing');
  };

  return {
    policy,
    async consume(key) {
      try {
        return decisionOf(policy, await current().consume(key), true);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return decisionOf(policy, rejection, false);
        unexpected('consume', rejection);
        return decisionOf(policy, new RateLimiterRes(policy.limit, 0, 0), true);
      }
    },
    async penalty(key) {
      try {
        return (await current().penalty(key)).consumedPoints;
      } catch (error) {
        unexpected('penalty', error);
        return 0;
      }
    },
    async peek(key) {
      try {
        return stateOf(await current().get(key));
      } catch (error) {
        unexpected('get', error);
        return null;
      }
    },
    async block(key, seconds) {
      try {
        await current().block(key, seconds);
      } catch (error) {
        unexpected('block', error);
      }
    },
    async reset(key) {
      try {
        await current().delete(key);
      } catch (error) {
        unexpected('delete', error);
      }
    },
  };
}
