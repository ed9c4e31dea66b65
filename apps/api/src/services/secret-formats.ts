import { createHash, randomBytes } from 'node:crypto';

/**
 * Every opaque secret the API hands out: its recognisable prefix, how it is made, how it is
 * stored (digest) and its shape. Secret scanners (and our own code) can tell a refresh token, an
 * API key and an invitation token apart at a glance, and none of them looks like a JWT.
 */
export const REFRESH_TOKEN_PREFIX = 'klr_';
export const API_KEY_PREFIX = 'klk_';
export const INVITATION_TOKEN_PREFIX = 'kli_';

/** 256 bits of randomness, base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for a secret: the SHA-256 (lower-case hex) of the whole string, prefix included. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** base64url of 32 random bytes, without padding (see randomSecret). */
const SECRET = '[A-Za-z0-9_-]{43}';
const REFRESH_TOKEN_SHAPE = new RegExp(`^${REFRESH_TOKEN_PREFIX}${SECRET}$`);
const INVITATION_TOKEN_SHAPE = new RegExp(`^${INVITATION_TOKEN_PREFIX}${SECRET}$`);
const API_KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9a-f]{8}_${SECRET}$`);

/** `klr_` + 256 random bits. */
export function newRefreshToken(): string {
  return `${REFRESH_TOKEN_PREFIX}${randomSecret()}`;
}

/** `kli_` + 256 random bits; single use. */
export function newInvitationToken(): string {
  return `${INVITATION_TOKEN_PREFIX}${randomSecret()}`;
}

/**
 * A new key `klk_<8 hex>_<43 base64url>` and its (non-secret) prefix; the prefix has no `_`, so
 * the parts split unambiguously (see `looksLikeApiKey`).
 */
export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(4).toString('hex');
  return { key: `${API_KEY_PREFIX}${prefix}_${randomSecret()}`, prefix };
}

/** Cheap shape checks: anything else is refused before the database is asked. */
export function looksLikeRefreshToken(value: string): boolean {
  return REFRESH_TOKEN_SHAPE.test(value);
}

export function looksLikeInvitationToken(value: string): boolean {
  return INVITATION_TOKEN_SHAPE.test(value);
}

export function looksLikeApiKey(value: string): boolean {
  return API_KEY_SHAPE.test(value);
}
