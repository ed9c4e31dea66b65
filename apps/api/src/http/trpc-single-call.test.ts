/**
 * The lean path for single tRPC calls (trpc-single-call.ts) answers exactly as the stock Fastify
 * adapter does: two servers on one store, one with the lean path and one without, get the same
 * requests, and every answer must match — status, headers and body — for successes and for every
 * class of error, including the ones the lean path leaves to the stock adapter.
 */
import { PassThrough } from 'node:stream';
import { openStore, type Store } from '@klerno/db';
import { createTempSqliteFile, type TempSqliteFile } from '@klerno/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, testSettings, type RunningTestServer } from '../testing/server.js';

interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Headers that depend on the connection or the clock, not on what was answered. */
const TRANSPORT = new Set([
  'date',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
]);
const CLOCK = new Set(['x-ratelimit-reset', 'ratelimit']);

interface Request {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

let requestCount = 0;

async function exchange(baseUrl: string, request: Request, requestId: string): Promise<Exchange> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method ?? 'GET',
    headers: { 'x-request-id': requestId, ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (TRANSPORT.has(name)) return;
    headers[name] = CLOCK.has(name) ? value.replace(/\d+/g, 'N') : value;
  });
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (HEAD, some stock-adapter answers): compared as text.
  }
  return { status: response.status, headers, body };
}

/** The same request to both servers, with the same request id; both answers. */
async function both(
  lean: RunningTestServer,
  stock: RunningTestServer,
  request: Request,
): Promise<{ lean: Exchange; stock: Exchange }> {
  const requestId = `equivalence-${(requestCount += 1)}`;
  return {
    lean: await exchange(lean.url, request, requestId),
    stock: await exchange(stock.url, request, requestId),
  };
}

const bearer = (member: Member) => ({ authorization: `Bearer ${member.accessToken}` });
const json = (member?: Member) => ({
  'content-type': 'application/json',
  ...(member ? bearer(member) : {}),
});
const input = (value: unknown) => `?input=${encodeURIComponent(JSON.stringify(value))}`;

const transaction = (txId: string, overrides: Record<string, unknown> = {}) => ({
  chain: 'xrpl',
  txId,
  timestamp: '2026-01-05T10:00:00.000Z',
  fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
  toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
  amount: '250.5',
  currency: 'XRP',
  direction: 'out',
  memo: 'payout #1',
  fee: '0.000012',
  tags: ['bench'],
  ...overrides,
});

