/**
 * SPEC §5: "subscribers to alerts.onAlert receive it within a second, on whichever API instance
 * they are connected to". Two API processes on one PostgreSQL database and one Redis.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempPostgresDatabase, type TempPostgresDatabase } from '@klerno/db/testing';
import { ok } from './testing/admin-http.js';
import { startInstance, type Instance } from './testing/instances.js';
import {
  deleteKeysUnder,
  inspectingClient,
  SHARED_TEST_REDIS_URL,
  uniqueRedisKeyPrefix,
} from './testing/redis.js';
import { openSubscription, trackedData, type SseStream } from './testing/sse.js';
import { registerUser, type Outputs } from './testing/trpc-http.js';

type Alert = Outputs['alerts']['list']['items'][number];

const prefix = uniqueRedisKeyPrefix();
const inspector = inspectingClient(SHARED_TEST_REDIS_URL);
let database: TempPostgresDatabase;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  database = await createTempPostgresDatabase();
  const options = {
    env: { DATABASE_URL: database.url, REDIS_URL: SHARED_TEST_REDIS_URL },
    redisKeyPrefix: prefix,
  };
  // One after the other: the first applies the migrations to the fresh database.
  a = await startInstance(options);
  b = await startInstance(options);
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  await deleteKeysUnder(inspector, prefix);
  inspector.disconnect();
}, 30_000);

function risky() {
  return {
    chain: 'xrpl',
    txId: randomUUID(),
    timestamp: '2025-02-01T12:00:00Z',
    fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
    toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
    amount: '20000',
    currency: 'XRP',
    direction: 'out',
    tags: ['sanctioned'],
  };
}

async function raiseOn(instance: Instance, token: string, count = 1): Promise<string[]> {
  const written = await ok<Outputs['transactions']['ingest']>(
    instance.url,
    'transactions.ingest',
    { transactions: Array.from({ length: count }, risky) },
    { token },
  );
  return written.items.map((item) => item.id);
}

async function subscribe(instance: Instance, token: string, lastEventId?: string) {
  const stream = await openSubscription(instance.url, 'alerts.onAlert', {
    headers: {
      authorization: `Bearer ${token}`,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    },
  });
  expect(stream.status).toBe(200);
  expect((await stream.next()).event).toBe('connected');
  return stream;
}

async function nextAlert(stream: SseStream): Promise<{ id: string | null; alert: Alert }> {
  const event = await stream.next(5_000);
  return { id: event.id, alert: trackedData<Alert>(event) };
}

describe('alerts.onAlert across two API processes', () => {
  it('receives on B, within a second, an alert raised through A', async () => {
    const user = await registerUser(a.url, `alerts-${randomUUID()}@example.com`);
    const stream = await subscribe(b, user.accessToken);
    try {
      const started = Date.now();
      const [transactionId] = await raiseOn(a, user.accessToken);
      const { alert } = await nextAlert(stream);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(alert.transactionId).toBe(transactionId);
    } finally {
      stream.close();
    }
  });

  it('resumes on B with the last event id: exactly the alerts raised on A meanwhile', async () => {
    const user = await registerUser(a.url, `alerts-${randomUUID()}@example.com`);
    const first = await subscribe(b, user.accessToken);
    await raiseOn(a, user.accessToken);
    const { id } = await nextAlert(first);
    first.close();

    const missed = await raiseOn(a, user.accessToken, 2);
    const resumed = await subscribe(b, user.accessToken, id!);
    try {
      const replayed = [await nextAlert(resumed), await nextAlert(resumed)];
      expect(replayed.map(({ alert }) => alert.transactionId)).toEqual(missed);
      const [live] = await raiseOn(a, user.accessToken);
      expect((await nextAlert(resumed)).alert.transactionId).toBe(live);
    } finally {
      resumed.close();
    }
  });
});
