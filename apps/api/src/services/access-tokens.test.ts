import { generateKeyPairSync } from 'node:crypto';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose';
import { describe, expect, it } from 'vitest';
import type { JwtSettings } from '@klerno/config';
import { createAccessTokens, keyIdFor } from './access-tokens.js';

const SECRET = 'current-secret-for-access-token-tests-0123456789';
const PREVIOUS = 'previous-secret-for-access-token-tests-987654321';
const subject = {
  userId: 'user-1',
  organizationId: 'org-1',
  role: 'analyst' as const,
  tokenVersion: 3,
  sessionId: 'session-1',
};
const nowSeconds = () => Math.floor(Date.now() / 1000);

function jwtSettings(overrides: Partial<JwtSettings> = {}): JwtSettings {
  return {
    secret: SECRET,
    secretGenerated: false,
    previousSecrets: [],
    privateKeyPem: undefined,
    accessTokenTtl: 900,
    refreshTokenTtl: 1_209_600,
    refreshTokenIdleTtl: 604_800,
    refreshReuseGrace: 10,
    ...overrides,
  };
}

interface Minted {
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  secret?: string;
  omit?: Array<'exp' | 'iat' | 'sub' | 'jti'>;
}

/** A token shaped like ours, with whatever the test changes. */
function mint({ claims = {}, header = {}, secret = SECRET, omit = [] }: Minted = {}) {
  const now = nowSeconds();
  const jwt = new SignJWT({ org: 'org-1', role: 'viewer', ver: 0, sid: 'session-1', ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keyIdFor(secret), ...header })
    .setIssuer((claims.iss as string | undefined) ?? 'klerno')
    .setAudience((claims.aud as string | undefined) ?? 'klerno-api');
  if (!omit.includes('sub')) jwt.setSubject('user-1');
  if (!omit.includes('jti')) jwt.setJti('jti-1');
  if (!omit.includes('iat')) jwt.setIssuedAt((claims.iat as number | undefined) ?? now);
  if (!omit.includes('exp')) jwt.setExpirationTime((claims.exp as number | undefined) ?? now + 60);
  return jwt.sign(new TextEncoder().encode(secret));
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens', () => {
  it('issues HS256 at+jwt tokens with kid, iss, aud, sub, org, role, ver, sid, jti, iat and exp = iat + TTL', async () => {
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
      ver: 3,
      sid: 'session-1',
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(claims.jti).toEqual(expect.any(String));
    expect(await tokens.verify(token)).toEqual({ ...subject, tokenId: claims.jti });
  });

  it('derives the kid from the secret without revealing it', () => {
    expect(keyIdFor(SECRET)).toMatch(/^hs-[0-9a-f]{16}$/);
    expect(keyIdFor(SECRET)).not.toBe(keyIdFor(PREVIOUS));
    expect(keyIdFor(SECRET)).not.toContain(SECRET.slice(0, 8));
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

  it('issues and checks against the injected clock', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const tokens = await createAccessTokens(jwtSettings(), { clock: () => now });
    const { token } = await tokens.issue(subject);
    expect(decodeJwt(token).iat).toBe(Date.parse('2030-01-01T00:00:00Z') / 1000);
    now = new Date(now.getTime() + 929_000);
    expect(await tokens.verify(token)).not.toBeNull();
    now = new Date(now.getTime() + 2_000);
    expect(await tokens.verify(token)).toBeNull();
  });

  it.each([
    [
      'alg none',
      async () => `${b64({ alg: 'none', typ: 'at+jwt' })}.${(await mint()).split('.')[1]}.`,
    ],
    [
      'another secret under our kid',
      () => mint({ secret: PREVIOUS, header: { kid: keyIdFor(SECRET) } }),
    ],
    ['an HS512 signature', () => mint({ header: { alg: 'HS512' } })],
    [
      'an RS256 header over an HMAC signature',
      async () => {
        const [, payload, signature] = (await mint()).split('.');
        return `${b64({ alg: 'RS256', typ: 'at+jwt', kid: keyIdFor(SECRET) })}.${payload}.${signature}`;
      },
    ],
    [
      'a tampered payload',
      async () => {
        const [header, , signature] = (await mint()).split('.');
        const payload = b64({
          sub: 'user-1',
          org: 'org-1',
          role: 'admin',
          ver: 0,
          sid: 's',
          iss: 'klerno',
          aud: 'klerno-api',
          jti: 'j',
          iat: nowSeconds(),
          exp: nowSeconds() + 60,
        });
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      'a tampered signature',
      async () => {
        const token = await mint();
        const flipped = token.at(-2) === 'A' ? 'B' : 'A';
        return `${token.slice(0, -2)}${flipped}${token.at(-1)}`;
      },
    ],
    ['an unknown kid', () => mint({ header: { kid: 'hs-0000000000000000' } })],
    ["kid ' OR 1=1--", () => mint({ header: { kid: "' OR 1=1--" } })],
    ['kid ../../x', () => mint({ header: { kid: '../../x' } })],
    ['kid __proto__', () => mint({ header: { kid: '__proto__' } })],
    ['no kid', () => mint({ header: { kid: undefined } })],
    ['the wrong typ', () => mint({ header: { typ: 'JWT' } })],
    ['no exp', () => mint({ omit: ['exp'] })],
    ['no iat', () => mint({ omit: ['iat'] })],
    ['no sub', () => mint({ omit: ['sub'] })],
    ['expiry 31 s ago', () => mint({ claims: { exp: nowSeconds() - 31 } })],
    ['nbf 60 s ahead', () => mint({ claims: { nbf: nowSeconds() + 60 } })],
    [
      'iat older than the TTL allows',
      () => mint({ claims: { iat: nowSeconds() - 1000, exp: nowSeconds() + 60 } }),
    ],
    ['the wrong issuer', () => mint({ claims: { iss: 'someone-else' } })],
    ['the wrong audience', () => mint({ claims: { aud: 'another-api' } })],
    ['an unknown role', () => mint({ claims: { role: 'owner' } })],
    ['no ver', () => mint({ claims: { ver: undefined } })],
    ['a negative ver', () => mint({ claims: { ver: -1 } })],
    ['no sid', () => mint({ claims: { sid: undefined } })],
    ['garbage', () => Promise.resolve('not.a.jwt')],
    ['an empty string', () => Promise.resolve('')],
    ['an oversized string', () => Promise.resolve('a'.repeat(5000))],
  ])('refuses %s', async (_label, make) => {
    const tokens = await createAccessTokens(jwtSettings());
    expect(await tokens.verify(await make())).toBeNull();
  });

  it('ignores keys offered in jwk, jku and x5u headers', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const now = nowSeconds();
    const token = await new SignJWT({ org: 'org-1', role: 'admin', ver: 0, sid: 's' })
      .setProtectedHeader({
        alg: 'ES256',
        typ: 'at+jwt',
        kid: keyIdFor(SECRET),
        jwk: await exportJWK(publicKey),
        jku: 'https://attacker.example/jwks.json',
        x5u: 'https://attacker.example/cert.pem',
      })
      .setIssuer('klerno')
      .setAudience('klerno-api')
      .setSubject('user-1')
      .setJti('j')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    const tokens = await createAccessTokens(jwtSettings());
    expect(await tokens.verify(token)).toBeNull();
    // The same headers on a token signed with our key change nothing: the kid map decides.
    const ours = await mint({ header: { jku: 'https://attacker.example/jwks.json' } });
    expect(await tokens.verify(ours)).not.toBeNull();
  });

  it('allows 30 s of clock skew', async () => {
    const tokens = await createAccessTokens(jwtSettings());
    expect(await tokens.verify(await mint({ claims: { exp: nowSeconds() - 20 } }))).not.toBeNull();
    expect(await tokens.verify(await mint({ claims: { nbf: nowSeconds() + 20 } }))).not.toBeNull();
  });
});

