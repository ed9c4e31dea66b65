import type { RouterOutputs } from '../api/types.js';

export type SessionUser = RouterOutputs['auth']['login']['user'];

export interface Session {
  accessToken: string;
  user: SessionUser;
}

/** Why the last session ended, so the sign-in page can say so. */
export type SignOutReason = 'signed_out' | 'expired';

/** Functions, not methods: React hooks receive them detached from the store. */
export interface SessionStore {
  get: () => Session | null;
  lastSignOutReason: () => SignOutReason | null;
  signIn: (session: Session) => void;
  signOut: (reason: SignOutReason) => void;
  subscribe: (listener: () => void) => () => void;
}

const storageKey = 'klerno.session';

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Session>;
  return (
    typeof candidate.accessToken === 'string' &&
    typeof candidate.user === 'object' &&
    candidate.user !== null &&
    typeof candidate.user.id === 'string' &&
    typeof candidate.user.email === 'string'
  );
}

function readStored(storage: Storage | undefined): Session | null {
  const raw = storage?.getItem(storageKey);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSession(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The signed-in session. The short-lived access token lives in memory and is mirrored to
 * sessionStorage (per tab, gone when the tab closes) so a reload keeps the user signed in;
 * issue 3 replaces this with a refresh token in an HttpOnly cookie.
 */
export function createSessionStore(storage: Storage | undefined): SessionStore {
  let current = readStored(storage);
  let reason: SignOutReason | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  return {
    get: () => current,
    lastSignOutReason: () => reason,
    signIn: (session) => {
      current = session;
      reason = null;
      storage?.setItem(storageKey, JSON.stringify(session));
      notify();
    },
    signOut: (why) => {
      if (current === null) return;
      current = null;
      reason = why;
      storage?.removeItem(storageKey);
      notify();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
