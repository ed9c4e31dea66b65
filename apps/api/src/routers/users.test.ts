import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import {
  call,
  join,
  ok,
  signIn,
  signUp,
  TEST_PASSWORD,
  type Member,
} from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type MemberPage = Outputs['users']['list'];
type AuditPage = Outputs['audit']['list'];

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api?.close());

const members = (admin: Member) =>
  ok<MemberPage>(api.url, 'users.list', { limit: 200 }, admin.credential);
const setRole = (caller: Member, userId: string, role: unknown, headers?: Record<string, string>) =>
  call<Outputs['users']['setRole']>(
    api.url,
    'users.setRole',
    { userId, role },
    caller.credential,
    headers ? { headers } : {},
  );
const setDisabled = (caller: Member, userId: string, disabled: unknown) =>
  call<Outputs['users']['setDisabled']>(
    api.url,
    'users.setDisabled',
    { userId, disabled },
    caller.credential,
  );
const me = (member: Member) => call(api.url, 'auth.me', undefined, member.credential);
const auditOf = (admin: Member, filter: Record<string, unknown> = {}) =>
  ok<AuditPage>(api.url, 'audit.list', { limit: 200, ...filter }, admin.credential);

describe('users.list', () => {
  it('pages through the organization oldest first with exactly the public fields', async () => {
    const admin = await signUp(api.url);
    const joined = [
      await join(api.url, admin, 'viewer'),
      await join(api.url, admin, 'analyst'),
      await join(api.url, admin, 'admin'),
    ];
    const first = await ok<MemberPage>(api.url, 'users.list', { limit: 3 }, admin.credential);
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await ok<MemberPage>(
      api.url,
      'users.list',
      { limit: 3, cursor: first.nextCursor },
      admin.credential,
    );
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.map((user) => user.id)).toEqual([admin, ...joined].map((user) => user.id));
    expect(all[1]).toEqual({
      id: joined[0]!.id,
      email: joined[0]!.email,
      role: 'viewer',
      disabled: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
    });
    expect(Object.keys(all[0]!).sort()).toEqual(['createdAt', 'disabled', 'email', 'id', 'role']);
  });

  it('refuses a cursor it did not make and limits out of range with 400', async () => {
    const admin = await signUp(api.url);
    for (const input of [
      { cursor: 'not-a-cursor' },
      { limit: 0 },
      { limit: 201 },
      { limit: 1.5 },
    ]) {
      const result = await call(api.url, 'users.list', input, admin.credential);
      expect(result.status, JSON.stringify(input)).toBe(400);
    }
  });
});

describe('users.setRole', () => {
  it("takes effect on the user's very next request and is audited with from/to", async () => {
    const admin = await signUp(api.url);
    const analyst = await join(api.url, admin, 'analyst');
    expect((await me(analyst)).status).toBe(200);

    const changed = await setRole(admin, analyst.id, 'viewer', {
      'user-agent': 'users-test/1.0',
      'x-request-id': 'set-role-request-1',
    });
    expect(changed.status).toBe(200);
    expect(changed.data).toMatchObject({ id: analyst.id, role: 'viewer', disabled: false });

    // The token issued before the change is dead at once; a new sign-in carries the new role.
    const stale = await me(analyst);
    expect(stale.status).toBe(401);
    const again = await signIn(api.url, analyst);
    expect(again.role).toBe('viewer');
    const ingest = await call(
      api.url,
      'transactions.ingest',
      { transactions: [] },
      again.credential,
    );
    expect(ingest.status).toBe(403);

    const [entry] = (await auditOf(admin, { event: 'authz_change', actor: admin.id })).items.filter(
      (item) => item.target === analyst.id,
    );
    expect(entry).toMatchObject({
      event: 'authz_change',
      actor: admin.id,
      target: analyst.id,
      outcome: 'success',
      ip: '127.0.0.1',
      userAgent: 'users-test/1.0',
      requestId: 'set-role-request-1',
      details: { action: 'user.setRole', from: 'analyst', to: 'viewer' },
    });
  });

  it('changes nothing and records nothing when the role is already the one asked for', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    const before = (await auditOf(admin)).items.length;
    expect((await setRole(admin, viewer.id, 'viewer')).status).toBe(200);
    expect((await me(viewer)).status).toBe(200);
    expect((await auditOf(admin)).items.length).toBe(before);
  });

  it('refuses unknown roles, malformed and unknown ids, and huge strings without a change', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    const before = await members(admin);
    const cases: Array<[unknown, unknown, number]> = [
      [viewer.id, 'owner', 400],
      [viewer.id, 'ADMIN', 400],
      [viewer.id, null, 400],
      [viewer.id, 'x'.repeat(100_000), 400],
      ['not-a-uuid', 'admin', 400],
      ["' OR 1=1--", 'admin', 400],
      ['x'.repeat(100_000), 'admin', 400],
      [uuidv7(), 'admin', 404],
    ];
    for (const [userId, role, status] of cases) {
      const result = await call(api.url, 'users.setRole', { userId, role }, admin.credential);
      expect(result.status, `${String(userId).slice(0, 20)} ${String(role).slice(0, 20)}`).toBe(
        status,
      );
      expect(result.error?.message.length).toBeLessThan(300);
    }
    const missing = await call(api.url, 'users.setRole', { userId: viewer.id }, admin.credential);
    expect(missing.status).toBe(400);
    expect(missing.error?.data.zodError?.fieldErrors.role).toBeDefined();
    expect(await members(admin)).toEqual(before);
    expect((await me(viewer)).status).toBe(200);
  });
});

