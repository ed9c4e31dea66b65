/**
 * `alerts.onAlert` over real HTTP (server-sent events, read as an EventSource reads them): live
 * delivery, resuming from the last event id, authentication without headers, the per-IP cap, and
 * a stream that outlives every request timer yet ends cleanly on disconnect and on shutdown.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import { openSubscription, trackedData, type SseStream } from '../testing/sse.js';
import type { Outputs } from '../testing/trpc-http.js';

type Alert = Outputs['alerts']['list']['items'][number];

const MAX_PER_IP = 3;
const RECHECK_MS = 300;
let api: RunningTestServer;
const logLines: string[] = [];

beforeAll(async () => {
  api = await startTestServer({
    env: { LOG_LEVEL: 'info' },
    logDestination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
    // Timers far shorter than the streams below live: none of them may end a stream.
    hardLimits: {
      maxSubscriptionsPerIp: MAX_PER_IP,
      procedureTimeLimitMs: 200,
      requestTimeoutMs: 400,
      headersTimeoutMs: 400,
      timeoutCheckIntervalMs: 50,
      subscriptionRecheckMs: RECHECK_MS,
    },
  });
});
afterAll(() => api?.close());

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

async function raise(member: Member, count = 1): Promise<string[]> {
  const written = await ok<Outputs['transactions']['ingest']>(
    api.url,
    'transactions.ingest',
    { transactions: Array.from({ length: count }, risky) },
    member.credential,
  );
  return written.items.map((item) => item.id);
}

const bearer = (member: Member) => ({ authorization: `Bearer ${member.accessToken}` });

/** A stream that has said `connected`: from then on it receives every alert. */
async function subscribed(
  member: Member,
  options: Parameters<typeof openSubscription>[2] = { headers: bearer(member) },
): Promise<SseStream> {
  const stream = await openSubscription(api.url, 'alerts.onAlert', options);
  expect(stream.status).toBe(200);
  expect(stream.headers['content-type']).toBe('text/event-stream');
  expect((await stream.next()).event).toBe('connected');
  return stream;
}

async function nextAlert(stream: SseStream): Promise<{ id: string | null; alert: Alert }> {
  const event = await stream.next();
  return { id: event.id, alert: trackedData<Alert>(event) };
}

