/**
 * Rate limits against the API as it ships: the typed 429 with its Retry-After, and the opt-in
 * `retry.rateLimited` that waits it out. Each test has a server of its own (fresh counters).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startBuiltApi } from '../test/built-api.js';
import type { BuiltApi } from '../test/built-api.js';
import { createKlernoClient, isRateLimited, retryAfter } from './index.js';
import type { KlernoFetch } from './index.js';

const STARTUP_MS = 60_000;
/** Two reads per two-second window for each client IP. */
const LIMITS = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_READ: '2',
  RATE_LIMIT_WINDOW_SECONDS: '2',
};

let api: BuiltApi | undefined;

afterEach(async () => {
  await api?.stop();
  api = undefined;
}, STARTUP_MS);

/** A fetch that notes each response's status and when it arrived. */
function recordingFetch() {
  const seen: Array<{ status: number; at: number }> = [];
  const fetchImpl: KlernoFetch = async (input, init) => {
    const response = await fetch(input, init);
    seen.push({ status: response.status, at: performance.now() });
    return response;
  };
  return { fetch: fetchImpl, seen };
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('rate limits', () => {
  it(
    'fail with a typed 429 that says how long to wait, by default',
    async () => {
      api = await startBuiltApi(LIMITS);
      const client = createKlernoClient({ baseUrl: api.baseUrl });
      await client.system.health.query();
      await client.system.health.query();

      const error = await failureOf(client.system.health.query());
      expect(isRateLimited(error)).toBe(true);
      const wait = retryAfter(error);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(2);
    },
    STARTUP_MS,
  );

  it(
    'are waited out with retry.rateLimited: the refused call is sent again after Retry-After',
    async () => {
      api = await startBuiltApi(LIMITS);
      const recorder = recordingFetch();
      const client = createKlernoClient({
        baseUrl: api.baseUrl,
        fetch: recorder.fetch,
        retry: { rateLimited: { maxRetries: 2, maxWaitSeconds: 5 } },
      });

      // One batch of three reads: two pass, the third is refused and retried on its own.
      const results = await Promise.all([1, 2, 3].map(() => client.system.health.query()));

      expect(results.map((result) => result.status)).toEqual(['ok', 'ok', 'ok']);
      expect(recorder.seen.map((request) => request.status)).toEqual([207, 200]);
      const [refused, retried] = recorder.seen;
      expect(retried!.at - refused!.at).toBeGreaterThan(900);
    },
    STARTUP_MS,
  );

  it(
    'fail at once when the wait is longer than maxWaitSeconds',
    async () => {
      api = await startBuiltApi(LIMITS);
      const recorder = recordingFetch();
      const client = createKlernoClient({
        baseUrl: api.baseUrl,
        fetch: recorder.fetch,
        retry: { rateLimited: { maxWaitSeconds: 0 } },
      });
      await client.system.health.query();
      await client.system.health.query();

      const error = await failureOf(client.system.health.query());
      expect(isRateLimited(error)).toBe(true);
      expect(recorder.seen.map((request) => request.status)).toEqual([200, 200, 429]);
    },
    STARTUP_MS,
  );
});
