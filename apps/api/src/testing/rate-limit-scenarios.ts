/**
 * The behaviour of SPEC §6 over real HTTP, written once and run against both counter stores:
 * in memory (rate-limit/limits.test.ts) and in Redis (rate-limit/redis.int.test.ts).
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKey, signUp, TEST_PASSWORD, uniqueEmail, type Credential } from './admin-http.js';
import { callFrom, requestFrom, type AddressedCall } from './from-address.js';
import { GENEROUS_RATE_LIMITS, sqliteFileOf, type RunningTestServer } from './server.js';
import type { Outputs } from './trpc-http.js';

/** Starts a server whose settings add `env` to generous limits (every test gets fresh counters). */
export type StartLimitedServer = (env: Record<string, string>) => Promise<RunningTestServer>;

const HOST_A = '127.0.0.1';
const HOST_B = '127.0.0.2';
const HOST_C = '127.0.0.3';

interface AuditRow {
  event: string;
  actor: string | null;
  target: string | null;
  organization_id: string | null;
  ip: string | null;
  details: string;
}

/** Every entry of one event in the server's SQLite file (entries without organization included). */
export function auditRows(api: RunningTestServer, event: string): AuditRow[] {
  const db = new Database(sqliteFileOf(api), { readonly: true });
  try {
    return db
      .prepare(
        'select event, actor, target, organization_id, ip, details from audit_log where event = ? order by rowid',
      )
      .all(event) as AuditRow[];
  } finally {
    db.close();
  }
}

const header = (result: { headers: Headers }, name: string) => result.headers.get(name);

