import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createLimiter, STORE_BYPASS_MS, StoreHealth, type Limiter } from './limiter.js';

const policy = { name: 'read', limit: 3, windowSeconds: 60 };
const quiet = { warn: () => undefined };

function memoryLimiter(): Limiter {
  return createLimiter(
    { policy, keyPrefix: 'rl:test' },
    { kind: 'memory' },
    new StoreHealth(),
    quiet,
  );
}

/** Looks like a connected ioredis client whose every command fails. */
function failingRedis() {
  const client = {
    status: 'ready',
    calls: 0,
    defineCommand: () => undefined,
    rlflxIncr: () => {
      client.calls += 1;
      return Promise.reject(new Error('READONLY You can not write against a read only replica'));
    },
  };
  return client;
}

describe('createLimiter (memory)', () => {
  it('allows exactly the limit, then refuses with nothing remaining; the first refusal is marked once', async () => {
    const limiter = memoryLimiter();
    const decisions = await Promise.all(Array.from({ length: 6 }, () => limiter.consume('k')));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0, 0, 0]);
    expect(decisions.map((d) => d.firstRefusal)).toEqual([false, false, false, true, false, false]);
    for (const decision of decisions) {
      expect(decision.resetInMs).toBeGreaterThan(59_000);
      expect(decision.resetInMs).toBeLessThanOrEqual(60_000);
    }
    expect((await limiter.consume('other')).allowed).toBe(true);
  });

  it('counts penalties without refusing, blocks for a given time, and forgets a key on reset', async () => {
    const limiter = memoryLimiter();
    expect(await limiter.peek('k')).toBeNull();
    expect(await limiter.penalty('k')).toBe(1);
    expect(await limiter.penalty('k')).toBe(2);
    await limiter.block('k', 900);
    const blocked = await limiter.peek('k');
    expect(blocked?.consumed).toBe(4);
    expect(blocked?.resetInMs).toBeGreaterThan(899_000);
    await limiter.reset('k');
    expect(await limiter.peek('k')).toBeNull();
  });
});

describe('createLimiter (Redis failing)', () => {
  it('lets the insurance limiter answer, stops asking Redis for a while, then asks again', async () => {
    let now = 1_000_000;
    const health = new StoreHealth(() => now);
    const redis = failingRedis();
    const limiter = createLimiter(
      { policy, keyPrefix: 'rl:test' },
      { kind: 'redis', client: redis as unknown as Redis },
      health,
      quiet,
    );

    const first = await limiter.consume('k');
    expect(first.allowed).toBe(true);
    expect(redis.calls).toBe(1);
    expect(health.bypassing).toBe(true);

    // Still limited, by the insurance limiter alone: a store error is never a refusal, nor a pass.
    const rest = await Promise.all([1, 2, 3].map(() => limiter.consume('k')));
    expect(rest.map((d) => d.allowed)).toEqual([true, true, false]);
    expect(redis.calls).toBe(1);

    now += STORE_BYPASS_MS;
    expect(health.bypassing).toBe(false);
    await limiter.consume('k');
    expect(redis.calls).toBe(2);
  });
});
