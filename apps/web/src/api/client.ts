import { createKlernoClient } from '@klerno/sdk';
import type { KlernoClient, OnTokens } from '@klerno/sdk';

/**
 * The console's API client: the published SDK as a session, pointed at the page's own origin
 * (the API serves the console in production; Vite proxies /trpc in development). It keeps the
 * access token in memory, adopts the tokens of every sign-in made through it, and refreshes
 * once through the HttpOnly cookie when the API refuses the access token.
 */
export function createApiClient(onTokens: OnTokens): KlernoClient {
  return createKlernoClient({ baseUrl: window.location.origin, auth: { onTokens } });
}
