import { describe, expect, it, vi } from 'vitest';
import { createSessionStore } from './session-store.js';
import type { SessionUser } from './session-store.js';

/** The Web Storage contract over a Map, as localStorage behaves. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  values() {
    return [...this.items.values()];
  }
}

const user: SessionUser = { id: 'user-1', email: 'ada@example.com', role: 'admin' };

describe('session store', () => {
  it('starts signed out, with nothing to restore, in a browser that never signed in', () => {
    const store = createSessionStore(new MemoryStorage());
    expect(store.get()).toEqual({ status: 'signed-out', reason: null });
  });

  it('restores after a reload of a signed-in browser, and keeps no token in storage', () => {
    const storage = new MemoryStorage();
    createSessionStore(storage).signIn(user);

    expect(createSessionStore(storage).get()).toEqual({ status: 'restoring' });
    expect(storage.values().join(' ')).not.toContain(user.email);
    expect(storage.values()).toEqual(['1']);
  });

  it('follows rotated tokens: a new role replaces the old one', () => {
    const store = createSessionStore(new MemoryStorage());
    store.signIn(user);
    store.signIn({ ...user, role: 'viewer' });
    expect(store.get()).toEqual({ status: 'signed-in', user: { ...user, role: 'viewer' } });
  });

  it.each(['signed_out', 'expired', null] as const)(
    'forgets the session on sign-out (%s), and remembers why',
    (reason) => {
      const storage = new MemoryStorage();
      const store = createSessionStore(storage);
      store.signIn(user);
      store.signOut(reason);
      expect(store.get()).toEqual({ status: 'signed-out', reason });
      expect(createSessionStore(storage).get()).toEqual({ status: 'signed-out', reason: null });
    },
  );

  it('tries the cookie again on the next load when the API could not be reached', () => {
    const storage = new MemoryStorage();
    createSessionStore(storage).signIn(user);
    const reloaded = createSessionStore(storage);
    reloaded.signOut('unreachable');
    expect(reloaded.get()).toEqual({ status: 'signed-out', reason: 'unreachable' });
    expect(createSessionStore(storage).get()).toEqual({ status: 'restoring' });
  });

  it('notifies subscribers of every change, and stops after unsubscribing', () => {
    const store = createSessionStore(new MemoryStorage());
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.signIn(user);
    store.signOut('signed_out');
    store.signOut('expired'); // already signed out: no change, no notification
    expect(listener).toHaveBeenCalledTimes(2);
    expect(store.get()).toEqual({ status: 'signed-out', reason: 'signed_out' });
    unsubscribe();
    store.signIn(user);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('keeps the same state object until something changes', () => {
    const store = createSessionStore(undefined);
    expect(store.get()).toBe(store.get());
    store.signIn(user);
    expect(store.get()).toEqual({ status: 'signed-in', user });
  });
});
