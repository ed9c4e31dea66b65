import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cookiePair, manualClock } from '../testing/auth-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import { registerUser, type Outputs } from '../testing/trpc-http.js';

type Grant = Outputs['auth']['register'];
const PASSWORD = 'a long enough password';
const DAY = 86_400;

const clock = manualClock();
let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer({ clock: clock.now });
});
afterAll(() => api.close());

const refresh = (refreshToken: string) =>
  call<Grant>(api.url, 'auth.refresh', { input: { refreshToken } });
const me = (accessToken: string) =>
  call<Outputs['auth']['me']>(api.url, 'auth.me', {
    method: 'GET',
    headers: { authorization: `Bearer ${accessToken}` },
  });

async function signUp(): Promise<Grant & { organizationId: string }> {
  const grant = await registerUser(api.url, `s-${randomUUID()}@example.com`, PASSWORD);
  const profile = await me(grant.accessToken);
  return { ...grant, organizationId: profile.data!.organization.id };
}

async function refreshed(refreshToken: string): Promise<Grant> {
  const result = await refresh(refreshToken);
  expect(result.status, JSON.stringify(result.error)).toBe(200);
  return result.data!;
}

async function auditEvents(organizationId: string, event: string) {
  return (await api.server.store.audit.list(organizationId, { event }, { limit: 100 })).items;
}

describe('auth.refresh', () => {
  it('rotates on every call: a new refresh token and a working access token, never cached', async () => {
    const grant = await signUp();
    expect(grant.refreshToken).toMatch(/^klr_[A-Za-z0-9_-]{43}$/);
    const result = await refresh(grant.refreshToken!);
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    const next = result.data!;
    expect(next.refreshToken).toMatch(/^klr_/);
    expect(next.refreshToken).not.toBe(grant.refreshToken);
    expect(next.user).toEqual(grant.user);
    expect((await me(next.accessToken)).status).toBe(200);
    const third = await refreshed(next.refreshToken!);
    expect(third.refreshToken).not.toBe(next.refreshToken);
  });

  it('accepts the just-rotated token again within the grace, keeping the session whole', async () => {
    const grant = await signUp();
    const first = await refreshed(grant.refreshToken!);
    clock.advance(9);
    const again = await refreshed(grant.refreshToken!);
    expect(again.refreshToken).not.toBe(first.refreshToken);
    // Both tabs go on refreshing.
    await refreshed(first.refreshToken!);
    await refreshed(again.refreshToken!);
    expect(await auditEvents(grant.organizationId, 'authn_token_reuse')).toEqual([]);
  });

  it('treats the previous token after the grace as reuse: the family is revoked and audited', async () => {
    const grant = await signUp();
    const next = await refreshed(grant.refreshToken!);
    clock.advance(11);
    const reused = await refresh(grant.refreshToken!);
    expect(reused.status).toBe(401);
    expect(reused.error!.data.code).toBe('UNAUTHORIZED');
    // The legitimate holder's newer token dies with the family.
    expect((await refresh(next.refreshToken!)).status).toBe(401);
    const [entry] = await auditEvents(grant.organizationId, 'authn_token_reuse');
    expect(entry).toMatchObject({
      event: 'authn_token_reuse',
      actor: grant.user.id,
      outcome: 'failure',
      target: expect.stringMatching(/^session:/) as string,
    });
  });

  it('treats an older token as reuse even within the grace', async () => {
    const grant = await signUp();
    const second = await refreshed(grant.refreshToken!);
    clock.advance(1);
    const third = await refreshed(second.refreshToken!);
    clock.advance(1);
    expect((await refresh(grant.refreshToken!)).status).toBe(401);
    expect((await refresh(third.refreshToken!)).status).toBe(401);
    expect(await auditEvents(grant.organizationId, 'authn_token_reuse')).toHaveLength(1);
  });

  it('lets two concurrent refreshes with the same token both succeed', async () => {
    const grant = await signUp();
    const [a, b] = await Promise.all([refresh(grant.refreshToken!), refresh(grant.refreshToken!)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.data!.refreshToken).not.toBe(b.data!.refreshToken);
    await refreshed(a.data!.refreshToken!);
    await refreshed(b.data!.refreshToken!);
  });

  it('ends a session left idle longer than REFRESH_TOKEN_IDLE_TTL', async () => {
    const grant = await signUp();
    clock.advance(6 * DAY);
    const kept = await refreshed(grant.refreshToken!); // use resets the idle timer
    clock.advance(6 * DAY);
    const keptAgain = await refreshed(kept.refreshToken!);
    clock.advance(7 * DAY + 1);
    expect((await refresh(keptAgain.refreshToken!)).status).toBe(401);
  });

  it('ends every session at REFRESH_TOKEN_TTL, however busy', async () => {
    const grant = await signUp();
    let token = grant.refreshToken!;
    for (let day = 0; day < 13; day += 3) {
      clock.advance(3 * DAY);
      if (day + 3 >= 14) break;
      token = (await refreshed(token)).refreshToken!;
    }
    clock.advance(2 * DAY);
    expect((await refresh(token)).status).toBe(401);
  });

  it('refuses a disabled user, unknown and malformed tokens, and a missing token', async () => {
    const grant = await signUp();
    await api.server.store.users.update(grant.organizationId, grant.user.id, { disabled: true });
    expect((await refresh(grant.refreshToken!)).status).toBe(401);
    expect((await refresh(`klr_${'x'.repeat(43)}`)).status).toBe(401);
    expect((await refresh('garbage')).status).toBe(401);
    const missing = await call(api.url, 'auth.refresh', {});
    expect(missing.status).toBe(401);
    const huge = await refresh('x'.repeat(10_000));
    expect(huge.status).toBe(400);
  });
});

describe('auth.logout', () => {
  it('revokes the session: its refresh token stops working', async () => {
    const grant = await signUp();
    const other = await call<Grant>(api.url, 'auth.login', {
      input: { email: grant.user.email, password: PASSWORD },
    });
    const result = await call<Outputs['auth']['logout']>(api.url, 'auth.logout', {
      headers: { authorization: `Bearer ${grant.accessToken}` },
    });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ sessionsEnded: 1 });
    expect((await refresh(grant.refreshToken!)).status).toBe(401);
    // Another sign-in of the same user is another session.
    await refreshed(other.data!.refreshToken!);
    expect(await auditEvents(grant.organizationId, 'session_logout')).toHaveLength(1);
  });

  it('needs a signed-in caller', async () => {
    expect((await call(api.url, 'auth.logout', {})).status).toBe(401);
  });

  it("refuses the session's access tokens from the next request on, and only those", async () => {
    const grant = await signUp();
    const other = await call<Grant>(api.url, 'auth.login', {
      input: { email: grant.user.email, password: PASSWORD },
    });
    const sameSession = await refreshed(grant.refreshToken!);
    expect((await me(grant.accessToken)).status).toBe(200);
    await call(api.url, 'auth.logout', {
      headers: { authorization: `Bearer ${grant.accessToken}` },
    });
    for (const token of [grant.accessToken, sameSession.accessToken]) {
      const refused = await me(token);
      expect(refused.status).toBe(401);
      expect(refused.error!.message).toMatch(/signed out/);
    }
    expect((await me(other.data!.accessToken)).status).toBe(200);
  });
});

