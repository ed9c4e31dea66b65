import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { Session, SessionStore, SignOutReason } from './session-store.js';

const SessionContext = createContext<SessionStore | null>(null);

export function SessionProvider({ store, children }: { store: SessionStore; children: ReactNode }) {
  return <SessionContext.Provider value={store}>{children}</SessionContext.Provider>;
}

function useSessionStore(): SessionStore {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSession must be used inside <SessionProvider>');
  return store;
}

export function useSession(): Session | null {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, store.get);
}

export function useSignOutReason(): SignOutReason | null {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, store.lastSignOutReason);
}

export function useSessionActions(): Pick<SessionStore, 'signIn' | 'signOut'> {
  const store = useSessionStore();
  return { signIn: store.signIn, signOut: store.signOut };
}
