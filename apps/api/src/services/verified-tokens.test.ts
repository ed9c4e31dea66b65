/**
 * Remembering verified tokens must never change an answer: a token that verified once is accepted
 * again exactly while jose would accept it (exp, nbf, iat and the maximum age, each with the clock
 * tolerance), and nothing else is ever served from memory.
 */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { JwtSettings } from '@klerno/config';
import { createAccessTokens, keyIdFor } from './access-tokens.js';
import { acceptanceWindow, VerifiedTokenCache } from './verified-tokens.js';

const SECRET = 'verified-token-cache-secret-0123456789abcdefghij';
const TTL = 900;

const settings: JwtSettings = {
  secret: SECRET,
  secretGenerated: false,
  previousSecrets: [],
  privateKeyPem: undefined,
  accessTokenTtl: TTL,
  refreshTokenTtl: 1_209_600,
  refreshTokenIdleTtl: 604_800,
  refreshReuseGrace: 10,
};

async function tokenWith(claims: { iat: number; exp?: number; nbf?: number }): Promise<string> {
  const jwt = new SignJWT({ org: 'org-1', role: 'analyst', ver: 0, sid: 'session-1' })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keyIdFor(SECRET) })
    .setIssuer('klerno')
    .setAudience('klerno-api')
    .setSubject('user-1')
    .setJti('jti-1')
    .setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

describe('verified access tokens', () => {
  const base = 1_800_000_000;

  it.each([
    ['iat and exp', { iat: base, exp: base + 600 }],
    ['exp past the maximum age', { iat: base, exp: base + 5000 }],
    ['nbf in the future', { iat: base, exp: base + 600, nbf: base + 120 }],
    ['iat in the future', { iat: base + 100, exp: base + 700 }],
  ])(
    'accepts a remembered token exactly when jose would (%s)',
    async (_name, claims) => {
      const token = await tokenWith(claims);
      let now = base;
      const clock = () => new Date(now * 1000);
      // One instance remembers; a fresh one per instant always verifies in full.
      const remembering = await createAccessTokens(settings, { clock });
      let first: unknown = null;
      for (let at = base - 200; at <= base + 1200 && first === null; at += 7) {
        now = at;
        first = await remembering.verify(token);
      }
      expect(first).not.toBeNull();
      for (let at = base - 200; at <= base + 6000; at += 1) {
        now = at;
        const fresh = await createAccessTokens(settings, { clock });
        const expected = await fresh.verify(token);
        const remembered = await remembering.verify(token);
        expect({ at, remembered }).toEqual({ at, remembered: expected });
        if (at > base + 1100) at += 97;
      }
    },
    60_000,
  );

  it('never remembers a token that failed, nor one without iat', async () => {
    const cache = new VerifiedTokenCache<string>(10);
    const rules = { clockToleranceSeconds: 30, maxTokenAgeSeconds: TTL };
    cache.set('no-iat', 'value', { exp: base + 100 }, rules);
    expect(cache.get('no-iat', new Date(base * 1000))).toBeUndefined();
    const tokens = await createAccessTokens(settings);
    expect(await tokens.verify('not-a-token')).toBeNull();
    expect(await tokens.verify('not-a-token')).toBeNull();
  });

  it('keeps at most its capacity, forgetting the oldest entry first', () => {
    const cache = new VerifiedTokenCache<number>(2);
    const rules = { clockToleranceSeconds: 30, maxTokenAgeSeconds: TTL };
    const now = new Date(base * 1000);
    cache.set('a', 1, { iat: base }, rules);
    cache.set('b', 2, { iat: base }, rules);
    cache.set('c', 3, { iat: base }, rules);
    expect([cache.get('a', now), cache.get('b', now), cache.get('c', now)]).toEqual([
      undefined,
      2,
      3,
    ]);
  });

  it('derives the window from exp, nbf, iat and the maximum age with the tolerance', () => {
    expect(
      acceptanceWindow(
        { iat: 100, nbf: 150, exp: 400 },
        { clockToleranceSeconds: 30, maxTokenAgeSeconds: 900 },
      ),
    ).toEqual({ notBefore: 120, expiresBefore: 430, lastAccepted: 1030 });
  });
});