describe('alerts.onAlert', () => {
  it('delivers each alert of the organization as it is raised, tracked by its id', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    const stream = await subscribed(viewer);
    try {
      const [transactionId] = await raise(admin);
      const { id, alert } = await nextAlert(stream);
      expect(alert).toMatchObject({ transactionId, status: 'open', riskBucket: 'high' });
      expect(id).toBe(alert.id);
      // What the transaction was, without a second call.
      expect(alert.transaction).toEqual({
        txId: expect.any(String) as string,
        chain: 'xrpl',
        timestamp: '2025-02-01T12:00:00.000Z',
        fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
        toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
        amount: '20000',
        currency: 'XRP',
        direction: 'out',
      });
      // The replay after a reconnection carries it too.
      const resumed = await subscribed(viewer, {
        headers: bearer(viewer),
        input: { lastEventId: '00000000-0000-0000-0000-000000000000' },
      });
      try {
        expect((await nextAlert(resumed)).alert).toEqual(alert);
      } finally {
        resumed.close();
      }
    } finally {
      stream.close();
    }
  });

  it('outlives the procedure time limit and the request timeout', async () => {
    const admin = await signUp(api.url);
    const stream = await subscribed(admin);
    try {
      // Longer than both timers and a recheck; what ends a stream is the client or a shutdown.
      const waited = await stream.next(1_500).catch((error: unknown) => error);
      expect(String(waited)).toContain('no event within 1500 ms');
      const [transactionId] = await raise(admin);
      expect((await nextAlert(stream)).alert.transactionId).toBe(transactionId);
    } finally {
      stream.close();
    }
  });

  it('resumes after the last event id: exactly the alerts missed, then live ones', async () => {
    const admin = await signUp(api.url);
    const first = await subscribed(admin);
    await raise(admin);
    const { id: lastSeen } = await nextAlert(first);
    first.close();

    const missed = await raise(admin, 3);
    // As an EventSource reconnects: the Last-Event-ID header.
    const resumed = await subscribed(admin, {
      headers: { ...bearer(admin), 'last-event-id': lastSeen! },
    });
    try {
      const replayed = [
        await nextAlert(resumed),
        await nextAlert(resumed),
        await nextAlert(resumed),
      ];
      expect(replayed.map(({ alert }) => alert.transactionId)).toEqual(missed);
      const [live] = await raise(admin);
      expect((await nextAlert(resumed)).alert.transactionId).toBe(live);
    } finally {
      resumed.close();
    }

    // As tRPC's client resumes after recreating the stream: input.lastEventId.
    const byInput = await subscribed(admin, {
      headers: bearer(admin),
      input: { lastEventId: lastSeen },
    });
    try {
      const again = [await nextAlert(byInput), await nextAlert(byInput), await nextAlert(byInput)];
      expect(again.map(({ alert }) => alert.transactionId)).toEqual(missed);
    } finally {
      byInput.close();
    }
  });

  it('takes the access token or API key from connectionParams, and never logs it', async () => {
    const admin = await signUp(api.url);
    const key = await createKey(api.url, admin, 'viewer');
    const byToken = await subscribed(admin, {
      connectionParams: { accessToken: admin.accessToken },
    });
    const byKey = await subscribed(admin, { connectionParams: { apiKey: key.secret } });
    try {
      const [transactionId] = await raise(admin);
      expect((await nextAlert(byToken)).alert.transactionId).toBe(transactionId);
      expect((await nextAlert(byKey)).alert.transactionId).toBe(transactionId);
    } finally {
      byToken.close();
      byKey.close();
    }
    const logged = logLines.join('');
    expect(logged).toContain('/trpc/alerts.onAlert');
    expect(logged).not.toContain(admin.accessToken);
    expect(logged).not.toContain(key.secret);
  });

  it('refuses bad credentials and input with a typed error event that ends the stream', async () => {
    const admin = await signUp(api.url);
    const refusal = async (options: Parameters<typeof openSubscription>[2]) => {
      const stream = await openSubscription(api.url, 'alerts.onAlert', options);
      expect((await stream.next()).event).toBe('connected');
      const event = await stream.next();
      await stream.ended;
      expect(event.event).toBe('serialized-error');
      return JSON.parse(event.data) as { message: string; data: { code: string } };
    };

    expect((await refusal({})).data.code).toBe('UNAUTHORIZED');
    const forged = await refusal({ connectionParams: { accessToken: 'not.a.token' } });
    expect(forged.data.code).toBe('UNAUTHORIZED');
    const both = await refusal({
      headers: bearer(admin),
      connectionParams: { accessToken: admin.accessToken },
    });
    expect(both.message).toBe(
      'Send credentials either in a header or in connectionParams, not both',
    );
    const badId = await refusal({ headers: bearer(admin), input: { lastEventId: 'yesterday' } });
    expect(badId.data.code).toBe('BAD_REQUEST');

    // Outside subscriptions, credentials belong in headers.
    const params = encodeURIComponent(JSON.stringify({ accessToken: admin.accessToken }));
    const query = await fetch(`${api.url}/trpc/alerts.list?connectionParams=${params}`);
    expect(query.status).toBe(401);
    expect(((await query.json()) as { error: { message: string } }).error.message).toBe(
      'connectionParams carry credentials for subscriptions only; send an Authorization or X-API-Key header',
    );
  });

  it(`allows ${MAX_PER_IP} open streams per client IP; the next gets 429 until one closes`, async () => {
    const admin = await signUp(api.url);
    const open = [];
    for (let i = 0; i < MAX_PER_IP; i += 1) {
      open.push(await subscribed(admin, { headers: bearer(admin), localAddress: '127.0.0.7' }));
    }
    try {
      const refused = await openSubscription(api.url, 'alerts.onAlert', {
        headers: bearer(admin),
        localAddress: '127.0.0.7',
      });
      await refused.ended;
      expect(refused.status).toBe(429);
      expect(JSON.parse(refused.text())).toMatchObject({
        error: { data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, path: 'alerts.onAlert' } },
      });
      // Another address is not affected.
      const elsewhere = await subscribed(admin, {
        headers: bearer(admin),
        localAddress: '127.0.0.8',
      });
      elsewhere.close();

      // A client that leaves gives its slot back.
      open.shift()!.close();
      let reopened: SseStream | null = null;
      for (let attempt = 0; reopened === null; attempt += 1) {
        const stream = await openSubscription(api.url, 'alerts.onAlert', {
          headers: bearer(admin),
          localAddress: '127.0.0.7',
        });
        if (stream.status === 200) reopened = stream;
        else if (attempt > 50) throw new Error('the slot was never given back');
        else await stream.ended;
      }
      open.push(reopened);
    } finally {
      for (const stream of open) stream.close();
    }
  });

  it('ends the stream (UNAUTHORIZED) once the caller has signed out', async () => {
    const admin = await signUp(api.url);
    const stream = await subscribed(admin);
    await ok(api.url, 'auth.logout', undefined, admin.credential);
    const event = await stream.next(RECHECK_MS * 10);
    expect(event.event).toBe('serialized-error');
    expect((JSON.parse(event.data) as { data: { code: string } }).data.code).toBe('UNAUTHORIZED');
    await stream.ended;
  });

  it('keeps organizations apart', async () => {
    const a = await signUp(api.url);
    const b = await signUp(api.url);
    const streamB = await subscribed(b);
    try {
      await raise(a);
      const [mine] = await raise(b);
      expect((await nextAlert(streamB)).alert.transactionId).toBe(mine);
    } finally {
      streamB.close();
    }
  });
});

describe('shutting down with open streams', () => {
  it('ends every stream at once (no "return": clients reconnect) and stops without waiting', async () => {
    const own = await startTestServer();
    const admin = await signUp(own.url);
    const streams = await Promise.all(
      [1, 2].map(async () => {
        const stream = await openSubscription(own.url, 'alerts.onAlert', {
          headers: bearer(admin),
        });
        expect((await stream.next()).event).toBe('connected');
        return stream;
      }),
    );
    const started = Date.now();
    await own.close();
    // The default drain timeout is 10 s; open streams must not hold the shutdown that long.
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const stream of streams) {
      await stream.ended;
      expect(stream.text()).not.toContain('event: return');
    }
  });
});
