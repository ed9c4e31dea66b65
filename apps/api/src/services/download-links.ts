/**
 * Download links: a browser saves a large export by following a link (so the file streams to
 * disk), and a navigation cannot carry the session's Authorization header. A link holds a token
 * of its own kind (access-tokens.ts) naming the session, the one path it opens and the query it
 * was issued with; it lives DOWNLOAD_LINK_TTL_SECONDS and is checked like an access token.
 */
import { actsThroughApiKey, refuse, type AuthorizationContext } from '../authorization.js';
import type { AccessTokens } from './access-tokens.js';
import { NotAuthenticatedError } from './errors.js';

/** Long enough to follow at once, short enough that a link found in a history is stale. */
export const DOWNLOAD_LINK_TTL_SECONDS = 60;
/** The query parameter that carries a link's token. */
export const LINK_PARAMETER = 'link';

export interface DownloadLink {
  /** The path with the link's token as its only query parameter. */
  path: string;
  expiresAt: string;
}

/**
 * A link to `path` with `query`, for a signed-in user's session. API keys download directly
 * (403 and an authz_fail entry): a leaked key must not mint URLs that travel further.
 */
export async function issueDownloadLink(
  caller: AuthorizationContext & { tokens: AccessTokens },
  procedure: string,
  path: string,
  query: Readonly<Record<string, string>>,
): Promise<DownloadLink> {
  const { store, tokens, clock, user: current } = caller;
  if (actsThroughApiKey(current) || current.sessionId === null) {
    throw await refuse(
      caller,
      procedure,
      `Download links are for signed-in sessions; with an API key, call GET ${path} with the X-API-Key header`,
      { reason: 'api_key_cannot_create_links' },
    );
  }
  const user = await store.users.byId(current.organizationId, current.id);
  if (!user || user.disabled) throw new NotAuthenticatedError();
  const issuedAt = clock();
  const token = await tokens.issueLink(
    {
      userId: user.id,
      organizationId: user.organizationId,
      role: user.role,
      tokenVersion: user.tokenVersion,
      sessionId: current.sessionId,
    },
    { path, query },
    DOWNLOAD_LINK_TTL_SECONDS,
  );
  return {
    path: `${path}?${new URLSearchParams({ [LINK_PARAMETER]: token }).toString()}`,
    expiresAt: new Date(issuedAt.getTime() + DOWNLOAD_LINK_TTL_SECONDS * 1000).toISOString(),
  };
}
