import type { QueryClient } from '@tanstack/react-query';
import { isUnauthorized } from '@klerno/sdk';
import type { KlernoClient } from '@klerno/sdk';
import { createApiClient } from './api/client.js';
import { createQueryClient } from './api/query-client.js';
import { createSessionStore } from './session/session-store.js';
import type { SessionStore } from './session/session-store.js';

/** The long-lived objects of one console tab, wired together once. */
export interface ConsoleRuntime {
  sessionStore: SessionStore;
  queryClient: QueryClient;
  apiClient: KlernoClient;
  /** Once per page load: resumes the session from the refresh cookie, if this browser had one. */
  restoreSession: () => Promise<void>;
}

export function createConsoleRuntime(storage: Storage | undefined): ConsoleRuntime {
  const sessionStore = createSessionStore(storage);
  // With the client's refresh, an UNAUTHORIZED that reaches a query means the session is over.
  const queryClient = createQueryClient(() => sessionStore.signOut('expired'));
  // The API client holds the access token (in memory only).
  const apiClient = createApiClient((tokens) => sessionStore.signIn(tokens.user));
  // Nothing one account fetched may be shown to the next one signing in on this tab.
  sessionStore.subscribe(() => {
    if (sessionStore.get().status !== 'signed-out') return;
    queryClient.clear();
  });
  const restoreSession = async () => {
    if (sessionStore.get().status !== 'restoring') return;
    try {
      // The client adopts the tokens; onTokens signs the user in.
      await apiClient.auth.refresh.mutate({ useCookie: true });
    } catch (error) {
      sessionStore.signOut(isUnauthorized(error) ? 'expired' : 'unreachable');
    }
  };
  return { sessionStore, queryClient, apiClient, restoreSession };
}
