import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSecret, secretDigest } from '../services/secret-formats.js';
import { call, manualClock } from '../testing/auth-http.js';
import { startPostgresTestServer, type RunningPostgresTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type Grant = Outputs['auth']['register'];
const PASSWORD = 'a long enough password';

const clock = manualClock();
let api: RunningPostgresTestServer;

beforeAll(async () => {
  api = await startPostgresTestServer({ clock: clock.now });
});
afterAll(() => api?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const refresh = (refreshToken: string) =>
  call<Grant>(api.url, 'auth.refresh', { input: { refreshToken } });
const me = (headers: Record<string, string>) =>
  call<Outputs['auth']['me']>(api.url, 'auth.me', { method: 'GET', headers });

async function signUp() {
  const email = `pg-${randomUUID()}@example.com`;
  const registered = await call<Grant>(api.url, 'auth.register', {
    input: { email, password: PASSWORD },
  });
  expect(registered.status).toBe(200);
  const profile = await me(bearer(registered.data!.accessToken));
  return { ...registered.data!, email, organizationId: profile.data!.organization.id };
}

describe('sessions on PostgreSQL', () => {
  it('rotate, survive many concurrent refreshes of one token, and detect reuse after the grace', async () => {
    const grant = await signUp();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => refresh(grant.refreshToken!)),
    );
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    const issued = new Set(results.map((result) => result.data!.refreshToken));
    expect(issued.size).toBe(5);

    const next = await refresh(results[0]!.data!.refreshToken!);
    expect(next.status).toBe(200);
    clock.advance(11);
    expect((await refresh(grant.refreshToken!)).status).toBe(401);
    expect((await refresh(next.data!.refreshToken!)).status).toBe(401);
    const reuse = await api.server.store.audit.list(
      grant.organizationId,
      { event: 'authn_token_reuse' },
      { limit: 10 },
    );
    expect(reuse.items).toHaveLength(1);
    expect(await api.server.store.audit.verify(grant.organizationId)).toMatchObject({ ok: true });
  });

  it('end at idle expiry and at logout', async () => {
    const idle = await signUp();
    clock.advance(7 * 86_400 + 1);
    expect((await refresh(idle.refreshToken!)).status).toBe(401);

    const active = await signUp();
    const out = await call(api.url, 'auth.logout', { headers: bearer(active.accessToken) });
    expect(out.data).toEqual({ sessionsEnded: 1 });
    expect((await refresh(active.refreshToken!)).status).toBe(401);
  });

  it('change the password: other sessions end, the caller goes on, old tokens die', async () => {
    const grant = await signUp();
    const other = await call<Grant>(api.url, 'auth.login', {
      input: { email: grant.email, password: PASSWORD },
    });
    const changed = await call<Grant>(api.url, 'auth.changePassword', {
      headers: bearer(grant.accessToken),
      input: { currentPassword: PASSWORD, newPassword: 'a different passphrase' },
    });
    expect(changed.status).toBe(200);
    expect((await me(bearer(other.data!.accessToken))).status).toBe(401);
    expect((await refresh(other.data!.refreshToken!)).status).toBe(401);
    expect((await me(bearer(grant.accessToken))).status).toBe(401);
    expect((await me(bearer(changed.data!.accessToken))).status).toBe(200);
    expect((await refresh(changed.data!.refreshToken!)).status).toBe(200);
  });
});

describe('identity on PostgreSQL', () => {
  it('takes a role change and a disable into account on the very next request', async () => {
    const admin = await signUp();
    const token = `kli_${randomSecret()}`;
    const email = `pg-invited-${randomUUID()}@example.com`;
    await api.server.store.invitations.create({
      organizationId: admin.organizationId,
      email,
      role: 'analyst',
      invitedBy: admin.user.id,
      tokenDigest: secretDigest(token),
      expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    });
    const joined = await call<Grant>(api.url, 'auth.register', {
      input: { email, password: PASSWORD, invitationToken: token },
    });
    expect(joined.data!.user.role).toBe('analyst');
    expect(
      (
        await call(api.url, 'auth.register', {
          input: { email: `x${email}`, password: PASSWORD, invitationToken: token },
        })
      ).status,
    ).toBe(400);

    const setRole = await call(api.url, 'users.setRole', {
      headers: bearer(admin.accessToken),
      input: { userId: joined.data!.user.id, role: 'viewer' },
    });
    expect(setRole.status).toBe(200);
    expect((await me(bearer(joined.data!.accessToken))).status).toBe(401);
    const again = await refresh(joined.data!.refreshToken!);
    expect(again.data!.user.role).toBe('viewer');
    expect((await me(bearer(again.data!.accessToken))).data!.role).toBe('viewer');

    await api.server.store.users.update(admin.organizationId, joined.data!.user.id, {
      disabled: true,
    });
    expect((await me(bearer(again.data!.accessToken))).status).toBe(401);
    expect((await refresh(again.data!.refreshToken!)).status).toBe(401);
  });

  it('authenticates API keys and refuses revoked ones', async () => {
    const admin = await signUp();
    const created = await call<Outputs['apiKeys']['create']>(api.url, 'apiKeys.create', {
      headers: bearer(admin.accessToken),
      input: { name: 'pg key', role: 'viewer' },
    });
    const key = created.data!.secret;
    const viaKey = await me({ 'x-api-key': key });
    expect(viaKey.data).toMatchObject({ id: admin.user.id, role: 'viewer' });
    await api.server.store.apiKeys.revoke(
      admin.organizationId,
      created.data!.apiKey.id,
      clock.now().toISOString(),
    );
    expect((await me({ 'x-api-key': key })).status).toBe(401);
  });
});
