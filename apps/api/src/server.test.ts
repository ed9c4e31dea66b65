import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@klerno/db';
import { createMemoryStore } from '@klerno/db';
import { startTestServer, type RunningTestServer } from './testing/server.js';
import { registerUser } from './testing/trpc-http.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface HttpError {
  error: { code: string; message: string; requestId: string };
}

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

/** A store that fails every call (or only ping), counting what was asked of it. */
function failingStore(only?: 'ping'): { store: Store; calls: string[] } {
  const real = createMemoryStore();
  const calls: string[] = [];
  const store = new Proxy(real, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || property === 'kind' || property === 'close') return value;
      calls.push(property);
      if (only && property !== only) return value;
      return () => Promise.reject(new Error('database is gone'));
    },
  });
  return { store, calls };
}

describe('GET /health', () => {
  it('answers 200 with status, uptime and version, without touching the database', async () => {
    const { store, calls } = failingStore();
    const isolated = await startTestServer({ store });
    // What start-up itself asked (the sweep of abandoned jobs) is not /health's doing.
    calls.splice(0);
    try {
      const response = await fetch(`${isolated.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        uptime_seconds: expect.any(Number) as number,
        version: '0.1.0',
      });
      expect(calls).toEqual([]);
    } finally {
      await isolated.close();
    }
  });

  it('is also a tRPC procedure: system.health', async () => {
    const response = await fetch(`${api.url}/trpc/system.health`);
    expect(await response.json()).toEqual({
      result: {
        data: { status: 'ok', version: '0.1.0', uptimeSeconds: expect.any(Number) as number },
      },
    });
  });
});

describe('GET /ready', () => {
  it('is ready when the database answers', async () => {
    const response = await fetch(`${api.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { db: 'ok', redis: 'disabled' },
    });
  });

  it('answers 503 when the database does not', async () => {
    const { store } = failingStore('ping');
    const broken = await startTestServer({ store });
    try {
      const response = await fetch(`${broken.url}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'not_ready',
        checks: { db: 'unreachable', redis: 'disabled' },
      });
    } finally {
      await broken.close();
    }
  });

  it('answers 503 as soon as draining begins, while still serving other requests', async () => {
    const draining = await startTestServer();
    try {
      draining.server.beginDrain();
      const response = await fetch(`${draining.url}/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'not_ready',
        checks: { db: 'ok', redis: 'disabled' },
        draining: true,
      });
      expect((await fetch(`${draining.url}/health`)).status).toBe(200);
    } finally {
      await draining.close();
    }
  });
});

describe('X-Request-ID', () => {
  it('echoes a sane client id, in the header and in error bodies', async () => {
    const response = await fetch(`${api.url}/trpc/auth.me`, {
      headers: { 'x-request-id': 'client-id_1.2:3' },
    });
    expect(response.headers.get('x-request-id')).toBe('client-id_1.2:3');
    const body = (await response.json()) as { error: { data: { requestId: string } } };
    expect(body.error.data.requestId).toBe('client-id_1.2:3');
  });

  it.each([
    ['missing', undefined],
    ['with spaces', 'a b'],
    ['too long', 'x'.repeat(129)],
    ['with markup', '<script>alert(1)</script>'],
  ])('makes a fresh UUID when the client id is %s', async (_label, sent) => {
    const response = await fetch(`${api.url}/health`, {
      headers: sent === undefined ? {} : { 'x-request-id': sent },
    });
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });
});

describe('errors outside tRPC', () => {
  it('404 for an unknown route, in the error shape', async () => {
    const response = await fetch(`${api.url}/no/such/route?x=1`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as HttpError;
    expect(body).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'No route for GET /no/such/route',
        requestId: response.headers.get('x-request-id'),
      },
    });
  });

  it('413 for a body over 1 MiB, in the error shape, before any procedure runs', async () => {
    const { accessToken } = await registerUser(api.url);
    const response = await fetch(`${api.url}/trpc/transactions.ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ transactions: [{ memo: 'x'.repeat(1024 * 1024) }] }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as HttpError;
    expect(body.error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('1 MiB') as string,
      requestId: expect.any(String) as string,
    });
  });

  it('400 for malformed JSON, in the error shape, without a stack trace', async () => {
    const response = await fetch(`${api.url}/csp-report`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: '{"csp-report": ',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message: expect.any(String) as string,
        requestId: expect.any(String) as string,
      },
    });
    expect(text).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('sets the baseline security headers on every response', async () => {
    for (const path of ['/health', '/nope', '/trpc/auth.me']) {
      const response = await fetch(`${api.url}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('accepts CSP reports with 204', async () => {
    const response = await fetch(`${api.url}/csp-report`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({
        'csp-report': { 'document-uri': 'http://x/', 'violated-directive': 'script-src' },
      }),
    });
    expect(response.status).toBe(204);
  });
});

describe('tRPC over HTTP', () => {
  it('400 with data.zodError and data.requestId for malformed input; no stack trace', async () => {
    const response = await fetch(`${api.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 42 }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { message: string; data: Record<string, unknown> };
    };
    expect(body.error.data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      path: 'auth.login',
      requestId: response.headers.get('x-request-id'),
      zodError: {
        fieldErrors: {
          email: [expect.any(String) as string],
          password: [expect.any(String) as string],
        },
      },
    });
    expect(body.error.data).not.toHaveProperty('stack');
  });

  it('400 for malformed JSON', async () => {
    const response = await fetch(`${api.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { data: { requestId: string } } };
    expect(body.error.data.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('batches calls', async () => {
    const { accessToken } = await registerUser(api.url);
    const response = await fetch(
      `${api.url}/trpc/system.health,auth.me?batch=1&input=${encodeURIComponent('{}')}`,
      {
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Array<{ result: { data: unknown } }>;
    expect(body).toHaveLength(2);
    expect(body[1]!.result.data).toMatchObject({ role: 'admin' });
  });

  it('404 in tRPC shape for an unknown procedure', async () => {
    const response = await fetch(`${api.url}/trpc/nothing.here`);
    expect(response.status).toBe(404);
  });
});

describe('unexpected failures', () => {
  const login = (url: string) =>
    fetch(`${url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'someone@example.com', password: 'whatever it is' }),
    });

  it('are a 500 with a generic message and no stack trace outside development', async () => {
    const { store } = failingStore();
    const production = await startTestServer({
      store,
      env: { APP_ENV: 'production', LOG_LEVEL: 'silent' },
    });
    try {
      const response = await login(production.url);
      expect(response.status).toBe(500);
      const text = await response.text();
      const body = JSON.parse(text) as {
        error: { message: string; data: Record<string, unknown> };
      };
      expect(body.error.message).toBe('Internal server error');
      expect(body.error.data).not.toHaveProperty('stack');
      expect(text).not.toContain('database is gone');
    } finally {
      await production.close();
    }
  });

  it('show their message and stack in development', async () => {
    const { store } = failingStore();
    const development = await startTestServer({ store, env: { APP_ENV: 'development' } });
    try {
      const body = (await (await login(development.url)).json()) as {
        error: { data: { stack?: string } };
      };
      expect(body.error.data.stack).toEqual(expect.any(String) as string);
    } finally {
      await development.close();
    }
  });
});
