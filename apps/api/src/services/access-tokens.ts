import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import {
  SignJWT,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { ROLES, type Role } from '@klerno/db';
import type { JwtSettings } from '@klerno/config';
import { VerifiedTokenCache } from './verified-tokens.js';

export const ACCESS_TOKEN_ISSUER = 'klerno';
export const ACCESS_TOKEN_AUDIENCE = 'klerno-api';
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** Download links carry a token of their own kind: never accepted as an access token, nor back. */
export const LINK_TOKEN_AUDIENCE = 'klerno-download';
export const LINK_TOKEN_TYPE = 'klerno-link+jwt';
const CLOCK_TOLERANCE_SECONDS = 30;
/** Longer strings are not access tokens; refused before any parsing. */
const MAX_TOKEN_LENGTH = 4096;
/** The longest a download link may live: it is meant to be followed at once. */
const MAX_LINK_TTL_SECONDS = 300;
const LINK_KIND = {
  audience: LINK_TOKEN_AUDIENCE,
  type: LINK_TOKEN_TYPE,
  maxAgeSeconds: MAX_LINK_TTL_SECONDS,
} as const;
/** Recently verified tokens remembered (about 1 KB each). */
const VERIFIED_TOKEN_CACHE_SIZE = 10_000;

type Algorithm = 'HS256' | 'EdDSA';

export interface AccessTokenSubject {
  userId: string;
  organizationId: string;
  role: Role;
  /** The user's tokenVersion when the token was issued (`ver`); a bump makes the token void. */
  tokenVersion: number;
  /** The session family the token was issued for (`sid`): what logout and password change act on. */
  sessionId: string;
}

export interface VerifiedAccessToken extends AccessTokenSubject {
  tokenId: string;
}

export interface IssuedAccessToken {
  token: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

/** A JSON Web Key Set of public keys only (RFC 7517). */
/** A published Ed25519 verification key (RFC 8037): public members only. */
export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** Our own type, not jose's: the router's type (and so the SDK's) must not reach into jose. */
export interface PublicJwks {
  keys: PublicJwk[];
}

/** What a download link lets its holder fetch: one path with these query parameters. */
export interface LinkTarget {
  path: string;
  query: Readonly<Record<string, string>>;
}

export interface VerifiedLinkToken extends VerifiedAccessToken {
  target: LinkTarget;
}

export interface AccessTokens {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
  /** The token's subject, or null for anything that is not a valid, current access token of ours. */
  verify(token: string): Promise<VerifiedAccessToken | null>;
  /**
   * A token for a download link (a browser fetches it by navigating, so no header can carry the
   * session's token): the subject's claims, the one target it opens, `ttlSeconds` of life.
   */
  issueLink(subject: AccessTokenSubject, target: LinkTarget, ttlSeconds: number): Promise<string>;
  /** The link token's subject and target, or null for anything else (an access token included). */
  verifyLink(token: string): Promise<VerifiedLinkToken | null>;
  /** The public signing keys (asymmetric mode); no keys with HS256. */
  jwks(): PublicJwks;
}

export interface AccessTokenOptions {
  /** The time tokens are issued and checked at (tests move it); default: the system clock. */
  clock?: () => Date;
  /**
   * An Ed25519 private key (PKCS#8 PEM), overriding JWT_PRIVATE_KEY: tokens are then signed with
   * EdDSA and its public key is published by `jwks()`. JWT_SECRET and JWT_PREVIOUS_SECRETS still
   * verify (HS256), so switching modes signs nobody out.
   */
  ed25519PrivateKeyPem?: string;
}

/** One configured key: the algorithm is the key's, never the token header's choice. */
interface Key {
  kid: string;
  alg: Algorithm;
  key: CryptoKey | KeyObject;
}

/**
 * A key id derived from the secret: stable across restarts and instances that share the secret,
 * and different for each rotated secret. It reveals nothing an HS256 signature does not already.
 */
export function keyIdFor(secret: string): string {
  return `hs-${createHash('sha256').update(`klerno-kid:${secret}`).digest('hex').slice(0, 16)}`;
}

async function importHmacKey(secret: string): Promise<Key> {
  const key: CryptoKey = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  return { kid: keyIdFor(secret), alg: 'HS256', key };
}

interface Ed25519Key {
  signing: Key;
  verification: Key;
  publicJwk: PublicJwk;
}

/** The kid is the public key's RFC 7638 thumbprint. The PEM is never repeated in an error. */
async function importEd25519Key(pem: string): Promise<Ed25519Key> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error('The Ed25519 signing key is not a readable PKCS#8 PEM private key');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('The asymmetric signing key must be an Ed25519 key');
  }
  const publicKey = createPublicKey(privateKey);
  const { kty, crv, x } = publicKey.export({ format: 'jwk' });
  if (kty === undefined || crv === undefined || x === undefined) {
    throw new Error('The Ed25519 public key could not be exported as a JWK');
  }
  const kid = await calculateJwkThumbprint({ kty, crv, x });
  return {
    signing: { kid, alg: 'EdDSA', key: privateKey },
    verification: { kid, alg: 'EdDSA', key: publicKey },
    publicJwk: { kty, crv, x, kid, alg: 'EdDSA', use: 'sig' },
  };
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function isTokenVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isQuery(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}

function isLinkTarget(value: unknown): value is LinkTarget {
  if (typeof value !== 'object' || value === null) return false;
  const { path, query } = value as Record<string, unknown>;
  return typeof path === 'string' && isQuery(query);
}

/** The subject claims every token of ours carries, or null when one is missing or malformed. */
function subjectOf(payload: JWTPayload): VerifiedAccessToken | null {
  const { sub, jti, org, role, ver, sid } = payload;
  if (
    typeof sub !== 'string' ||
    typeof jti !== 'string' ||
    typeof org !== 'string' ||
    typeof sid !== 'string' ||
    !isRole(role) ||
    !isTokenVersion(ver)
  ) {
    return null;
  }
  return {
    userId: sub,
    organizationId: org,
    role,
    tokenVersion: ver,
    sessionId: sid,
    tokenId: jti,
  };
}

/** The audience, type and longest life of one kind of token. */
interface TokenKind {
  audience: string;
  type: string;
  maxAgeSeconds: number;
}

function protectedHeaderOf(token: string): ProtectedHeaderParameters | null {
  try {
    return decodeProtectedHeader(token);
  } catch {
    return null;
  }
}

/**
 * Short-lived jose access tokens: HS256 with JWT_SECRET, or EdDSA with an Ed25519 key. Keys are
 * imported once, here, not per request. Verification looks the kid up only in the map of
 * configured keys (an unknown kid is refused before any cryptography), pins the algorithm to
 * that key's, requires exp/iat/sub/jti, and checks iss/aud/typ with 30 s of clock skew. jku,
 * x5u and jwk headers are never consulted.
 */
export async function createAccessTokens(
  jwt: JwtSettings,
  options: AccessTokenOptions = {},
): Promise<AccessTokens> {
  const clock = options.clock ?? (() => new Date());
  const hmac = await importHmacKey(jwt.secret);
  const keys = new Map<string, Key>([[hmac.kid, hmac]]);
  for (const previous of jwt.previousSecrets) {
    const key = await importHmacKey(previous);
    if (!keys.has(key.kid)) keys.set(key.kid, key);
  }
  const privateKeyPem = options.ed25519PrivateKeyPem ?? jwt.privateKeyPem;
  const ed25519 = privateKeyPem === undefined ? null : await importEd25519Key(privateKeyPem);
  if (ed25519) keys.set(ed25519.verification.kid, ed25519.verification);
  const signing = ed25519?.signing ?? hmac;
  const jwks: PublicJwks = { keys: ed25519 ? [ed25519.publicJwk] : [] };
  // Tokens seen recently skip the signature check, never the time checks (verified-tokens.ts).
  const verified = new VerifiedTokenCache<VerifiedAccessToken>(VERIFIED_TOKEN_CACHE_SIZE);
  const timeRules = {
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
    maxTokenAgeSeconds: jwt.accessTokenTtl,
  };

  const accessKind: TokenKind = {
    audience: ACCESS_TOKEN_AUDIENCE,
    type: ACCESS_TOKEN_TYPE,
    maxAgeSeconds: jwt.accessTokenTtl,
  };

  async function sign(
    subject: AccessTokenSubject,
    kind: TokenKind,
    ttlSeconds: number,
    claims: JWTPayload = {},
  ): Promise<string> {
    const issuedAt = Math.floor(clock().getTime() / 1000);
    return new SignJWT({
      ...claims,
      org: subject.organizationId,
      role: subject.role,
      ver: subject.tokenVersion,
      sid: subject.sessionId,
    })
      .setProtectedHeader({ alg: signing.alg, typ: kind.type, kid: signing.kid })
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(kind.audience)
      .setSubject(subject.userId)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(signing.key);
  }

  /** The payload of a valid token of this kind, or null. */
  async function check(token: string, kind: TokenKind, now: Date): Promise<JWTPayload | null> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
    const header = protectedHeaderOf(token);
    const key = typeof header?.kid === 'string' ? keys.get(header.kid) : undefined;
    if (!key) return null;
    try {
      const { payload } = await jwtVerify(token, key.key, {
        algorithms: [key.alg],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: kind.audience,
        typ: kind.type,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: now,
        // No token of ours lives longer than its kind allows, whatever its exp says.
        maxTokenAge: kind.maxAgeSeconds,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      });
      return payload;
    } catch {
      return null;
    }
  }

  return {
    async issue(subject) {
      const token = await sign(subject, accessKind, jwt.accessTokenTtl);
      return { token, expiresIn: jwt.accessTokenTtl };
    },

    async verify(token) {
      const now = clock();
      const known = verified.get(token, now);
      if (known) return known;
      const payload = await check(token, accessKind, now);
      const subject = payload && subjectOf(payload);
      if (!payload || !subject) return null;
      verified.set(token, Object.freeze(subject), payload, timeRules);
      return subject;
    },

    async issueLink(subject, target, ttlSeconds) {
      if (ttlSeconds > MAX_LINK_TTL_SECONDS) {
        throw new Error(`A link lives at most ${MAX_LINK_TTL_SECONDS} s`);
      }
      return sign(subject, LINK_KIND, ttlSeconds, { target: { ...target } });
    },

    async verifyLink(token) {
      const payload = await check(token, LINK_KIND, clock());
      const subject = payload && subjectOf(payload);
      if (!payload || !subject || !isLinkTarget(payload.target)) return null;
      return { ...subject, target: payload.target };
    },

    jwks: () => jwks,
  };
}
