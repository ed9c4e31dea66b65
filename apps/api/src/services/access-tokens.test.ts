import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import type { JwtSettings } from '@klerno/config';
import { createAccessTokens, keyIdFor } from './access-tokens.js';

const SECRET = 'current-secret-for-access-token-tests-0123456789';
const PREVIOUS = 'previous-secret-for-access-token-tests-987654321';
const subject = { userId: 'user-1', organizationId: 'org-1', role: 'analyst' as const };

function jwtSettings(overrides: Partial<JwtSettings> = {}): JwtSettings {
  return {
    secret: SECRET,
    secretGenerated: false,
    previousSecrets: [],
    accessTokenTtl: 900,
    refreshTokenTtl: 1_209_600,
    refreshTokenIdleTtl: 604_800,
    refreshReuseGrace: 10,
    ...overrides,
  };
}

function sign(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
  secret = SECRET,
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ org: 'org-1', role: 'viewer', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keyIdFor(secret), ...header })
    .setIssuer((claims.iss as string | undefined) ?? 'klerno')
    .setAudience((claims.aud as string | undefined) ?? 'klerno-api')
    .setSubject('user-1')
    .setJti('jti-1')
    .setIssuedAt(now)
    .setExpirationTime((claims.exp as number | undefined) ?? now + 60)
    .sign(new TextEncoder().encode(secret));
}

describe('access tokens', () => {
  it('issues HS256 at+jwt tokens with kid, iss, aud, sub, org, role, jti, iat and exp = iat + TTL', async () => {
    const tokens = await createAccessTokens(jwtSettings());
    const { token, expiresIn } = await tokens.issue(subject);
    expect(expiresIn).toBe(900);
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'HS256',
      typ: 'at+jwt',
      kid: keyIdFor(SECRET),
    });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: 'klerno',
      aud: 'klerno-api',
      sub: 'user-1',
      org: 'org-1',
      role: 'analyst',
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims.jti).toEqual(expect.any(String));
    expect(await tokens.verify(token)).toEqual({ ...subject, tokenId: claims.jti });
  });

  it('gives every token its own jti', async () => {
    const tokens = await createAccessTokens(jwtSettings());
    const [a, b] = await Promise.all([tokens.issue(subject), tokens.issue(subject)]);
    expect(decodeJwt(a.token).jti).not.toBe(decodeJwt(b.token).jti);
  });

  it('verifies tokens of a previous secret, and signs only with the current one', async () => {
    const old = await createAccessTokens(jwtSettings({ secret: PREVIOUS }));
    const rotated = await createAccessTokens(jwtSettings({ previousSecrets: [PREVIOUS] }));
    const oldToken = (await old.issue(subject)).token;
    expect(await rotated.verify(oldToken)).toMatchObject(subject);
    expect(decodeProtectedHeader((await rotated.issue(subject)).token).kid).toBe(keyIdFor(SECRET));
    expect(await (await createAccessTokens(jwtSettings())).verify(oldToken)).toBeNull();
  });

  it.each([
    ['another secret under our kid', () => sign({}, { kid: keyIdFor(SECRET) }, PREVIOUS)],
    ['an unknown kid', () => sign({}, { kid: "' OR 1=1--" })],
    ['no kid', () => sign({}, { kid: undefined })],
    ['the wrong typ', () => sign({}, { typ: 'JWT' })],
    ['the wrong issuer', () => sign({ iss: 'someone-else' })],
    ['the wrong audience', () => sign({ aud: 'another-api' })],
    ['an unknown role', () => sign({ role: 'owner' })],
    ['expiry 31 s ago', () => sign({ exp: Math.floor(Date.now() / 1000) - 31 })],
    ['an HS512 signature', () => sign({}, { alg: 'HS512' })],
    ['garbage', () => Promise.resolve('not.a.jwt')],
    ['an empty string', () => Promise.resolve('')],
    ['an oversized string', () => Promise.resolve('a'.repeat(5000))],
  ])('refuses %s', async (_label, make) => {
    const tokens = await createAccessTokens(jwtSettings());
    expect(await tokens.verify(await make())).toBeNull();
  });

  it('allows 30 s of clock skew', async () => {
    const tokens = await createAccessTokens(jwtSettings());
    expect(
      await tokens.verify(await sign({ exp: Math.floor(Date.now() / 1000) - 20 })),
    ).not.toBeNull();
  });
});
