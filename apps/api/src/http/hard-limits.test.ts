import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, type Store } from '@klerno/db';
import { BODY_LIMIT_BYTES } from '../server.js';
import { call } from '../testing/auth-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import { registerUser, type TrpcErrorShape } from '../testing/trpc-http.js';

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 1_500;
const PROCEDURE_TIME_LIMIT_MS = 300;
const MAX_BATCH_SIZE = 5;

/**
 * A memory store whose `organizations.byId` waits while `hold` is set: the test's stand-in for a
 * slow query (no slow procedure exists in production code). Counts the calls too.
 */
function storeWithSlowOrganizationReads() {
  const base = createMemoryStore();
  const gate = { hold: null as Promise<void> | null, calls: 0 };
  const organizations = new Proxy(base.organizations, {
    get(target, property, receiver) {
      if (property !== 'byId') return Reflect.get(target, property, receiver) as unknown;
      return async (id: string) => {
        gate.calls += 1;
        if (gate.hold) await gate.hold;
        return target.byId(id);
      };
    },
  });
  const store: Store = new Proxy(base, {
    get(target, property, receiver) {
      return property === 'organizations'
        ? organizations
        : (Reflect.get(target, property, receiver) as unknown);
    },
  });
  return { store, gate };
}

interface RawResponse {
  statusLine: string;
  headers: string;
  body: string;
}

/** Sends `chunk` on a raw socket and never completes the request; resolves with what comes back. */
function stallingRequest(
  url: string,
  chunk: string,
): { response: Promise<RawResponse>; answered: () => boolean } {
  const { hostname, port } = new URL(url);
  let answered = false;
  const response = new Promise<RawResponse>((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(chunk));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      answered = true;
      received += data;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      if (received === '') reject(new Error('connection closed without an answer'));
      else resolve({ statusLine, headers: headerLines.join('\n').toLowerCase(), body });
    });
  });
  return { response, answered: () => answered };
}

const slow = storeWithSlowOrganizationReads();
let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer({
    store: slow.store,
    hardLimits: {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      timeoutCheckIntervalMs: 100,
      procedureTimeLimitMs: PROCEDURE_TIME_LIMIT_MS,
      maxBatchSize: MAX_BATCH_SIZE,
    },
  });
});
afterAll(() => api.close());

async function healthIsServed(): Promise<void> {
  const response = await fetch(`${api.url}/health`);
  expect(response.status).toBe(200);
}

describe('body size', () => {
  it('answers 413 over 1 MiB on /trpc, in the tRPC error shape, while others are served', async () => {
    const [tooLarge] = await Promise.all([
      call(api.url, 'auth.login', {
        input: { email: 'big@example.com', password: 'x'.repeat(BODY_LIMIT_BYTES) },
      }),
      healthIsServed(),
    ]);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).not.toContain('xxxx');
  });

  it('answers 413 over 64 KiB on /csp-report, in the error shape', async () => {
    const report = JSON.stringify({ 'csp-report': { 'blocked-uri': 'x'.repeat(65 * 1024) } });
    const [response] = await Promise.all([
      fetch(`${api.url}/csp-report`, {
        method: 'POST',
        headers: { 'content-type': 'application/csp-report' },
        body: report,
      }),
      healthIsServed(),
    ]);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});

describe('slow clients', () => {
  it('answers 408 to headers that do not arrive in time; other clients are served meanwhile', async () => {
    const started = Date.now();
    const stalled = stallingRequest(api.url, 'GET /health HTTP/1.1\r\nHost: localhost\r\n');
    await healthIsServed();
    await healthIsServed();
    expect(stalled.answered()).toBe(false);
    const response = await stalled.response;
    expect(response.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(response.headers).toContain('connection: close');
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'TIMEOUT' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
  });

  it('answers 408 to a body that does not arrive in time; other clients are served meanwhile', async () => {
    const stalled = stallingRequest(
      api.url,
      'POST /trpc/auth.login HTTP/1.1\r\nHost: localhost\r\n' +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
    );
    await healthIsServed();
    expect(stalled.answered()).toBe(false);
    const response = await stalled.response;
    expect(response.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'TIMEOUT' } });
  });
});

describe('procedure time limit', () => {
  it('answers TIMEOUT (408) when a procedure runs too long; other calls are served meanwhile', async () => {
    const grant = await registerUser(api.url);
    let release = () => undefined as void;
    slow.gate.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      const started = Date.now();
      const [timedOut, health] = await Promise.all([
        call(api.url, 'org.get', {
          method: 'GET',
          headers: { authorization: `Bearer ${grant.accessToken}` },
        }),
        call(api.url, 'system.health', { method: 'GET' }),
      ]);
      expect(health.status).toBe(200);
      expect(timedOut.status).toBe(408);
      expect(timedOut.error).toMatchObject({
        data: { code: 'TIMEOUT', httpStatus: 408, path: 'org.get' },
      });
      expect(timedOut.error!.message).toMatch(/took longer than 0\.3 s/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(PROCEDURE_TIME_LIMIT_MS - 20);
    } finally {
      slow.gate.hold = null;
      release();
    }
    const after = await call(api.url, 'org.get', {
      method: 'GET',
      headers: { authorization: `Bearer ${grant.accessToken}` },
    });
    expect(after.status).toBe(200);
  });
});

describe('batch size', () => {
  const batchOf = (count: number, token: string) =>
    fetch(
      `${api.url}/trpc/${Array.from({ length: count }, () => 'org.get').join(',')}?batch=1&input=${encodeURIComponent('{}')}`,
      { headers: { authorization: `Bearer ${token}` } },
    );

  it(`runs a batch of ${MAX_BATCH_SIZE} calls`, async () => {
    const grant = await registerUser(api.url);
    const response = await batchOf(MAX_BATCH_SIZE, grant.accessToken);
    expect(response.status).toBe(200);
    expect((await response.json()) as unknown[]).toHaveLength(MAX_BATCH_SIZE);
  });

  it('refuses a larger batch with 400 before any of its calls runs', async () => {
    const grant = await registerUser(api.url);
    const callsBefore = slow.gate.calls;
    const [response] = await Promise.all([
      batchOf(MAX_BATCH_SIZE + 1, grant.accessToken),
      healthIsServed(),
    ]);
    expect(response.status).toBe(400);
    const body = (await response.json()) as
      { error: TrpcErrorShape } | Array<{ error: TrpcErrorShape }>;
    const error = Array.isArray(body) ? body[0]!.error : body.error;
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(new RegExp(`at most ${MAX_BATCH_SIZE} calls`));
    expect(slow.gate.calls).toBe(callsBefore);
  });
});
