/**
 * `alerts.onAlert` through the SDK against the API as it ships: live alerts over server-sent
 * events in Node.js (the `eventsource` ponyfill), with session, API-key and refreshed credentials.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltApi } from '../test/built-api.js';
import type { BuiltApi } from '../test/built-api.js';
import { createKlernoClient, errorCode, isRateLimited } from './index.js';
import type { KlernoClient, KlernoTokens, RouterOutputs } from './index.js';
import { asEventStream } from './subscription-link.js';

type Alert = RouterOutputs['alerts']['list']['items'][number];

const STARTUP_MS = 60_000;
const JWT_SECRET = randomBytes(48).toString('base64url');
let api: BuiltApi;

beforeAll(async () => {
  api = await startBuiltApi({ JWT_SECRET });
}, STARTUP_MS);
afterAll(async () => {
  await api?.stop();
}, STARTUP_MS);

function risky() {
  return {
    chain: 'xrpl',
    txId: randomUUID(),
    timestamp: '2025-02-01T12:00:00Z',
    fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
    toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
    amount: '20000',
    currency: 'XRP',
    direction: 'out' as const,
    tags: ['sanctioned'],
  };
}

async function signUp(): Promise<KlernoTokens> {
  return createKlernoClient({ baseUrl: api.baseUrl }).auth.register.mutate({
    email: `sdk-${randomUUID()}@example.com`,
    password: 'a subscriber password 42',
  });
}

async function raise(client: KlernoClient, count = 1): Promise<string[]> {
  const written = await client.transactions.ingest.mutate({
    transactions: Array.from({ length: count }, risky),
  });
  return written.items.map((item) => item.id);
}

/** A subscription whose events the test awaits one by one. */
function listen(client: KlernoClient, input: { lastEventId?: string } = {}) {
  const received: Array<{ id: string; data: Alert }> = [];
  const waiting: Array<() => void> = [];
  let failure: unknown;
  /** Streams opened so far (a refused one, then its replacement, count two). */
  let starts = 0;
  const wake = () => waiting.splice(0).forEach((resolve) => resolve());
  const subscription = client.alerts.onAlert.subscribe(input, {
    onStarted: () => {
      starts += 1;
      wake();
    },
    onData: (event) => {
      received.push(event);
      wake();
    },
    onError: (error) => {
      failure = error;
      wake();
    },
  });
  /** Resolves once `done()` holds or an error arrived; rejects after `timeoutMs`. */
  async function whenever(done: () => boolean, what: () => string, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (!done() && failure === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(what());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (failure !== undefined) throw failure as Error;
  }
  return {
    received,
    /** Once `count` streams have been opened (the server said `connected`). */
    started: (count = 1, timeoutMs = 5_000) =>
      whenever(
        () => starts >= count,
        () => `only ${starts} of ${count} starts`,
        timeoutMs,
      ),
    /** Once `count` events arrived. */
    until: (count: number, timeoutMs = 5_000) =>
      whenever(
        () => received.length >= count,
        () => `only ${received.length} of ${count} events`,
        timeoutMs,
      ),
    stop: () => subscription.unsubscribe(),
  };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The same token with iat/exp an hour in the past, signed as the API would have. */
function expired(accessToken: string): string {
  const [header = '', payload = ''] = accessToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const now = Math.floor(Date.now() / 1000);
  const body = base64url(JSON.stringify({ ...claims, iat: now - 7200, exp: now - 3600 }));
  const signature = createHmac('sha256', JWT_SECRET).update(`${header}.${body}`).digest();
  return `${header}.${body}.${base64url(signature)}`;
}

describe('alerts.onAlert through the SDK', () => {
  it('receives an alert within a second of its ingest, as { id, data }', async () => {
    const session = await signUp();
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      auth: { accessToken: session.accessToken, refreshToken: session.refreshToken ?? undefined },
    });
    const live = listen(client);
    try {
      await live.started();
      const sentAt = Date.now();
      const [transactionId] = await raise(client);
      await live.until(1, 1_000);
      expect(Date.now() - sentAt).toBeLessThan(1_000);
      const [event] = live.received;
      expect(event!.id).toBe(event!.data.id);
      expect(event!.data).toMatchObject({ transactionId, status: 'open', riskBucket: 'high' });
    } finally {
      live.stop();
    }
  });

  it('subscribes with an API key, and resumes after a lastEventId', async () => {
    const session = await signUp();
    const client = createKlernoClient({ baseUrl: api.baseUrl, accessToken: session.accessToken });
    const { secret } = await client.apiKeys.create.mutate({ name: 'feed', role: 'viewer' });
    const keyed = createKlernoClient({ baseUrl: api.baseUrl, auth: { apiKey: secret } });

    const first = listen(keyed);
    await first.started();
    await raise(client);
    await first.until(1);
    first.stop();

    const missed = await raise(client, 2);
    const resumed = listen(keyed, { lastEventId: first.received[0]!.id });
    try {
      await resumed.until(2);
      expect(resumed.received.map((event) => event.data.transactionId)).toEqual(missed);
    } finally {
      resumed.stop();
    }
  });

  it('refreshes a refused access token once, then streams', async () => {
    const session = await signUp();
    const rotations: KlernoTokens[] = [];
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      auth: {
        accessToken: expired(session.accessToken),
        refreshToken: session.refreshToken ?? undefined,
        onTokens: (tokens) => {
          rotations.push(tokens);
        },
      },
    });
    const live = listen(client);
    try {
      const writer = createKlernoClient({ baseUrl: api.baseUrl, accessToken: session.accessToken });
      // The refused stream, then the one opened with the refreshed token.
      await live.started(2);
      const [transactionId] = await raise(writer);
      await live.until(1);
      expect(live.received[0]!.data.transactionId).toBe(transactionId);
      expect(rotations).toHaveLength(1);
    } finally {
      live.stop();
    }
  });

  it('fails with a typed UNAUTHORIZED when there is nothing to refresh with', async () => {
    const client = createKlernoClient({ baseUrl: api.baseUrl, accessToken: 'not-a-token' });
    const live = listen(client);
    await expect(live.until(1)).rejects.toSatisfy(
      (error: unknown) => errorCode(error) === 'UNAUTHORIZED',
    );
  });

  it('reports the per-address stream cap (429) as a typed rate-limit error', async () => {
    const session = await signUp();
    const client = createKlernoClient({ baseUrl: api.baseUrl, accessToken: session.accessToken });
    // The API's default cap: 10 open streams per client address.
    const open = Array.from({ length: 10 }, () => listen(client));
    try {
      await Promise.all(open.map((stream) => stream.started()));
      const refused = listen(client);
      await expect(refused.until(1)).rejects.toSatisfy(isRateLimited);
    } finally {
      for (const stream of open) stream.stop();
    }
  });
});

describe('asEventStream', () => {
  it('turns an HTTP error in tRPC shape into one serialized-error event; leaves the rest', async () => {
    const shape = { message: 'too many', code: -32029, data: { code: 'TOO_MANY_REQUESTS' } };
    const refused = new Response(JSON.stringify({ error: shape }), {
      status: 429,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    const converted = await asEventStream(refused);
    expect(converted.status).toBe(200);
    expect(converted.headers.get('content-type')).toBe('text/event-stream');
    expect(await converted.text()).toBe(
      `event: serialized-error\ndata: ${JSON.stringify(shape)}\n\n`,
    );

    const plain = new Response('bad gateway', { status: 502 });
    expect(await asEventStream(plain)).toBe(plain);
    const ok = new Response('', { status: 200 });
    expect(await asEventStream(ok)).toBe(ok);
  });
});
