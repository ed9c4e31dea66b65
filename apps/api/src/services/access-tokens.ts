import { createHash, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, type CryptoKey, type JWTHeaderParameters } from 'jose';
import { ROLES, type Role } from '@klerno/db';
import type { JwtSettings } from '@klerno/config';

export const ACCESS_TOKEN_ISSUER = 'klerno';
export const ACCESS_TOKEN_AUDIENCE = 'klerno-api';
export const ACCESS_TOKEN_TYPE = 'at+jwt';
const ALGORITHM = 'HS256';
const CLOCK_TOLERANCE_SECONDS = 30;
/** Longer strings are not access tokens; refused before any cryptography. */
const MAX_TOKEN_LENGTH = 4096;

export interface AccessTokenSubject {
  userId: string;
  organizationId: string;
  role: Role;
}

export interface VerifiedAccessToken extends AccessTokenSubject {
  tokenId: string;
}

export interface IssuedAccessToken {
  token: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

export interface AccessTokens {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
  /** The token's subject, or null for anything that is not a valid, current access token of ours. */
  verify(token: string): Promise<VerifiedAccessToken | null>;
}

interface HmacKey {
  kid: string;
  key: CryptoKey;
}

/**
 * A key id derived from the secret: stable across restarts and instances that share the secret,
 * and different for each rotated secret. It reveals nothing an HS256 signature does not already.
 */
export function keyIdFor(secret: string): string {
  return `hs-${createHash('sha256').update(`klerno-kid:${secret}`).digest('hex').slice(0, 16)}`;
}

async function importHmacKey(secret: string): Promise<HmacKey> {
  const key: CryptoKey = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  return { kid: keyIdFor(secret), key };
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Short-lived jose access tokens (HS256). Keys are imported once as CryptoKeys, here, not per
 * request. Verification pins the algorithm, checks iss/aud/typ with 30 s of clock skew, and
 * looks the kid up only among the configured secrets (current and previous).
 */
export async function createAccessTokens(jwt: JwtSettings): Promise<AccessTokens> {
  const signing = await importHmacKey(jwt.secret);
  const verificationKeys = new Map<string, CryptoKey>([[signing.kid, signing.key]]);
  for (const previous of jwt.previousSecrets) {
    const { kid, key } = await importHmacKey(previous);
    if (!verificationKeys.has(kid)) verificationKeys.set(kid, key);
  }

  const keyFor = (header: JWTHeaderParameters): CryptoKey => {
    const key = header.kid === undefined ? undefined : verificationKeys.get(header.kid);
    if (!key) throw new Error('unknown key id');
    return key;
  };

  return {
    async issue(subject) {
      const token = await new SignJWT({ org: subject.organizationId, role: subject.role })
        .setProtectedHeader({ alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: signing.kid })
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setSubject(subject.userId)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${jwt.accessTokenTtl}s`)
        .sign(signing.key);
      return { token, expiresIn: jwt.accessTokenTtl };
    },

    async verify(token) {
      if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
      try {
        const { payload } = await jwtVerify(token, keyFor, {
          algorithms: [ALGORITHM],
          issuer: ACCESS_TOKEN_ISSUER,
          audience: ACCESS_TOKEN_AUDIENCE,
          typ: ACCESS_TOKEN_TYPE,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        });
        const { sub, jti, org, role } = payload;
        if (
          typeof sub !== 'string' ||
          typeof jti !== 'string' ||
          typeof org !== 'string' ||
          !isRole(role)
        ) {
          return null;
        }
        return { userId: sub, organizationId: org, role, tokenId: jti };
      } catch {
        return null;
      }
    },
  };
}
