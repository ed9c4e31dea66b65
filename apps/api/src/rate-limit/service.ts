import type { Redis } from 'ioredis';
import type { RateLimitSettings } from '@klerno/config';
import { pointsOf, RATE_LIMIT_CLASSES, type Partition, type RateLimitClass } from './classes.js';
import type { RateLimitDecision } from './decision.js';
import {
  createLimiter,
  StoreHealth,
  type CounterStore,
  type Limiter,
  type LimiterLogger,
} from './limiter.js';
import {
  createLoginProtection,
  FAILURE_MEMORY_SECONDS,
  LOGIN_WINDOW_SECONDS,
  unprotectedLogin,
  type LoginProtection,
} from './login.js';

/** The server's limiters (SPEC §6), built once per process from settings.rateLimits. */
export interface RateLimits {
  /** False with RATE_LIMIT_ENABLED=false: nothing is counted, no header is sent. */
  readonly enabled: boolean;
  /** Where the counters live: shared through Redis, or in this process. */
  readonly store: 'memory' | 'redis';
  /**
   * Takes one point of `rateClass` for the client IP or the identity `key`
   * (`user:<id>`, `apikey:<id>`). Never throws for a store problem.
   */
  consume(rateClass: RateLimitClass, partition: Partition, key: string): Promise<RateLimitDecision>;
  readonly login: LoginProtection;
}

export interface RateLimitsOptions {
  /** The shared ioredis client when REDIS_URL is set: counters are then global across instances. */
  redis?: Redis | null;
  logger?: LimiterLogger;
}

const silent: LimiterLogger = { warn: () => undefined };

export function createRateLimits(
  settings: RateLimitSettings,
  options: RateLimitsOptions = {},
): RateLimits {
  const store: CounterStore = options.redis
    ? { kind: 'redis', client: options.redis }
    : { kind: 'memory' };
  const health = new StoreHealth();
  const logger = options.logger ?? silent;
  const limiter = (name: string, limit: number, windowSeconds: number, keyPrefix: string) =>
    createLimiter({ policy: { name, limit, windowSeconds }, keyPrefix }, store, health, logger);

  const byClass = new Map<string, Limiter>();
  for (const rateClass of RATE_LIMIT_CLASSES) {
    for (const partition of ['ip', 'identity'] as const) {
      const points = pointsOf(settings, rateClass);
      byClass.set(
        `${rateClass}:${partition}`,
        limiter(rateClass, points, settings.windowSeconds, `rl:${rateClass}:${partition}`),
      );
    }
  }
  const login = settings.enabled
    ? createLoginProtection(settings, {
        perIp: limiter('login', settings.loginPerIpPerMinute, LOGIN_WINDOW_SECONDS, 'rl:login:ip'),
        failures: limiter(
          'login-failures',
          settings.loginConsecutiveFailures,
          FAILURE_MEMORY_SECONDS,
          'rl:login:failures',
        ),
      })
    : unprotectedLogin;

  return {
    enabled: settings.enabled,
    store: store.kind,
    consume(rateClass, partition, key) {
      const found = byClass.get(`${rateClass}:${partition}`);
      if (!found) throw new Error(`no limiter for ${rateClass}/${partition}`);
      return found.consume(key);
    },
    login,
  };
}

/** For contexts built without a server's limiters (in-process callers): nothing is limited. */
export const RATE_LIMITS_OFF: RateLimits = {
  enabled: false,
  store: 'memory',
  consume: () => Promise.reject(new Error('rate limits are off: check `enabled` first')),
  login: unprotectedLogin,
};