describe('access tokens in asymmetric mode (Ed25519)', () => {
  const pem = (type: 'ed25519' | 'ec') => {
    const { privateKey } =
      type === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  };

  it('signs with EdDSA under the key thumbprint and publishes only public members', async () => {
    const tokens = await createAccessTokens(jwtSettings(), {
      ed25519PrivateKeyPem: pem('ed25519'),
    });
    const { token } = await tokens.issue(subject);
    const header = decodeProtectedHeader(token);
    const { keys } = tokens.jwks();
    expect(keys).toHaveLength(1);
    const [jwk] = keys;
    expect(Object.keys(jwk!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(header).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: jwk!.kid });
    expect(jwk!.kid).toBe(await calculateJwkThumbprint(jwk!));
    expect(await tokens.verify(token)).toMatchObject(subject);
    // Anyone with the published set can check our tokens.
    const { payload } = await jwtVerify(token, createLocalJWKSet(tokens.jwks()), {
      algorithms: ['EdDSA'],
    });
    expect(payload.sub).toBe('user-1');
  });

  it('still accepts HS256 tokens of the configured secrets while switching', async () => {
    const before = await createAccessTokens(jwtSettings());
    const after = await createAccessTokens(jwtSettings(), { ed25519PrivateKeyPem: pem('ed25519') });
    expect(await after.verify((await before.issue(subject)).token)).toMatchObject(subject);
    expect(await before.verify((await after.issue(subject)).token)).toBeNull();
  });

  it('refuses HS256 under the Ed25519 kid, signed with the public key as a secret (alg confusion)', async () => {
    const tokens = await createAccessTokens(jwtSettings(), {
      ed25519PrivateKeyPem: pem('ed25519'),
    });
    const [jwk] = tokens.jwks().keys;
    const forged = await mint({
      header: { kid: jwk!.kid },
      secret: jwk!.x,
    });
    expect(await tokens.verify(forged)).toBeNull();
  });

  it('publishes nothing with HS256', async () => {
    expect((await createAccessTokens(jwtSettings())).jwks()).toEqual({ keys: [] });
  });

  it('refuses other key types and unreadable PEM, without repeating it', async () => {
    await expect(
      createAccessTokens(jwtSettings(), { ed25519PrivateKeyPem: pem('ec') }),
    ).rejects.toThrow(/Ed25519/);
    const garbage = '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXZhbHVl\n-----END PRIVATE KEY-----';
    const failure = createAccessTokens(jwtSettings(), { ed25519PrivateKeyPem: garbage });
    await expect(failure).rejects.toThrow(/PKCS#8/);
    await expect(failure).rejects.not.toThrow(/c2VjcmV0/);
  });
});

describe('download link tokens', () => {
  const target = { path: '/exports/transactions.csv', query: { riskBucket: 'high', bom: 'true' } };

  it('carry the subject and the one target they open, for the time asked', async () => {
    const tokens = await createAccessTokens(jwtSettings());
    const link = await tokens.issueLink(subject, target, 60);
    expect(decodeProtectedHeader(link)).toMatchObject({ typ: 'klerno-link+jwt', alg: 'HS256' });
    const claims = decodeJwt(link);
    expect(claims).toMatchObject({ aud: 'klerno-download', iss: 'klerno', sub: 'user-1', target });
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(await tokens.verifyLink(link)).toEqual({
      ...subject,
      tokenId: claims.jti,
      target,
    });
  });

  it('are never access tokens, and access tokens are never links', async () => {
    const tokens = await createAccessTokens(jwtSettings());
    const link = await tokens.issueLink(subject, target, 60);
    const { token } = await tokens.issue(subject);
    expect(await tokens.verify(link)).toBeNull();
    expect(await tokens.verifyLink(token)).toBeNull();
    // Our own signature over an access token's claims with the link's audience is still no link.
    expect(
      await tokens.verifyLink(await mint({ claims: { aud: 'klerno-download', target } })),
    ).toBeNull();
  });

  it('expire (with the same 30 s of skew) and live five minutes at most', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const tokens = await createAccessTokens(jwtSettings(), { clock: () => new Date(now) });
    const link = await tokens.issueLink(subject, target, 60);
    now += 89_000;
    expect(await tokens.verifyLink(link)).not.toBeNull();
    now += 1_000;
    expect(await tokens.verifyLink(link)).toBeNull();
    await expect(tokens.issueLink(subject, target, 301)).rejects.toThrow('at most 300 s');
  });

  it('refuse a target that is not a path with string parameters', async () => {
    const tokens = await createAccessTokens(jwtSettings());
    for (const bad of [null, 'x', { path: 1, query: {} }, { path: '/x', query: { n: 1 } }]) {
      const forged = await mint({
        header: { typ: 'klerno-link+jwt' },
        claims: { aud: 'klerno-download', target: bad },
      });
      expect(await tokens.verifyLink(forged)).toBeNull();
    }
    const wellFormed = await mint({
      header: { typ: 'klerno-link+jwt' },
      claims: { aud: 'klerno-download', target },
    });
    expect(await tokens.verifyLink(wellFormed)).toMatchObject({ target });
  });
});