describe('single tRPC calls: the lean path answers as the stock adapter', () => {
  let file: TempSqliteFile;
  let store: Store;
  let lean: RunningTestServer;
  let stock: RunningTestServer;
  const logs = { lean: new PassThrough(), stock: new PassThrough() };
  const logged = { lean: [] as string[], stock: [] as string[] };
  let admin: Member;
  let viewer: Member;

  beforeAll(async () => {
    file = createTempSqliteFile();
    store = await openStore(testSettings({ DATABASE_URL: file.url }).database);
    for (const side of ['lean', 'stock'] as const) {
      logs[side].on('data', (chunk: Buffer) => logged[side].push(chunk.toString('utf8')));
    }
    const env = { LOG_LEVEL: 'warn' };
    lean = await startTestServer({ store, env, logDestination: logs.lean });
    stock = await startTestServer({
      store,
      env,
      logDestination: logs.stock,
      trpcSingleCallPath: false,
    });
    admin = await signUp(lean.url);
    viewer = await join(lean.url, admin, 'viewer');
    // Through both servers, so their rate-limit counters stay alike (the second reports duplicates).
    const seed = {
      transactions: [transaction('EQ-1'), transaction('EQ-2', { amount: '12', direction: 'in' })],
    };
    await ok(lean.url, 'transactions.ingest', seed, admin.credential);
    await ok(stock.url, 'transactions.ingest', seed, admin.credential);
  });

  afterAll(async () => {
    await lean?.close();
    await stock?.close();
    await store?.close();
    file?.cleanup();
  });

  const cases: Array<[string, () => Request, number]> = [
    ['a query (auth.me)', () => ({ path: '/trpc/auth.me', headers: bearer(admin) }), 200],
    [
      'a query with input (transactions.list)',
      () => ({ path: `/trpc/transactions.list${input({ limit: 1 })}`, headers: bearer(admin) }),
      200,
    ],
    [
      'a query without ?input',
      () => ({ path: '/trpc/transactions.list', headers: bearer(admin) }),
      200,
    ],
    [
      'a filtered list',
      () => ({
        path: `/trpc/transactions.list${input({ direction: 'in', sort: 'amount_desc' })}`,
        headers: bearer(admin),
      }),
      200,
    ],
    [
      'a mutation (transactions.score)',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.score',
        headers: json(admin),
        body: JSON.stringify({ transaction: transaction('EQ-S') }),
      }),
      200,
    ],
    [
      'a mutation that writes nothing new (duplicates reported)',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.ingest',
        headers: json(admin),
        body: JSON.stringify({ transactions: [transaction('EQ-1')] }),
      }),
      200,
    ],
    [
      'a content-type with parameters',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.score',
        headers: { ...json(admin), 'content-type': 'Application/JSON; charset=utf-8' },
        body: JSON.stringify({ transaction: transaction('EQ-S') }),
      }),
      200,
    ],
    [
      'a domain conflict (409: one txId twice in a batch)',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.ingest',
        headers: json(admin),
        body: JSON.stringify({ transactions: [transaction('EQ-9'), transaction('EQ-9')] }),
      }),
      409,
    ],
    [
      'not found (404)',
      () => ({
        path: `/trpc/transactions.byId${input({ id: '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee' })}`,
        headers: bearer(admin),
      }),
      404,
    ],
    [
      'invalid input (400 with zodError)',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.score',
        headers: json(admin),
        body: JSON.stringify({ transaction: transaction('EQ-S', { amount: '1e400' }) }),
      }),
      400,
    ],
    [
      'no input where one is required (400)',
      () => ({ method: 'POST', path: '/trpc/transactions.score', headers: json(admin) }),
      400,
    ],
    [
      'a body that is not JSON (400)',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.score',
        headers: json(admin),
        body: '{"transaction":',
      }),
      400,
    ],
    [
      'an ?input that is not JSON (400)',
      () => ({ path: '/trpc/transactions.list?input=%7Bnot', headers: bearer(admin) }),
      400,
    ],
    ['no credentials (401)', () => ({ path: '/trpc/auth.me' }), 401],
    [
      'a malformed Authorization header (401)',
      () => ({ path: '/trpc/auth.me', headers: { authorization: 'Basic abc' } }),
      401,
    ],
    [
      'a role too low (403)',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.score',
        headers: json(viewer),
        body: JSON.stringify({ transaction: transaction('EQ-S') }),
      }),
      403,
    ],
    [
      'a body over the limit (413)',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.score',
        headers: json(admin),
        body: JSON.stringify({ transaction: transaction('EQ-S', { memo: 'x'.repeat(1_100_000) }) }),
      }),
      413,
    ],
    // The lean path leaves these to the stock adapter: the answers must match all the same.
    [
      'a batch (stock adapter)',
      () => ({
        path: `/trpc/auth.me,transactions.list?batch=1&input=${encodeURIComponent('{"1":{"limit":1}}')}`,
        headers: bearer(admin),
      }),
      200,
    ],
    [
      'an unknown procedure (404)',
      () => ({ path: '/trpc/nothing.here', headers: bearer(admin) }),
      404,
    ],
    [
      'GET of a mutation (405)',
      () => ({ path: '/trpc/transactions.score', headers: bearer(admin) }),
      405,
    ],
    [
      'POST of a query (405)',
      () => ({ method: 'POST', path: '/trpc/auth.me', headers: json(admin), body: '{}' }),
      405,
    ],
    [
      'an unsupported content type (415)',
      () => ({
        method: 'POST',
        path: '/trpc/transactions.score',
        headers: { ...bearer(admin), 'content-type': 'text/plain' },
        body: '{}',
      }),
      415,
    ],
    [
      'a streaming request that is not a batch (400)',
      () => ({
        path: '/trpc/auth.me',
        headers: { ...bearer(admin), 'trpc-accept': 'application/jsonl' },
      }),
      400,
    ],
    ['HEAD (204)', () => ({ method: 'HEAD', path: '/trpc/auth.me', headers: bearer(admin) }), 204],
  ];

  it.each(cases)('%s', async (_name, request, status) => {
    const answers = await both(lean, stock, request());
    expect(answers.lean.status).toBe(status);
    expect(answers.lean).toEqual(answers.stock);
  });

  it('sends the same error shape with the request id, code and HTTP status', async () => {
    const { lean: answer } = await both(lean, stock, {
      method: 'POST',
      path: '/trpc/transactions.score',
      headers: json(admin),
      body: JSON.stringify({ transaction: transaction('EQ-S', { amount: '-5' }) }),
    });
    expect(answer.body).toMatchObject({
      error: {
        data: {
          code: 'BAD_REQUEST',
          httpStatus: 400,
          path: 'transactions.score',
          requestId: expect.stringMatching(/^equivalence-/) as unknown,
          zodError: expect.objectContaining({ issues: expect.any(Array) as unknown }) as unknown,
        },
      },
    });
  });

  it('answers 503 alike, and tells onError alike, when the store is gone', async () => {
    await store.close();
    const answers = await both(lean, stock, { path: '/trpc/auth.me', headers: bearer(admin) });
    expect(answers.lean.status).toBe(503);
    expect(answers.lean).toEqual(answers.stock);
    const warning = (lines: string[]) =>
      lines.some((line) => line.includes('procedure failed: database unavailable'));
    expect(warning(logged.lean)).toBe(true);
    expect(warning(logged.stock)).toBe(true);
  });
});

describe('single tRPC calls: rate limits answer alike on both paths', () => {
  let lean: RunningTestServer;
  let stock: RunningTestServer;
  let file: TempSqliteFile;
  let store: Store;

  beforeAll(async () => {
    file = createTempSqliteFile();
    store = await openStore(testSettings({ DATABASE_URL: file.url }).database);
    const env = { RATE_LIMIT_READ: '3' };
    lean = await startTestServer({ store, env });
    stock = await startTestServer({ store, env, trpcSingleCallPath: false });
  });

  afterAll(async () => {
    await lean?.close();
    await stock?.close();
    await store?.close();
    file?.cleanup();
  });

  it('allows the same calls with the same headers, then refuses with 429 and Retry-After', async () => {
    const request: Request = { path: '/trpc/system.health' };
    const answers: Array<{ lean: Exchange; stock: Exchange }> = [];
    for (let index = 0; index < 4; index++) answers.push(await both(lean, stock, request));
    for (const { lean: fromLean, stock: fromStock } of answers) {
      expect(fromLean).toEqual(fromStock);
    }
    expect(answers.map(({ lean: answer }) => answer.status)).toEqual([200, 200, 200, 429]);
    const refused = answers[3]!.lean;
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.body).toMatchObject({
      error: { data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429 } },
    });
  });
});
