import { describe, expect, it, vi } from 'vitest';
import { createSessionStore } from './session-store.js';
import type { Session } from './session-store.js';

/** The Web Storage contract over a Map, as sessionStorage behaves within one tab. */
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
}

const session: Session = {
  accessToken: 'header.payload.signature',
  user: { id: 'user-1', email: 'ada@example.com', role: 'admin' },
};

describe('session store', () => {
  it('starts signed out on an empty tab', () => {
    const store = createSessionStore(new MemoryStorage());
    expect(store.get()).toBeNull();
    expect(store.lastSignOutReason()).toBeNull();
  });

  it('keeps the session across a reload of the tab', () => {
    const storage = new MemoryStorage();
    createSessionStore(storage).signIn(session);
    expect(createSessionStore(storage).get()).toEqual(session);
  });

  it('forgets the session and remembers why on sign-out', () => {
    const storage = new MemoryStorage();
    const store = createSessionStore(storage);
    store.signIn(session);
    store.signOut('expired');
    expect(store.get()).toBeNull();
    expect(store.lastSignOutReason()).toBe('expired');
    expect(storage.length).toBe(0);
    expect(createSessionStore(storage).get()).toBeNull();
  });

  it('notifies subscribers of every change, and stops after unsubscribing', () => {
    const store = createSessionStore(new MemoryStorage());
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.signIn(session);
    store.signOut('signed_out');
    store.signOut('signed_out'); // already signed out: no change, no notification
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.signIn(session);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['not JSON', '{oops'],
    ['a different shape', JSON.stringify({ token: 'x' })],
    ['a user without an email', JSON.stringify({ accessToken: 'x', user: { id: 'u' } })],
  ])('ignores a stored value that is %s', (_case, stored) => {
    const storage = new MemoryStorage();
    storage.setItem('klerno.session', stored);
    expect(createSessionStore(storage).get()).toBeNull();
  });

  it('works without storage (memory only)', () => {
    const store = createSessionStore(undefined);
    store.signIn(session);
    expect(store.get()).toEqual(session);
  });
});
