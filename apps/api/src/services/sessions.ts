import type { JwtSettings } from '@klerno/config';
import type { Repositories, SessionFamily, Store, User } from '@klerno/db';
import { recordAudit, type RequestMeta } from './audit.js';
import { InvalidRefreshTokenError } from './errors.js';
import { looksLikeRefreshToken, newRefreshToken, secretDigest } from './secret-formats.js';

export type SessionSettings = Pick<
  JwtSettings,
  'refreshTokenTtl' | 'refreshTokenIdleTtl' | 'refreshReuseGrace'
>;

/** A refresh token handed to a client, with the session family it belongs to. */
export interface IssuedRefreshToken {
  sessionId: string;
  refreshToken: string;
  /** The family's absolute expiry (ISO): no refresh token of it works after this. */
  expiresAt: string;
}

export interface RefreshedSession {
  user: User;
  issued: IssuedRefreshToken;
}

const SECOND_MS = 1000;

/** Session family ids appear in the audit trail as `session:<id>`. */
export function sessionTarget(sessionId: string): string {
  return `session:${sessionId}`;
}

async function addRefreshToken(
  repos: Repositories,
  family: Pick<SessionFamily, 'id' | 'expiresAt'>,
  at: string,
): Promise<IssuedRefreshToken> {
  const refreshToken = newRefreshToken();
  await repos.sessions.addToken({
    familyId: family.id,
    digest: secretDigest(refreshToken),
    createdAt: at,
  });
  return { sessionId: family.id, refreshToken, expiresAt: family.expiresAt };
}

/**
 * A new session family with its first refresh token. Call it inside the unit of work that signs
 * the user in; the caller records `session_created` there too.
 */
export async function startSession(
  repos: Repositories,
  user: Pick<User, 'id' | 'organizationId'>,
  settings: SessionSettings,
  now: Date,
): Promise<IssuedRefreshToken> {
  const at = now.toISOString();
  const family = await repos.sessions.createFamily({
    organizationId: user.organizationId,
    userId: user.id,
    createdAt: at,
    expiresAt: new Date(now.getTime() + settings.refreshTokenTtl * SECOND_MS).toISOString(),
  });
  return addRefreshToken(repos, family, at);
}

type RotationOutcome = { ok: true; user: User; issued: IssuedRefreshToken } | { ok: false };

/**
 * The token was rotated by the family's latest refresh (nothing rotated since: the rotation and
 * the family's lastUsedAt share one instant), within the grace window: a second tab (or a retried
 * request) presenting it again is not an attack. Grace answers move no timestamps, so they keep
 * this test true for every tab that arrives within the window.
 */
function isJustRotated(
  rotatedAt: string,
  family: SessionFamily,
  now: Date,
  settings: SessionSettings,
): boolean {
  const rotated = Date.parse(rotatedAt);
  return (
    rotated === Date.parse(family.lastUsedAt) &&
    now.getTime() - rotated <= settings.refreshReuseGrace * SECOND_MS
  );
}

function expiryOf(family: SessionFamily, now: Date, settings: SessionSettings): string | null {
  if (now.getTime() >= Date.parse(family.expiresAt)) return 'expired';
  if (now.getTime() >= Date.parse(family.lastUsedAt) + settings.refreshTokenIdleTtl * SECOND_MS) {
    return 'idle_timeout';
  }
  return null;
}

/**
 * Exchanges a refresh token for a new one (every refresh rotates), in one unit of work:
 * - the newest token of its line: marked rotated (compare-and-set), a successor issued, the
 *   family's lastUsedAt moved;
 * - the token the latest refresh just rotated, within REFRESH_REUSE_GRACE (or one a concurrent
 *   request rotated a moment ago): another fresh token in the same family, nothing broken;
 * - any older token, or that one after the grace: the whole family is revoked and
 *   `authn_token_reuse` recorded;
 * - an idle or absolutely expired family is revoked; a revoked family, an unknown token or a
 *   user who can no longer sign in is refused.
 * Revocations are committed before InvalidRefreshTokenError is thrown.
 */
export async function rotateRefreshToken(
  store: Store,
  settings: SessionSettings,
  presented: string,
  meta: RequestMeta,
  now: Date,
): Promise<RefreshedSession> {
  if (!looksLikeRefreshToken(presented)) throw new InvalidRefreshTokenError();
  const digest = secretDigest(presented);
  const at = now.toISOString();

  const outcome = await store.transaction(async (repos): Promise<RotationOutcome> => {
    const found = await repos.sessions.tokenByDigest(digest);
    if (!found || found.family.revokedAt !== null) return { ok: false };
    const { token, family } = found;

    const expiry = expiryOf(family, now, settings);
    if (expiry !== null) {
      await repos.sessions.revokeFamily(family.id, at, expiry);
      return { ok: false };
    }
    const user = await repos.users.byId(family.organizationId, family.userId);
    if (!user || user.disabled) return { ok: false };

    if (token.rotatedAt !== null) {
      if (isJustRotated(token.rotatedAt, family, now, settings)) {
        return { ok: true, user, issued: await addRefreshToken(repos, family, at) };
      }
      await repos.sessions.revokeFamily(family.id, at, 'token_reuse');
      await recordAudit(
        repos,
        meta,
        {
          event: 'authn_token_reuse',
          organizationId: family.organizationId,
          actor: user.id,
          target: sessionTarget(family.id),
          outcome: 'failure',
          details: { tokenIssuedAt: token.createdAt, tokenRotatedAt: token.rotatedAt },
        },
        now,
      );
      return { ok: false };
    }

    // A concurrent request that rotated this very token first wins the compare-and-set; this one
    // is then the "presented again at once" case and gets a sibling without moving lastUsedAt.
    if (await repos.sessions.markRotated(token.id, at)) {
      await repos.sessions.touchFamily(family.id, at);
    }
    return { ok: true, user, issued: await addRefreshToken(repos, family, at) };
  });

  if (!outcome.ok) throw new InvalidRefreshTokenError();
  return { user: outcome.user, issued: outcome.issued };
}

/** The live session family a refresh token belongs to, or null (for logout). */
export async function sessionOfRefreshToken(
  store: Store,
  presented: string,
): Promise<SessionFamily | null> {
  if (!looksLikeRefreshToken(presented)) return null;
  const found = await store.sessions.tokenByDigest(secretDigest(presented));
  return found && found.family.revokedAt === null ? found.family : null;
}
