import type { KlernoTokens } from '@klerno/sdk';

export type SessionUser = KlernoTokens['user'];

/** Why there is no session, so the sign-in page can say so. */
export type SignOutReason = 'signed_out' | 'expired' | 'unreachable';

export type SessionState =
  /** Asking the API for a session from its refresh cookie (once, on load). */
  | { status: 'restoring' }
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'signed-out'; reason: SignOutReason | null };

/** Functions, not methods: React hooks receive them detached from the store. */
export interface SessionStore {
  /** The same object until the next change (useSyncExternalStore compares by identity). */
  get: () => SessionState;
  /** A session started, or its tokens rotated (the user's role may have changed). */
  signIn: (user: SessionUser) => void;
  signOut: (reason: SignOutReason | null) => void;
  subscribe: (listener: () => void) => () => void;
}

/**
 * Whether this browser had a session when last seen: a hint, never a credential. It saves the
 * refresh round trip (and its 401) for visitors who never signed in; the cookie decides.
 */
const hintKey = 'klerno.hasSession';

/**
 * Who is signed in. Tokens never pass through here: the access token lives in the API client's
 * memory and the refresh token in the API's HttpOnly cookie, which restores the session on load.
 */
export function createSessionStore(storage: Storage | undefined): SessionStore {
  let state: SessionState =
    storage?.getItem(hintKey) === '1'
      ? { status: 'restoring' }
      : { status: 'signed-out', reason: null };
  const listeners = new Set<() => void>();
  const change = (next: SessionState) => {
    state = next;
    listeners.forEach((listener) => listener());
  };

  return {
    get: () => state,
    signIn: (user) => {
      storage?.setItem(hintKey, '1');
      change({ status: 'signed-in', user });
    },
    signOut: (reason) => {
      if (state.status === 'signed-out') return;
      // Unreachable is no verdict on the session: the next load tries the cookie again.
      if (reason !== 'unreachable') storage?.removeItem(hintKey);
      change({ status: 'signed-out', reason });
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
