/**
 * Two API processes on one PostgreSQL database and one Redis, as behind a load balancer: a quota
 * is global, and a logout or a role change made through one is enforced by the other on the
 * very next request.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempPostgresDatabase, type TempPostgresDatabase } from '@klerno/db/testing';
import { call, ok } from './testing/admin-http.js';
import { startInstance, type Instance } from './testing/instances.js';
import {
  deleteKeysUnder,
  inspectingClient,
  keysUnder,
  SHARED_TEST_REDIS_URL,
  uniqueRedisKeyPrefix,
} from './testing/redis.js';
import { registerUser, type Outputs } from './testing/trpc-http.js';

/** The csp-report quota both instances share; no other test here sends CSP reports. */
const CSP_REPORT_LIMIT = 7;
const PASSWORD = 'a long enough password';

const prefix = uniqueRedisKeyPrefix();
const inspector = inspectingClient(SHARED_TEST_REDIS_URL);
let database: TempPostgresDatabase;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  database = await createTempPostgresDatabase();
  const options = {
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: SHARED_TEST_REDIS_URL,
      RATE_LIMIT_CSP_REPORT: String(CSP_REPORT_LIMIT),
    },
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

const bearer = (token: string) => ({ token });

describe('two API processes on one database and one Redis', () => {
  it(`share a quota: ${CSP_REPORT_LIMIT} reports in total across both are accepted, not twice that`, async () => {
    const report = JSON.stringify({ 'csp-report': { 'violated-directive': 'script-src' } });
    const send = (instance: Instance) =>
      fetch(`${instance.url}/csp-report`, {
        method: 'POST',
        headers: { 'content-type': 'application/csp-report' },
        body: report,
      });
    const responses = await Promise.all(
      Array.from({ length: CSP_REPORT_LIMIT * 3 }, (_, index) => send(index % 2 === 0 ? a : b)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 204)).toHaveLength(CSP_REPORT_LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(CSP_REPORT_LIMIT * 2);
    // Both instances refused some: the count they share lives in Redis.
    const refusedBy = new Set(
      responses.flatMap((response, index) => (response.status === 429 ? [index % 2] : [])),
    );
    expect(refusedBy.size).toBe(2);
    expect((await keysUnder(inspector, prefix)).length).toBeGreaterThan(0);
  });

  it('a logout through A is refused by B on the next request', async () => {
    const grant = await registerUser(a.url, `multi-${randomUUID()}@example.com`, PASSWORD);
    expect((await call(b.url, 'auth.me', undefined, bearer(grant.accessToken))).status).toBe(200);
    await ok(a.url, 'auth.logout', undefined, bearer(grant.accessToken));
    const after = await call(b.url, 'auth.me', undefined, bearer(grant.accessToken));
    expect(after.status).toBe(401);
    expect(after.error!.message).toMatch(/signed out/);
  });

  it('a role change through A is enforced by B on the next request', async () => {
    const admin = await registerUser(a.url, `admin-${randomUUID()}@example.com`, PASSWORD);
    const memberEmail = `member-${randomUUID()}@example.com`;
    const invitation = await ok<Outputs['org']['invite']>(
      a.url,
      'org.invite',
      { email: memberEmail, role: 'admin' },
      bearer(admin.accessToken),
    );
    const member = await ok<Outputs['auth']['register']>(
      b.url,
      'auth.register',
      { email: memberEmail, password: PASSWORD, invitationToken: invitation.token },
      null,
    );
    expect((await call(b.url, 'users.list', {}, bearer(member.accessToken))).status).toBe(200);

    await ok(
      a.url,
      'users.setRole',
      { userId: member.user.id, role: 'viewer' },
      bearer(admin.accessToken),
    );
    const revoked = await call(b.url, 'users.list', {}, bearer(member.accessToken));
    expect(revoked.status).toBe(401);

    // A fresh token from B carries the new role: the admin procedure is now forbidden.
    const refreshed = await ok<Outputs['auth']['refresh']>(
      b.url,
      'auth.refresh',
      { refreshToken: member.refreshToken },
      null,
    );
    expect(refreshed.user.role).toBe('viewer');
    expect((await call(b.url, 'users.list', {}, bearer(refreshed.accessToken))).status).toBe(403);
  });
});
