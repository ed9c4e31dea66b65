import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createKlernoClient,
  errorCode,
  isBadRequest,
  isConflict,
  isForbidden,
  isKlernoError,
  isNotFound,
  isRateLimited,
  isUnauthorized,
  retryAfter,
} from './index.js';
import type { KlernoFetch } from './index.js';

interface SeenRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

/** Answers every procedure of a batch like the API's system.health, or with `nextError`. */
let seen: SeenRequest[] = [];
let nextError:
  { code: number; data: { code: string; httpStatus: number; retryAfter?: number } } | undefined;
let nextHeaders: Record<string, string> = {};
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const procedures = new URL(req.url ?? '', 'http://x').pathname.replace('/trpc/', '').split(',');
    const body = procedures.map(() =>
      nextError
        ? { error: { message: 'refused', ...nextError } }
        : { result: { data: { status: 'ok' } } },
    );
    res.writeHead(nextError?.data.httpStatus ?? 200, {
      'content-type': 'application/json',
      ...nextHeaders,
    });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

beforeEach(() => {
  seen = [];
  nextError = undefined;
  nextHeaders = {};
});

describe('createKlernoClient', () => {
  it('calls <baseUrl>/trpc through the (non-streaming) batch link and returns the typed result', async () => {
    const client = createKlernoClient({ baseUrl: `${baseUrl}/` });

    const [first, second] = await Promise.all([
      client.system.health.query(),
      client.system.health.query(),
    ]);

    expect(first).toEqual({ status: 'ok' });
    expect(second).toEqual({ status: 'ok' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toMatch(/^\/trpc\/system\.health,system\.health\?batch=1/);
    expect(seen[0]!.headers['trpc-accept']).toBeUndefined();
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('never sends more calls in one batch than the API accepts (20)', async () => {
    const client = createKlernoClient({ baseUrl });

    const results = await Promise.all(
      Array.from({ length: 45 }, () => client.system.health.query()),
    );

    expect(results).toHaveLength(45);
    const batchSizes = seen.map(
      (request) => new URL(request.url, 'http://x').pathname.split(',').length,
    );
    expect(batchSizes.sort((a, b) => b - a)).toEqual([20, 20, 5]);
  });

  it('sends static headers and a static access token as a Bearer authorization', async () => {
    const client = createKlernoClient({
      baseUrl,
      headers: { 'x-request-id': 'req-1' },
      accessToken: 'token-1',
    });

    await client.system.health.query();

    expect(seen[0]!.headers['x-request-id']).toBe('req-1');
    expect(seen[0]!.headers.authorization).toBe('Bearer token-1');
  });

  it('calls header and token functions before every request', async () => {
    let calls = 0;
    const client = createKlernoClient({
      baseUrl,
      headers: () => Promise.resolve({ 'x-call': String(++calls) }),
      accessToken: () => `token-${calls}`,
    });

    await client.system.health.query();
    await client.system.health.query();

    expect(seen.map((request) => request.headers['x-call'])).toEqual(['1', '2']);
    expect(seen.map((request) => request.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('lets the access token replace an Authorization given in headers, whatever its case', async () => {
    const client = createKlernoClient({
      baseUrl,
      headers: new Headers({ Authorization: 'Basic old', 'x-kept': 'yes' }),
      accessToken: 'token-3',
    });

    await client.system.health.query();

    expect(seen[0]!.headers.authorization).toBe('Bearer token-3');
    expect(seen[0]!.headers['x-kept']).toBe('yes');
  });

  it('leaves the headers alone when the token getter has no token', async () => {
    const client = createKlernoClient({
      baseUrl,
      headers: { Authorization: 'Bearer from-headers' },
      accessToken: () => undefined,
    });

    await client.system.health.query();

    expect(seen[0]!.headers.authorization).toBe('Bearer from-headers');
  });

  it('uses the given fetch', async () => {
    const urls: string[] = [];
    const recordingFetch: KlernoFetch = (input, init) => {
      urls.push(input instanceof Request ? input.url : input.toString());
      return fetch(input, init);
    };
    const client = createKlernoClient({ baseUrl, fetch: recordingFetch });

    await client.system.health.query();

    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain(`${baseUrl}/trpc/system.health`);
  });
});

describe('errorCode', () => {
  it("gives the server's tRPC code", async () => {
    nextError = { code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401 } };
    const client = createKlernoClient({ baseUrl });

    const error: unknown = await client.system.health.query().catch((e: unknown) => e);

    expect(isKlernoError(error)).toBe(true);
    expect(errorCode(error)).toBe('UNAUTHORIZED');
  });

  it('is undefined when the request never reached the API, and for other errors', async () => {
    const unreachable = createKlernoClient({ baseUrl: 'http://127.0.0.1:1' });

    const error: unknown = await unreachable.system.health.query().catch((e: unknown) => e);

    expect(isKlernoError(error)).toBe(true);
    expect(errorCode(error)).toBeUndefined();
    expect(isKlernoError(new Error('plain'))).toBe(false);
    expect(errorCode('not an error')).toBeUndefined();
  });
});

async function refusal(code: string, httpStatus: number, retryAfterSeconds?: number) {
  nextError = {
    code: -32000,
    data: {
      code,
      httpStatus,
      ...(retryAfterSeconds === undefined ? {} : { retryAfter: retryAfterSeconds }),
    },
  };
  return createKlernoClient({ baseUrl })
    .system.health.query()
    .catch((e: unknown) => e);
}

describe('typed error helpers', () => {
  it.each([
    ['UNAUTHORIZED', 401, isUnauthorized],
    ['FORBIDDEN', 403, isForbidden],
    ['NOT_FOUND', 404, isNotFound],
    ['CONFLICT', 409, isConflict],
    ['BAD_REQUEST', 400, isBadRequest],
    ['TOO_MANY_REQUESTS', 429, isRateLimited],
  ])('%s is recognised by its helper and by no other', async (code, status, helper) => {
    const error = await refusal(code, status);
    const helpers = [
      isUnauthorized,
      isForbidden,
      isNotFound,
      isConflict,
      isBadRequest,
      isRateLimited,
    ];
    expect(helpers.filter((candidate) => candidate(error))).toEqual([helper]);
  });

  it('reads retryAfter from the error body, else from the Retry-After header', async () => {
    expect(retryAfter(await refusal('TOO_MANY_REQUESTS', 429, 12.2))).toBe(13);

    nextHeaders = { 'retry-after': '7' };
    expect(retryAfter(await refusal('TOO_MANY_REQUESTS', 429))).toBe(7);

    const now = new Date('2030-01-01T00:00:00Z');
    nextHeaders = { 'retry-after': 'Tue, 01 Jan 2030 00:00:30 GMT' };
    expect(retryAfter(await refusal('TOO_MANY_REQUESTS', 429), now)).toBe(30);
  });

  it('has no retryAfter when the API named no delay, or for other errors', async () => {
    expect(retryAfter(await refusal('TOO_MANY_REQUESTS', 429))).toBeUndefined();
    nextHeaders = { 'retry-after': 'soon' };
    expect(retryAfter(await refusal('TOO_MANY_REQUESTS', 429))).toBeUndefined();
    expect(retryAfter(new Error('plain'))).toBeUndefined();
  });
});
