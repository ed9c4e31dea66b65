import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '@klerno/db';
import { hashPassword } from '../services/passwords.js';
import { keyIdFor } from '../services/access-tokens.js';
import { secretDigest } from '../services/secret-formats.js';
import { call } from '../testing/auth-http.js';
import { startTestServer, TEST_JWT_SECRET, type RunningTestServer } from '../testing/server.js';
import { mutation, query, registerUser, type Outputs } from '../testing/trpc-http.js';

type Grant = Outputs['auth']['register'];

let api: RunningTestServer;
let admin: Grant;
let organizationId: string;
const PASSWORD = 'a long enough password';

beforeAll(async () => {
  api = await startTestServer();
  admin = await registerUser(api.url);
  organizationId = (
    await query<Outputs['auth']['me']>(api.url, 'auth.me', undefined, admin.accessToken)
  ).data!.organization.id;
});
afterAll(() => api.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

interface Mint {
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  secret?: string;
  withoutExp?: boolean;
}

/** A token for the admin, exactly like ours unless the case changes something. */
function mint({
  claims = {},
  header = {},
  secret = TEST_JWT_SECRET,
  withoutExp = false,
}: Mint = {}) {
  const now = nowSeconds();
  const jwt = new SignJWT({
    org: organizationId,
    role: 'admin',
    ver: 0,
    sid: randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keyIdFor(secret), ...header })
    .setIssuer((claims.iss as string | undefined) ?? 'klerno')
    .setAudience((claims.aud as string | undefined) ?? 'klerno-api')
    .setSubject((claims.sub as string | undefined) ?? admin.user.id)
    .setJti(randomUUID())
    .setIssuedAt(now);
  if (!withoutExp) jwt.setExpirationTime((claims.exp as number | undefined) ?? now + 300);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** A second member of the admin's organization, signed in through auth.login. */
async function member(role: 'viewer' | 'analyst' | 'admin' = 'analyst'): Promise<Grant> {
  const email = `member-${randomUUID()}@example.com`;
  await api.server.store.users.create({
    organizationId,
    email,
    passwordHash: await hashPassword(PASSWORD),
    role,
  });
  const login = await mutation<Grant>(api.url, 'auth.login', { email, password: PASSWORD });
  return login.data!;
}

/** An API key written straight to the store (apiKeys.create is tested with the admin procedures). */
async function storedApiKey(
  overrides: { expiresAt?: string | null; createdBy?: string } = {},
): Promise<{ key: string; id: string }> {
  const prefix = randomUUID().slice(0, 8).replace(/-/g, '0');
  const key = `klk_${prefix}_${'k'.repeat(11)}${randomUUID().replace(/-/g, '')}`;
  const created = await api.server.store.apiKeys.create({
    organizationId,
    createdBy: overrides.createdBy ?? admin.user.id,
    name: 'test key',
    prefix,
    digest: secretDigest(key),
    role: 'analyst',
    expiresAt: overrides.expiresAt ?? null,
  });
  return { key, id: created.id };
}

type Headers = Record<string, string>;
const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

describe('auth.me refuses every credential it must not accept (401, never 500)', () => {
  const cases: Array<[label: string, headers: () => Promise<Headers>, message?: RegExp]> = [
    ['no credentials', () => Promise.resolve({}), /Sign-in required/],
    [
      'alg none',
      async () => {
        const [, payload] = (await mint()).split('.');
        return bearer(
          `${b64({ alg: 'none', typ: 'at+jwt', kid: keyIdFor(TEST_JWT_SECRET) })}.${payload}.`,
        );
      },
    ],
    [
      'HS256 signed with another secret',
      async () =>
        bearer(
          await mint({
            secret: 'another-secret-that-is-long-enough-to-sign-with',
            header: { kid: keyIdFor(TEST_JWT_SECRET) },
          }),
        ),
    ],
    ['HS512 (outside the allowlist)', async () => bearer(await mint({ header: { alg: 'HS512' } }))],
    [
      'an RS256 header',
      async () => {
        const [, payload, signature] = (await mint()).split('.');
        return bearer(
          `${b64({ alg: 'RS256', typ: 'at+jwt', kid: keyIdFor(TEST_JWT_SECRET) })}.${payload}.${signature}`,
        );
      },
    ],
    [
      'a tampered signature',
      async () => {
        const token = await mint();
        return bearer(
          `${token.slice(0, -3)}${token.slice(-3, -2) === 'A' ? 'B' : 'A'}${token.slice(-2)}`,
        );
      },
    ],
    [
      'a tampered payload (role)',
      async () => {
        const [header, , signature] = (await mint({ claims: { role: 'viewer' } })).split('.');
        const payload = b64({
          org: organizationId,
          role: 'admin',
          ver: 0,
          sid: 's',
          iss: 'klerno',
          aud: 'klerno-api',
          sub: admin.user.id,
          jti: 'j',
          iat: nowSeconds(),
          exp: nowSeconds() + 60,
        });
        return bearer(`${header}.${payload}.${signature}`);
      },
    ],
    ['missing exp', async () => bearer(await mint({ withoutExp: true }))],
    [
      'exp 31 s in the past (beyond the skew)',
      async () => bearer(await mint({ claims: { exp: nowSeconds() - 31 } })),
    ],
    ['nbf in the future', async () => bearer(await mint({ claims: { nbf: nowSeconds() + 120 } }))],
    ['the wrong aud', async () => bearer(await mint({ claims: { aud: 'another-api' } }))],
    [
      'the wrong iss',
      async () => bearer(await mint({ claims: { iss: 'https://issuer.example' } })),
    ],
    ['the wrong typ', async () => bearer(await mint({ header: { typ: 'JWT' } }))],
    ["kid ' OR 1=1--", async () => bearer(await mint({ header: { kid: "' OR 1=1--" } }))],
    ['kid ../../x', async () => bearer(await mint({ header: { kid: '../../x' } }))],
    [
      'a user of another organization',
      async () => bearer(await mint({ claims: { org: randomUUID() } })),
    ],
    ['an older tokenVersion', async () => bearer(await mint({ claims: { ver: 7 } })), /revoked/],
    [
      'a refresh token as Bearer',
      () => Promise.resolve(bearer(admin.refreshToken!)),
      /refresh token/i,
    ],
    ['an API key as Bearer', async () => bearer((await storedApiKey()).key), /X-API-Key/],
    [
      'Basic credentials',
      () => Promise.resolve({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }),
      /Malformed Authorization/,
    ],
    [
      '"Bearer" alone',
      () => Promise.resolve({ authorization: 'Bearer' }),
      /Malformed Authorization/,
    ],
    [
      'two words after Bearer',
      () => Promise.resolve({ authorization: 'Bearer a b' }),
      /Malformed Authorization/,
    ],
    [
      'Latin-1 junk in Authorization',
      () => Promise.resolve({ authorization: 'Bearer \u00ff\u00fe\u00e9' }),
      /Malformed Authorization/,
    ],
    ['a huge Authorization header', () => Promise.resolve(bearer('x'.repeat(6000)))],
    [
      'garbage in X-API-Key',
      () => Promise.resolve({ 'x-api-key': 'not a key' }),
      /Malformed API key/,
    ],
    [
      'a refresh token in X-API-Key',
      () => Promise.resolve({ 'x-api-key': admin.refreshToken! }),
      /Malformed API key/,
    ],
    [
      'an unknown API key',
      () => Promise.resolve({ 'x-api-key': `klk_0123abcd_${'z'.repeat(43)}` }),
      /Invalid, expired or revoked API key/,
    ],
    [
      'an expired API key',
      async () => ({
        'x-api-key': (await storedApiKey({ expiresAt: new Date(Date.now() - 1000).toISOString() }))
          .key,
      }),
    ],
    [
      'a revoked API key',
      async () => {
        const { key, id } = await storedApiKey();
        await api.server.store.apiKeys.revoke(organizationId, id, new Date().toISOString());
        return { 'x-api-key': key };
      },
    ],
    [
      'both Authorization and X-API-Key',
      async () => ({ ...bearer(admin.accessToken), 'x-api-key': (await storedApiKey()).key }),
      /not both/,
    ],
    [
      "a disabled user's token",
      async () => {
        const disabled = await member();
        await api.server.store.users.update(organizationId, disabled.user.id, { disabled: true });
        return bearer(disabled.accessToken);
      },
      /disabled/,
    ],
    [
      'an API key of a disabled user',
      async () => {
        const creator = await member('admin');
        const { key } = await storedApiKey({ createdBy: creator.user.id });
        await api.server.store.users.update(organizationId, creator.user.id, { disabled: true });
        return { 'x-api-key': key };
      },
    ],
    [
      'a token issued before a role change (users.setRole)',
      async () => {
        const analyst = await member('analyst');
        const changed = await mutation(
          api.url,
          'users.setRole',
          { userId: analyst.user.id, role: 'viewer' },
          admin.accessToken,
        );
        expect(changed.status).toBe(200);
        return bearer(analyst.accessToken);
      },
      /revoked/,
    ],
  ];

  it.each(cases)('%s', async (_label, headers, message) => {
    const result = await call(api.url, 'auth.me', { method: 'GET', headers: await headers() });
    expect(result.status).toBe(401);
    expect(result.error!.data.code).toBe('UNAUTHORIZED');
    if (message) expect(result.error!.message).toMatch(message);
  });

  it('while the same kinds of credential, when valid, are accepted', async () => {
    expect(
      (await call(api.url, 'auth.me', { method: 'GET', headers: bearer(await mint()) })).status,
    ).toBe(200);
    expect(
      (await call(api.url, 'auth.me', { method: 'GET', headers: bearer(admin.accessToken) }))
        .status,
    ).toBe(200);
    const justExpired = await mint({ claims: { exp: nowSeconds() - 10 } });
    expect(
      (await call(api.url, 'auth.me', { method: 'GET', headers: bearer(justExpired) })).status,
    ).toBe(200);
    const { key } = await storedApiKey();
    const viaKey = await call<Outputs['auth']['me']>(api.url, 'auth.me', {
      method: 'GET',
      headers: { 'x-api-key': key },
    });
    expect(viaKey.status).toBe(200);
    expect(viaKey.data).toMatchObject({ id: admin.user.id, role: 'analyst' });
  });
});

describe('API keys', () => {
  it('touch lastUsedAt at most once a minute', async () => {
    const { key, id } = await storedApiKey();
    const lastUsed = async () =>
      (await api.server.store.apiKeys.list(organizationId)).find((k) => k.id === id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await call(api.url, 'auth.me', { method: 'GET', headers: { 'x-api-key': key } });
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await call(api.url, 'auth.me', { method: 'GET', headers: { 'x-api-key': key } });
    expect(await lastUsed()).toBe(first);
  });

  it("act with the lower of the key role and the creator's current role", async () => {
    const creator = await member('admin');
    const { key } = await storedApiKey({ createdBy: creator.user.id });
    await api.server.store.users.update(organizationId, creator.user.id, { role: 'viewer' });
    const me = await call<Outputs['auth']['me']>(api.url, 'auth.me', {
      method: 'GET',
      headers: { 'x-api-key': key },
    });
    expect(me.data!.role).toBe('viewer');
  });

  it('cannot sign out or change the password', async () => {
    const { key } = await storedApiKey();
    const headers = { 'x-api-key': key };
    expect((await call(api.url, 'auth.logout', { headers })).status).toBe(403);
    const change = await call(api.url, 'auth.changePassword', {
      headers,
      input: { currentPassword: 'a long enough password', newPassword: 'another fine passphrase' },
    });
    expect(change.status).toBe(403);
  });
});

describe('JWT_PREVIOUS_SECRETS (key rotation without signing everyone out)', () => {
  it('accepts tokens of the previous secret and signs only with the new one', async () => {
    const store = createMemoryStore();
    const before = await startTestServer({ store });
    const after = await startTestServer({
      store,
      env: {
        JWT_SECRET: 'the-new-secret-after-rotation-0123456789abcdef',
        JWT_PREVIOUS_SECRETS: TEST_JWT_SECRET,
      },
    });
    try {
      const grant = await registerUser(before.url);
      expect((await query(after.url, 'auth.me', undefined, grant.accessToken)).status).toBe(200);
      const refreshed = await mutation<Grant>(after.url, 'auth.refresh', {
        refreshToken: grant.refreshToken,
      });
      expect(refreshed.status).toBe(200);
      // The old instance does not know the new secret's kid.
      const newToken = refreshed.data!.accessToken;
      expect((await query(before.url, 'auth.me', undefined, newToken)).status).toBe(401);
      expect((await query(after.url, 'auth.me', undefined, newToken)).status).toBe(200);
    } finally {
      await after.close();
      await before.close();
    }
  });
});