describe('auth.changePassword', () => {
  const NEW_PASSWORD = 'a brand new passphrase';

  it('ends every other session, keeps the caller signed in, and retires the old password', async () => {
    const grant = await signUp();
    const elsewhere = await call<Grant>(api.url, 'auth.login', {
      input: { email: grant.user.email, password: PASSWORD },
    });
    const result = await call<Grant>(api.url, 'auth.changePassword', {
      headers: { authorization: `Bearer ${grant.accessToken}` },
      input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    const fresh = result.data!;

    // Other sessions are dead at once: their access tokens and their refresh tokens.
    expect((await me(elsewhere.data!.accessToken)).status).toBe(401);
    expect((await refresh(elsewhere.data!.refreshToken!)).status).toBe(401);
    // The caller continues with the tokens it was just given.
    expect((await me(fresh.accessToken)).status).toBe(200);
    await refreshed(fresh.refreshToken!);
    expect((await me(grant.accessToken)).status).toBe(401);

    const oldLogin = await call(api.url, 'auth.login', {
      input: { email: grant.user.email, password: PASSWORD },
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await call(api.url, 'auth.login', {
      input: { email: grant.user.email, password: NEW_PASSWORD },
    });
    expect(newLogin.status).toBe(200);
    const [entry] = await auditEvents(grant.organizationId, 'authn_password_change');
    expect(entry).toMatchObject({ outcome: 'success', actor: grant.user.id });
    expect(entry!.details).toMatchObject({ sessionsEnded: 2 });
  });

  it('refuses a wrong current password (400, audited) and a new password that breaks the policy', async () => {
    const grant = await signUp();
    const headers = { authorization: `Bearer ${grant.accessToken}` };
    const wrong = await call(api.url, 'auth.changePassword', {
      headers,
      input: { currentPassword: 'not the password', newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.error!.message).toBe('The current password is not correct');
    const weak = await call(api.url, 'auth.changePassword', {
      headers,
      input: { currentPassword: PASSWORD, newPassword: 'Password1234!' },
    });
    expect(weak.status).toBe(400);
    const same = await call(api.url, 'auth.changePassword', {
      headers,
      input: { currentPassword: PASSWORD, newPassword: PASSWORD },
    });
    expect(same.status).toBe(400);
    // Nothing changed: the session and the password still work.
    expect((await me(grant.accessToken)).status).toBe(200);
    await refreshed(grant.refreshToken!);
    const [entry] = await auditEvents(grant.organizationId, 'authn_password_change');
    expect(entry).toMatchObject({ outcome: 'failure' });
  });
});

describe('the console refresh cookie', () => {
  const COOKIE = '__Host-klerno_refresh';

  it('is HttpOnly, Secure, SameSite=Strict, Path=/, and the body then carries no refresh token', async () => {
    const { user } = await signUp();
    const login = await call<Grant>(api.url, 'auth.login', {
      input: { email: user.email, password: PASSWORD, useCookie: true },
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.data!.refreshToken).toBeNull();
    expect(login.setCookies).toHaveLength(1);
    expect(login.setCookies[0]).toMatch(
      new RegExp(
        `^${COOKIE}=klr_[A-Za-z0-9_-]{43}; Max-Age=${14 * DAY}; Path=/; HttpOnly; Secure; SameSite=Strict$`,
      ),
    );
  });

  it('carries the session through refresh and logout', async () => {
    const { user } = await signUp();
    const login = await call<Grant>(api.url, 'auth.login', {
      input: { email: user.email, password: PASSWORD, useCookie: true },
    });
    const first = cookiePair(login.setCookies, COOKIE)!;

    const viaCookie = await call<Grant>(api.url, 'auth.refresh', { headers: { cookie: first } });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.data!.refreshToken).toBeNull();
    const second = cookiePair(viaCookie.setCookies, COOKIE)!;
    expect(second).not.toBe(first);

    clock.advance(11);
    const stale = await call(api.url, 'auth.refresh', { headers: { cookie: first } });
    expect(stale.status).toBe(401);
    expect(stale.setCookies).toEqual([
      expect.stringMatching(new RegExp(`^${COOKIE}=; Max-Age=0;`)),
    ]);
  });

  it('is cleared by logout, which ends its session', async () => {
    const { user } = await signUp();
    const login = await call<Grant>(api.url, 'auth.login', {
      input: { email: user.email, password: PASSWORD, useCookie: true },
    });
    const cookie = cookiePair(login.setCookies, COOKIE)!;
    const logout = await call<Outputs['auth']['logout']>(api.url, 'auth.logout', {
      headers: { cookie, authorization: `Bearer ${login.data!.accessToken}` },
    });
    expect(logout.status).toBe(200);
    expect(logout.setCookies[0]).toMatch(new RegExp(`^${COOKIE}=; Max-Age=0; Path=/`));
    expect((await call(api.url, 'auth.refresh', { headers: { cookie } })).status).toBe(401);
  });

  it('is named klerno_refresh and not Secure in development (plain http)', async () => {
    const dev = await startTestServer({ env: { APP_ENV: 'development' } });
    try {
      const registered = await call<Grant>(dev.url, 'auth.register', {
        input: { email: `dev-${randomUUID()}@example.com`, password: PASSWORD, useCookie: true },
      });
      expect(registered.setCookies[0]).toMatch(
        /^klerno_refresh=klr_[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/,
      );
      const cookie = cookiePair(registered.setCookies, 'klerno_refresh')!;
      const next = await call<Grant>(dev.url, 'auth.refresh', { headers: { cookie } });
      expect(next.status).toBe(200);
      // The secure name is not honoured on a development server, nor the reverse.
      const wrongName = cookie.replace('klerno_refresh', COOKIE);
      expect((await call(dev.url, 'auth.refresh', { headers: { cookie: wrongName } })).status).toBe(
        401,
      );
    } finally {
      await dev.close();
    }
  });
});