function statuses(results: Array<{ status: number }>): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of results) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** What every refusal must carry: the 429 shape, Retry-After equal to data.retryAfter, nothing left. */
function expectRefusal(result: AddressedCall<unknown>, windowSeconds: number): void {
  expect(result.status).toBe(429);
  expect(result.error?.data.code).toBe('TOO_MANY_REQUESTS');
  expect(result.error?.data.httpStatus).toBe(429);
  const retryAfter = Number(header(result, 'retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(result.error?.data.retryAfter).toBe(retryAfter);
  expect(header(result, 'x-ratelimit-remaining')).toBe('0');
}

const transaction = () => ({
  chain: 'xrpl',
  txId: randomUUID().replaceAll('-', ''),
  timestamp: '2024-05-01T12:00:00Z',
  fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
  toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
  amount: '1',
  currency: 'XRP',
  direction: 'in',
});

export function describeRateLimits(store: string, start: StartLimitedServer): void {
  let running: RunningTestServer[] = [];
  const server = async (env: Record<string, string>) => {
    const api = await start({ ...GENEROUS_RATE_LIMITS, ...env });
    running.push(api);
    return api;
  };
  afterEach(async () => {
    await Promise.all(running.map((api) => api.close()));
    running = [];
  });

  describe(`rate limits (${store})`, () => {
    it('lets exactly L of N parallel requests through, with consistent headers on all of them', async () => {
      const api = await server({ RATE_LIMIT_READ: '10' });
      const admin = await signUp(api.url);
      const { secret } = await createKey(api.url, admin, 'viewer');
      const started = Math.floor(Date.now() / 1000);

      const results = await Promise.all(
        Array.from({ length: 30 }, () =>
          callFrom(HOST_A, api.url, 'transactions.list', {}, { apiKey: secret }),
        ),
      );

      expect(statuses(results)).toEqual({ 200: 10, 429: 20 });
      for (const result of results) {
        expect(header(result, 'x-ratelimit-limit')).toBe('10');
        expect(header(result, 'ratelimit-policy')).toBe('"read";q=10;w=60');
        const remaining = Number(header(result, 'x-ratelimit-remaining'));
        expect(remaining).toBeGreaterThanOrEqual(0);
        expect(header(result, 'ratelimit')).toMatch(new RegExp(`^"read";r=${remaining};t=\\d+$`));
        const reset = Number(header(result, 'x-ratelimit-reset'));
        expect(reset).toBeGreaterThanOrEqual(started);
        expect(reset).toBeLessThanOrEqual(started + 62);
        if (result.status === 429) expectRefusal(result, 60);
        else expect(header(result, 'retry-after')).toBeNull();
      }
      const remainders = results
        .filter((result) => result.status === 200)
        .map((result) => Number(header(result, 'x-ratelimit-remaining')));
      expect(remainders.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it("holds an identity's limit across client IPs, and gives every user and API key its own", async () => {
      const api = await server({ RATE_LIMIT_READ: '4' });
      const admin = await signUp(api.url);
      const keyA = { apiKey: (await createKey(api.url, admin, 'viewer', 'A')).secret };
      const keyB = { apiKey: (await createKey(api.url, admin, 'viewer', 'B')).secret };
      const list = (host: string, credential: Credential) =>
        callFrom(host, api.url, 'transactions.list', {}, credential);

      for (let i = 0; i < 4; i += 1) expect((await list(HOST_A, keyA)).status).toBe(200);
      // Key A has spent its budget: from another address too.
      expectRefusal(await list(HOST_B, keyA), 60);
      // Key B has its own; host A's address has spent its budget, whoever calls.
      expect((await list(HOST_B, keyB)).status).toBe(200);
      expectRefusal(await list(HOST_A, keyB), 60);
      // The user who created both keys is a third identity.
      expect((await list(HOST_C, admin.credential)).status).toBe(200);
    });

    it("shows a batch's most restrictive call in the headers", async () => {
      const api = await server({ RATE_LIMIT_WRITE: '100', RATE_LIMIT_IMPORT: '3' });
      const admin = await signUp(api.url);
      const spare = await createKey(api.url, admin, 'viewer');
      const batch = () =>
        requestFrom(HOST_A, `${api.url}/trpc/apiKeys.revoke,transactions.ingest?batch=1`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${admin.accessToken}`,
          },
          body: JSON.stringify({
            0: { id: spare.apiKey.id },
            1: { transactions: [transaction()] },
          }),
        });

      const first = await batch();
      expect(first.status).toBe(200);
      expect(header(first, 'ratelimit-policy')).toBe('"import";q=3;w=60');
      expect(header(first, 'x-ratelimit-remaining')).toBe('2');
      await batch();
      await batch();

      const refused = await batch();
      const [revoked, ingested] = JSON.parse(refused.text) as Array<{
        result?: unknown;
        error?: { data: { code: string; retryAfter?: number } };
      }>;
      expect(revoked?.result).toBeDefined();
      expect(ingested?.error?.data.code).toBe('TOO_MANY_REQUESTS');
      expect(header(refused, 'ratelimit-policy')).toBe('"import";q=3;w=60');
      expect(header(refused, 'x-ratelimit-remaining')).toBe('0');
      expect(Number(header(refused, 'retry-after'))).toBe(ingested?.error?.data.retryAfter);
    });

    it('records excess_rate_limit_exceeded once per key and window, not once per refusal', async () => {
      const api = await server({ RATE_LIMIT_READ: '3', RATE_LIMIT_WINDOW_SECONDS: '3' });
      const admin = await signUp(api.url);
      const key = await createKey(api.url, admin, 'viewer');
      const other = await createKey(api.url, admin, 'viewer');
      const burst = (host: string, credential: Credential, count: number) =>
        Promise.all(
          Array.from({ length: count }, () =>
            callFrom(host, api.url, 'transactions.list', {}, credential),
          ),
        );

      // Host A's address runs out (the key is never charged for the refused calls).
      expect(statuses(await burst(HOST_A, { apiKey: key.secret }, 8))).toEqual({ 200: 3, 429: 5 });
      // The key has no budget left from host B either (host B's address still has some).
      expect(statuses(await burst(HOST_B, { apiKey: key.secret }, 3))).toEqual({ 429: 3 });
      const entries = auditRows(api, 'excess_rate_limit_exceeded');
      expect(entries.map((entry) => [entry.ip, entry.actor, entry.organization_id])).toEqual([
        [HOST_A, null, null],
        [HOST_B, `apikey:${key.apiKey.id}`, expect.any(String)],
      ]);
      expect(JSON.parse(entries[0]!.details)).toEqual({
        policy: 'read',
        partition: 'ip',
        limit: 3,
        windowSeconds: 3,
      });
      expect(entries[1]!.target).toBe('transactions.list');

      // The next window: host A's address gets its budget back, and a new first refusal.
      await vi.waitFor(
        async () => {
          const probe = await callFrom(
            HOST_A,
            api.url,
            'transactions.list',
            {},
            { apiKey: other.secret },
          );
          expect(probe.status).toBe(200);
        },
        { timeout: 5000, interval: 100 },
      );
      await burst(HOST_A, { apiKey: other.secret }, 6);
      expect(
        auditRows(api, 'excess_rate_limit_exceeded').map((entry) => [entry.ip, entry.actor]),
      ).toEqual([
        [HOST_A, null],
        [HOST_B, `apikey:${key.apiKey.id}`],
        [HOST_A, null],
      ]);
    });

    it('limits POST /csp-report per client IP and refuses in the error shape of SPEC §3', async () => {
      const api = await server({ RATE_LIMIT_CSP_REPORT: '2' });
      const report = (host: string) =>
        requestFrom(host, `${api.url}/csp-report`, {
          method: 'POST',
          headers: { 'content-type': 'application/csp-report' },
          body: JSON.stringify({ 'csp-report': { 'violated-directive': 'script-src' } }),
        });

      const [first, second, third] = [
        await report(HOST_A),
        await report(HOST_A),
        await report(HOST_A),
      ];
      expect([first.status, second.status, third.status]).toEqual([204, 204, 429]);
      expect(header(first, 'ratelimit-policy')).toBe('"csp-report";q=2;w=60');
      expect(header(second, 'x-ratelimit-remaining')).toBe('0');
      expect(Number(header(third, 'retry-after'))).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(third.text)).toEqual({
        error: {
          code: 'TOO_MANY_REQUESTS',
          message: expect.stringMatching(/Too many requests/) as string,
          requestId: header(third, 'x-request-id'),
        },
      });
      expect((await report(HOST_B)).status).toBe(204);
    });
  });

  describe(`login protection (${store})`, () => {
    const login = (api: RunningTestServer, host: string, email: string, password: string) =>
      callFrom<Outputs['auth']['login']>(host, api.url, 'auth.login', { email, password }, null);

    it('lets exactly 5 of 20 parallel sign-ins from one IP reach the password check', async () => {
      const api = await server({ RATE_LIMIT_LOGIN_PER_IP: '5' });
      const admin = await signUp(api.url);

      const results = await Promise.all(
        Array.from({ length: 20 }, () => login(api, HOST_A, admin.email, TEST_PASSWORD)),
      );

      expect(statuses(results)).toEqual({ 200: 5, 429: 15 });
      for (const result of results) {
        expect(header(result, 'ratelimit-policy')).toBe('"login";q=5;w=60');
        if (result.status === 429) expectRefusal(result, 60);
      }
      // Another address is not affected; the refusals left one audit entry.
      expect((await login(api, HOST_B, admin.email, TEST_PASSWORD)).status).toBe(200);
      const entries = auditRows(api, 'excess_rate_limit_exceeded');
      expect(entries.map((entry) => [entry.ip, entry.actor, entry.target])).toEqual([
        [HOST_A, admin.email, 'auth.login'],
      ]);
    });

    it('locks an email+IP pair after 10 failures, refusing even the right password, with one authn_login_lock', async () => {
      const api = await server({
        RATE_LIMIT_LOGIN_FAILURES: '10',
        RATE_LIMIT_LOGIN_BLOCK_SECONDS: '900',
      });
      const victim = await signUp(api.url);
      const bystander = await signUp(api.url);

      for (let i = 0; i < 10; i += 1) {
        expect((await login(api, HOST_A, victim.email, `wrong password ${i}`)).status).toBe(401);
      }
      for (const password of [TEST_PASSWORD, 'wrong again', TEST_PASSWORD]) {
        const refused = await login(api, HOST_A, victim.email, password);
        expectRefusal(refused, 900);
        expect(refused.error?.message).toMatch(/failed sign-in attempts/);
        expect(refused.error!.data.retryAfter).toBeGreaterThan(850);
        expect(header(refused, 'ratelimit-policy')).toBe('"login-lock";q=10;w=900');
      }
      // Only the pair is locked: another account from the same address, the same account elsewhere.
      expect((await login(api, HOST_A, bystander.email, TEST_PASSWORD)).status).toBe(200);
      expect((await login(api, HOST_B, victim.email, TEST_PASSWORD)).status).toBe(200);

      const locks = auditRows(api, 'authn_login_lock');
      expect(locks).toHaveLength(1);
      expect(locks[0]).toMatchObject({ actor: victim.email, target: victim.id, ip: HOST_A });
      expect(JSON.parse(locks[0]!.details)).toEqual({ failures: 10, lockedForSeconds: 900 });
      const failures = auditRows(api, 'authn_login_fail').filter(
        (entry) => entry.actor === victim.email,
      );
      expect(failures).toHaveLength(10);
      expect(JSON.stringify([...locks, ...failures])).not.toContain('wrong password');
      expect(JSON.stringify([...locks, ...failures])).not.toContain(TEST_PASSWORD);
    });

    it('resets the failures on success, and counts failures for unknown emails alike', async () => {
      const api = await server({ RATE_LIMIT_LOGIN_FAILURES: '3' });
      const member = await signUp(api.url);
      const attempt = (password: string) => login(api, HOST_A, member.email, password);

      expect((await attempt('nope 1')).status).toBe(401);
      expect((await attempt('nope 2')).status).toBe(401);
      expect((await attempt(TEST_PASSWORD)).status).toBe(200);
      expect((await attempt('nope 3')).status).toBe(401);
      expect((await attempt('nope 4')).status).toBe(401);
      expect((await attempt(TEST_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 3; i += 1) expect((await attempt(`nope ${i + 5}`)).status).toBe(401);
      expect((await attempt(TEST_PASSWORD)).status).toBe(429);

      // An unknown email locks the same way (nothing tells it apart from a real account).
      const stranger = uniqueEmail('nobody');
      for (let i = 0; i < 3; i += 1) {
        expect((await login(api, HOST_A, stranger, 'whatever it is')).status).toBe(401);
      }
      expect((await login(api, HOST_A, stranger, 'whatever it is')).status).toBe(429);
      expect(auditRows(api, 'authn_login_lock').map((entry) => entry.actor)).toEqual([
        member.email,
        stranger,
      ]);
    });
  });
}
