import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../testing/auth-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import { query, registerUser, type Outputs } from '../testing/trpc-http.js';

const SPOOFED = '203.0.113.9';

let api: RunningTestServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** The `ip` of the audit entry a failed sign-in sent with `X-Forwarded-For: <forwardedFor>` leaves. */
async function ipRecordedForFailedLogin(
  server: RunningTestServer,
  forwardedFor: string,
): Promise<string | null> {
  const grant = await registerUser(server.url);
  const failed = await call(server.url, 'auth.login', {
    input: { email: grant.user.email, password: 'not the password at all' },
    headers: { 'x-forwarded-for': forwardedFor },
  });
  expect(failed.status).toBe(401);
  const profile = await query<Outputs['auth']['me']>(
    server.url,
    'auth.me',
    undefined,
    grant.accessToken,
  );
  const { items } = await server.server.store.audit.list(
    profile.data!.organization.id,
    { event: 'authn_login_fail' },
    { limit: 10 },
  );
  expect(items).toHaveLength(1);
  return items[0]!.ip;
}

describe('the client IP', () => {
  it('is the socket peer when the peer is not a trusted proxy: X-Forwarded-For changes nothing', async () => {
    api = await startTestServer();
    expect(await ipRecordedForFailedLogin(api, SPOOFED)).toBe('127.0.0.1');
  });

  it('is the socket peer when TRUST_PROXY lists other proxies only', async () => {
    api = await startTestServer({ env: { TRUST_PROXY: '10.0.0.0/8,192.0.2.1' } });
    expect(await ipRecordedForFailedLogin(api, SPOOFED)).toBe('127.0.0.1');
  });

  it('comes from X-Forwarded-For when the peer is a trusted proxy', async () => {
    api = await startTestServer({ env: { TRUST_PROXY: '127.0.0.1' } });
    expect(await ipRecordedForFailedLogin(api, SPOOFED)).toBe(SPOOFED);
  });

  it('is the address the trusted proxy saw, not one the client prepended', async () => {
    api = await startTestServer({ env: { TRUST_PROXY: '127.0.0.1' } });
    expect(await ipRecordedForFailedLogin(api, `198.51.100.7, ${SPOOFED}`)).toBe(SPOOFED);
  });
});
