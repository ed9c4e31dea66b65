import type { QueryClient } from '@tanstack/react-query';
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
}

export function createConsoleRuntime(storage: Storage | undefined): ConsoleRuntime {
  const sessionStore = createSessionStore(storage);
  const queryClient = createQueryClient(() => sessionStore.signOut('expired'));
  const apiClient = createApiClient(() => sessionStore.get()?.accessToken);
  // Nothing one account fetched may be shown to the next one signing in on this tab.
  sessionStore.subscribe(() => {
    if (sessionStore.get() === null) queryClient.clear();
  });
  return { sessionStore, queryClient, apiClient };
}
