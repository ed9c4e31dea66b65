import type { ApiKey, Role, Store, User } from '@klerno/db';
import type { AccessTokens, VerifiedAccessToken } from './access-tokens.js';
import { NotAuthenticatedError } from './errors.js';
import { lowerRole } from './roles.js';
import {
  API_KEY_PREFIX,
  looksLikeApiKey,
  REFRESH_TOKEN_PREFIX,
  secretDigest,
} from './secret-formats.js';

/** The caller as procedures see it. */
export interface CurrentUser {
  id: string;
  organizationId: string;
  email: string;
  /** For an API key: the key's role (never above its creator's current role). */
  role: Role;
  /** How the caller proved who it is. For an API key, id and email are its creator's. */
  via: 'token' | 'apiKey';
  apiKeyId: string | null;
  /** The session family of the access token (`sid`); null for API keys and in-process callers. */
  sessionId: string | null;
}

/** What authentication reads from the request's context. */
export interface PresentedIdentity {
  store: Store;
  tokens: AccessTokens;
  clock: () => Date;
  bearerToken: string | null;
  apiKey: string | null;
  credentialProblem: string | null;
}

/** lastUsedAt is written at most this often per key: a busy key must not write on every call. */
export const API_KEY_TOUCH_INTERVAL_MS = 60_000;

const INVALID_ACCESS_TOKEN = 'Invalid or expired access token; refresh it or sign in again';

/** What a refused token is told, by kind of token. */
interface Refusals {
  invalid: string;
  signedOut: string;
  revoked: string;
}

const ACCESS_TOKEN_REFUSALS: Refusals = {
  invalid: INVALID_ACCESS_TOKEN,
  signedOut: 'This access token belongs to a session that was signed out; sign in again',
  revoked:
    'This access token was revoked (role, account or password changed); refresh it or sign in again',
};

const LINK_REFUSALS: Refusals = {
  invalid: 'This download link is invalid or has expired; ask for a new one',
  signedOut: 'This link belongs to a session that was signed out; sign in again',
  revoked: 'This link was revoked (role, account or password changed); ask for a new one',
};
const INVALID_API_KEY = 'Invalid, expired or revoked API key';

/**
 * The caller behind the request's credentials: an access token (Authorization: Bearer) or an
 * API key (X-API-Key). The user and the token's session family are re-read on every request, so
 * a disabled account, a bumped tokenVersion (role change, disable, password change) and a
 * revoked session (logout, refresh-token reuse) count at once, on every instance sharing the
 * database. Redis is deliberately not involved: a revocation published while Redis is away would
 * be lost, the database's answer never is.
 */
export async function authenticate(request: PresentedIdentity): Promise<CurrentUser> {
  if (request.credentialProblem !== null) {
    throw new NotAuthenticatedError(request.credentialProblem);
  }
  if (request.apiKey !== null) return authenticateApiKey(request, request.apiKey);
  if (request.bearerToken !== null) return authenticateAccessToken(request, request.bearerToken);
  throw new NotAuthenticatedError();
}

function assertActive(user: User | null, invalidMessage: string): asserts user is User {
  if (!user) throw new NotAuthenticatedError(invalidMessage);
  if (user.disabled) throw new NotAuthenticatedError('This account is disabled');
}

async function authenticateAccessToken(
  { store, tokens }: PresentedIdentity,
  token: string,
): Promise<CurrentUser> {
  // Opaque secrets never reach the JWT verifier; say what they are instead of just "invalid".
  if (token.startsWith(REFRESH_TOKEN_PREFIX)) {
    throw new NotAuthenticatedError(
      'A refresh token is not an access token: exchange it for one with auth.refresh',
    );
  }
  if (token.startsWith(API_KEY_PREFIX)) {
    throw new NotAuthenticatedError(
      'An API key goes in the X-API-Key header, not in Authorization',
    );
  }
  const claims = await tokens.verify(token);
  if (!claims) throw new NotAuthenticatedError(INVALID_ACCESS_TOKEN);
  return currentUserOf(store, claims, ACCESS_TOKEN_REFUSALS);
}

/**
 * The user a verified token (an access token or a download link) speaks for, re-read with its
 * session: refused when the account is disabled, the session signed out or the tokenVersion
 * bumped since the token was issued.
 */
async function currentUserOf(
  store: Store,
  claims: VerifiedAccessToken,
  refusals: Refusals,
): Promise<CurrentUser> {
  // Both point reads at once: the session check adds no round trip to the user read.
  const [user, sessionRevoked] = await Promise.all([
    store.users.byId(claims.organizationId, claims.userId),
    store.sessions.isFamilyRevoked(claims.sessionId),
  ]);
  assertActive(user, refusals.invalid);
  if (sessionRevoked) throw new NotAuthenticatedError(refusals.signedOut);
  if (user.tokenVersion !== claims.tokenVersion) {
    throw new NotAuthenticatedError(refusals.revoked);
  }
  return {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email,
    role: user.role,
    via: 'token',
    apiKeyId: null,
    sessionId: claims.sessionId,
  };
}

/**
 * The caller behind a download link for `path`, and the query the link was issued with. A link
 * speaks for its session exactly as an access token does (same revocation checks), opens only
 * the path it was issued for, and only within its short life.
 */
export async function authenticateLink(
  { store, tokens }: Pick<PresentedIdentity, 'store' | 'tokens'>,
  link: string,
  path: string,
): Promise<{ user: CurrentUser; query: Readonly<Record<string, string>> }> {
  const claims = await tokens.verifyLink(link);
  if (!claims || claims.target.path !== path) {
    throw new NotAuthenticatedError(LINK_REFUSALS.invalid);
  }
  const user = await currentUserOf(store, claims, LINK_REFUSALS);
  return { user, query: claims.target.query };
}

function isLive(key: ApiKey, now: Date): boolean {
  return (
    key.revokedAt === null && (key.expiresAt === null || Date.parse(key.expiresAt) > now.getTime())
  );
}

function dueForTouch(key: ApiKey, now: Date): boolean {
  return (
    key.lastUsedAt === null ||
    now.getTime() - Date.parse(key.lastUsedAt) >= API_KEY_TOUCH_INTERVAL_MS
  );
}

async function authenticateApiKey(
  { store, clock }: PresentedIdentity,
  presented: string,
): Promise<CurrentUser> {
  if (!looksLikeApiKey(presented)) {
    throw new NotAuthenticatedError('Malformed API key: expected klk_<prefix>_<secret>');
  }
  const now = clock();
  const key = await store.apiKeys.byDigest(secretDigest(presented));
  if (!key || !isLive(key, now)) throw new NotAuthenticatedError(INVALID_API_KEY);
  const creator = await store.users.byId(key.organizationId, key.createdBy);
  assertActive(creator, INVALID_API_KEY);
  if (dueForTouch(key, now)) await store.apiKeys.touch(key.id, now.toISOString());
  return {
    id: creator.id,
    organizationId: key.organizationId,
    email: creator.email,
    // A key never acts above its creator's current role (a demoted admin's key is demoted too).
    role: lowerRole(key.role, creator.role),
    via: 'apiKey',
    apiKeyId: key.id,
    sessionId: null,
  };
}
