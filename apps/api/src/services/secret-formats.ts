import { randomSecret } from './opaque-secrets.js';

/**
 * Recognisable prefixes: secret scanners (and our own code) can tell a refresh token, an API key
 * and an invitation token apart at a glance, and none of them looks like a JWT.
 */
export const REFRESH_TOKEN_PREFIX = 'klr_';
export const API_KEY_PREFIX = 'klk_';
export const INVITATION_TOKEN_PREFIX = 'kli_';

/** base64url of 32 random bytes, without padding (see randomSecret). */
const SECRET = '[A-Za-z0-9_-]{43}';
const REFRESH_TOKEN_SHAPE = new RegExp(`^${REFRESH_TOKEN_PREFIX}${SECRET}$`);
const INVITATION_TOKEN_SHAPE = new RegExp(`^${INVITATION_TOKEN_PREFIX}${SECRET}$`);
/** `klk_<8 hex>_<secret>`, as services/api-keys.ts makes them. */
const API_KEY_SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9a-f]{8}_${SECRET}$`);

/** `klr_` + 256 random bits. */
export function newRefreshToken(): string {
  return `${REFRESH_TOKEN_PREFIX}${randomSecret()}`;
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
