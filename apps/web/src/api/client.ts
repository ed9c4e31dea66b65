import { createKlernoClient } from '@klerno/sdk';
import type { KlernoClient } from '@klerno/sdk';

/**
 * The console's API client: the published SDK, pointed at the page's own origin (the API serves
 * the console in production; Vite proxies /trpc in development). The token is read before every
 * request, so signing in or out needs no new client.
 */
export function createApiClient(getAccessToken: () => string | undefined): KlernoClient {
  return createKlernoClient({ baseUrl: window.location.origin, accessToken: getAccessToken });
}
