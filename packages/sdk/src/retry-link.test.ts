import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKlernoClient, isRateLimited, isUnauthorized } from './index.js';

/** Refuses every call: 429 with `data.retryAfter` = `retryAfter` (or a 401). */
let answer: { httpStatus: number; code: string; retryAfter?: number };
let requests = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests += 1;
    const procedures = new URL(req.url ?? '', 'http://x').pathname.replace('/trpc/', '').split(',');
    res.writeHead(answer.httpStatus, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        procedures.map(() => ({ error: { message: 'refused', code: -32029, data: answer } })),
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  requests = 0;
  answer = { httpStatus: 429, code: 'TOO_MANY_REQUESTS', retryAfter: 0 };
});

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

describe('retry.rateLimited', () => {
  it('sends a refused call at most maxRetries more times, then fails with the 429', async () => {
    const client = createKlernoClient({ baseUrl, retry: { rateLimited: { maxRetries: 2 } } });
    expect(isRateLimited(await failureOf(client.system.health.query()))).toBe(true);
    expect(requests).toBe(3);
  });

  it('does not retry other errors, nor a 429 that names no delay', async () => {
    const client = createKlernoClient({ baseUrl, retry: { rateLimited: { maxRetries: 2 } } });
    answer = { httpStatus: 401, code: 'UNAUTHORIZED' };
    expect(isUnauthorized(await failureOf(client.system.health.query()))).toBe(true);
    expect(requests).toBe(1);

    answer = { httpStatus: 429, code: 'TOO_MANY_REQUESTS' };
    expect(isRateLimited(await failureOf(client.system.health.query()))).toBe(true);
    expect(requests).toBe(2);
  });

  it('is off unless asked for', async () => {
    const client = createKlernoClient({ baseUrl });
    expect(isRateLimited(await failureOf(client.system.health.query()))).toBe(true);
    expect(requests).toBe(1);
  });
});
