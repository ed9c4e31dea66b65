import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cookiePair, manualClock } from '../testing/auth-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type Grant = Outputs['auth']['register'];

class Capture extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.chunks.push(chunk.toString('utf8'));
    done();
  }
}

const log = new Capture();
const clock = manualClock();
let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer({
    env: { LOG_LEVEL: 'trace' },
    logDestination: log,
    clock: clock.now,
  });
});
afterAll(() => api.close());

/** Every row of every table of the server's SQLite file, as text. */
function databaseText(): string {
  if (api.settings.database.kind !== 'sqlite') throw new Error('expected a SQLite file');
  const db = new Database(api.settings.database.path, { readonly: true });
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table'")
      .all() as Array<{ name: string }>;
    return tables
      .map(({ name }) => JSON.stringify(db.prepare(`select * from "${name}"`).all()))
      .join('\n');
  } finally {
    db.close();
  }
}

describe('secrets', () => {
  it('a canary password, access token, refresh token and API key never reach logs, the database (audit included) or error messages', async () => {
    const password = `canary-password-${randomUUID()}`;
    const newPassword = `canary-new-password-${randomUUID()}`;
    const email = `canary-${randomUUID()}@example.com`;
    const responses: string[] = [];
    const track = async <T>(result: Promise<{ text: string } & T>) => {
      const settled = await result;
      responses.push(settled.text);
      return settled;
    };

    const registered = await track(
      call<Grant>(api.url, 'auth.register', { input: { email, password } }),
    );
    const { accessToken, refreshToken } = registered.data!;
    const bearer = { authorization: `Bearer ${accessToken}` };
    await track(call(api.url, 'auth.login', { input: { email, password: `${password}-wrong` } }));
    await track(call(api.url, 'auth.login', { input: { email: `x${email}`, password } }));
    const cookieLogin = await track(
      call<Grant>(api.url, 'auth.login', { input: { email, password, useCookie: true } }),
    );
    const cookie = cookiePair(cookieLogin.setCookies, '__Host-klerno_refresh')!;
    const cookieToken = cookie.split('=')[1]!;
    const rotated = await track(call<Grant>(api.url, 'auth.refresh', { input: { refreshToken } }));
    await track(call(api.url, 'auth.refresh', { headers: { cookie } }));

    const created = await track(
      call<Outputs['apiKeys']['create']>(api.url, 'apiKeys.create', {
        headers: bearer,
        input: { name: 'canary key', role: 'viewer' },
      }),
    );
    const apiKey = created.data!.secret;
    expect(apiKey).toMatch(/^klk_/);
    await track(call(api.url, 'auth.me', { method: 'GET', headers: { 'x-api-key': apiKey } }));
    // Secrets in the wrong place: the errors must not repeat them.
    await track(
      call(api.url, 'auth.me', {
        method: 'GET',
        headers: { authorization: `Bearer ${refreshToken}` },
      }),
    );
    await track(
      call(api.url, 'auth.me', { method: 'GET', headers: { authorization: `Bearer ${apiKey}` } }),
    );
    await track(
      call(api.url, 'auth.me', { method: 'GET', headers: { 'x-api-key': `${apiKey}x` } }),
    );
    await track(
      call(api.url, 'auth.me', { method: 'GET', headers: { authorization: `Basic ${password}` } }),
    );
    await track(call(api.url, 'auth.refresh', { input: { refreshToken: `${refreshToken}x` } }));
    // Reuse after rotation, beyond the grace (a security event with a trail entry).
    clock.advance(60);
    await track(call(api.url, 'auth.refresh', { input: { refreshToken } }));
    // That reuse revoked the first session, its access tokens included: go on with the cookie's.
    const sessionToken = cookieLogin.data!.accessToken;
    await track(
      call(api.url, 'auth.changePassword', {
        headers: { authorization: `Bearer ${sessionToken}` },
        input: { currentPassword: `${password}-nope`, newPassword },
      }),
    );
    await track(
      call(api.url, 'auth.changePassword', {
        headers: { authorization: `Bearer ${sessionToken}` },
        input: { currentPassword: password, newPassword: 'short' },
      }),
    );
    const changed = await track(
      call<Grant>(api.url, 'auth.changePassword', {
        headers: { authorization: `Bearer ${sessionToken}` },
        input: { currentPassword: password, newPassword },
      }),
    );
    expect(changed.status).toBe(200);
    await track(
      call(api.url, 'auth.logout', {
        headers: { authorization: `Bearer ${changed.data!.accessToken}`, cookie },
      }),
    );

    const secrets = {
      password,
      newPassword,
      accessToken,
      refreshToken: refreshToken!,
      cookieToken,
      apiKey,
      rotatedRefreshToken: rotated.data!.refreshToken!,
    };
    const logs = log.chunks.join('');
    const stored = databaseText();
    const errors = responses.filter((text) => text.includes('"error"')).join('\n');
    expect(errors).toContain('UNAUTHORIZED');
    expect(stored).toContain('authn_token_reuse');
    expect(stored).toContain('authn_login_fail');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(logs, `${name} in the logs`).not.toContain(secret);
      expect(stored, `${name} in the database`).not.toContain(secret);
      expect(errors, `${name} in an error`).not.toContain(secret);
      // Half a secret is a leak too.
      expect(logs + stored + errors, `part of ${name}`).not.toContain(secret.slice(-20));
    }
  });
});