describe('the last admin', () => {
  it('cannot be demoted or disabled, not even by themselves, and nothing changes', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    const auditBefore = (await auditOf(admin)).items.length;

    for (const role of ['analyst', 'viewer']) {
      const result = await setRole(admin, admin.id, role);
      expect(result.status).toBe(409);
      expect(result.error?.data.code).toBe('CONFLICT');
      expect(result.error?.message).toMatch(/last active admin/);
    }
    const disable = await setDisabled(admin, admin.id, true);
    expect(disable.status).toBe(409);
    expect(disable.error?.message).toMatch(/last active admin/);

    expect((await members(admin)).items.find((user) => user.id === admin.id)).toMatchObject({
      role: 'admin',
      disabled: false,
    });
    expect((await me(admin)).status).toBe(200);
    expect((await auditOf(admin)).items.length).toBe(auditBefore);
    expect((await call(api.url, 'auth.me', undefined, viewer.credential)).status).toBe(200);
  });

  it('counts only active admins: a disabled admin does not keep the organization administered', async () => {
    const admin = await signUp(api.url);
    const second = await join(api.url, admin, 'admin');
    expect((await setDisabled(admin, second.id, true)).status).toBe(200);
    expect((await setRole(admin, admin.id, 'analyst')).status).toBe(409);

    // Once the second admin is back, either may step down; the other then cannot.
    expect((await setDisabled(admin, second.id, false)).status).toBe(200);
    expect((await setRole(admin, admin.id, 'analyst')).status).toBe(200);
    const secondAgain = await signIn(api.url, second);
    expect((await setRole(secondAgain, secondAgain.id, 'viewer')).status).toBe(409);
    expect((await setDisabled(secondAgain, secondAgain.id, true)).status).toBe(409);
  });
});

describe('users.setDisabled', () => {
  it('ends access tokens and refresh sessions at once; re-enabling lets the user sign in again', async () => {
    const admin = await signUp(api.url);
    const analyst = await join(api.url, admin, 'analyst');
    const otherSession = await signIn(api.url, analyst);

    const disabled = await setDisabled(admin, analyst.id, true);
    expect(disabled.status).toBe(200);
    expect(disabled.data).toMatchObject({ id: analyst.id, disabled: true, role: 'analyst' });

    expect((await me(analyst)).status).toBe(401);
    expect((await me(otherSession)).status).toBe(401);
    for (const refreshToken of [analyst.refreshToken, otherSession.refreshToken]) {
      const refreshed = await call(api.url, 'auth.refresh', { refreshToken }, null);
      expect(refreshed.status).toBe(401);
    }
    const login = await call(
      api.url,
      'auth.login',
      { email: analyst.email, password: TEST_PASSWORD },
      null,
    );
    expect(login.status).toBe(401);

    const [entry] = (await auditOf(admin, { event: 'user_disabled' })).items;
    expect(entry).toMatchObject({
      actor: admin.id,
      target: analyst.id,
      outcome: 'success',
      details: { action: 'user.disable', revokedSessions: 2 },
    });

    expect((await setDisabled(admin, analyst.id, false)).status).toBe(200);
    const back = await signIn(api.url, analyst);
    expect((await me(back)).status).toBe(200);
    // The refresh sessions ended by the disable stay ended.
    const oldRefresh = await call(
      api.url,
      'auth.refresh',
      { refreshToken: analyst.refreshToken },
      null,
    );
    expect(oldRefresh.status).toBe(401);
    const [enabled] = (await auditOf(admin, { event: 'user_updated' })).items;
    expect(enabled).toMatchObject({ target: analyst.id, details: { action: 'user.enable' } });
  });

  it('refuses a disabled flag that is not a boolean, and unknown ids', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    for (const disabled of ['true', 1, null]) {
      expect((await setDisabled(admin, viewer.id, disabled)).status).toBe(400);
    }
    expect((await setDisabled(admin, uuidv7(), true)).status).toBe(404);
    expect((await me(viewer)).status).toBe(200);
  });
});
