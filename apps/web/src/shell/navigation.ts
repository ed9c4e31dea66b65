import { useCallback, useSyncExternalStore } from 'react';

/** The console's pages and their paths (the API answers every console path with index.html). */
export const pagePaths = {
  dashboard: '/',
  transactions: '/transactions',
  import: '/import',
  alerts: '/alerts',
  settings: '/settings',
  users: '/users',
} as const;
export type Page = keyof typeof pagePaths;

export function pageOfPath(path: string): Page {
  const normalised = path.replace(/\/+$/, '') || '/';
  const match = (Object.keys(pagePaths) as Page[]).find((page) => pagePaths[page] === normalised);
  return match ?? 'dashboard';
}

const navigated = 'klerno:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(navigated, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(navigated, listener);
  };
}

const currentPath = () => window.location.pathname;
const currentSearch = () => window.location.search;

/**
 * Goes to `href` (a path with an optional query) through history, so Back works; `replace`
 * rewrites the current entry instead (a view that tidies its own address).
 */
export function navigateTo(href: string, options: { replace?: boolean } = {}): void {
  const target = new URL(href, window.location.origin);
  const next = `${target.pathname}${target.search}`;
  if (next === `${window.location.pathname}${window.location.search}`) return;
  if (options.replace) window.history.replaceState(null, '', next);
  else window.history.pushState(null, '', next);
  window.dispatchEvent(new Event(navigated));
}

/** The page in the address bar, and a way to go to another. */
export function usePage(): [Page, (page: Page) => void] {
  const path = useSyncExternalStore(subscribe, currentPath);
  const go = useCallback((page: Page) => navigateTo(pagePaths[page]), []);
  return [pageOfPath(path), go];
}

/** The address bar's query string ("?a=1" or ""), kept current across navigation and Back. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, currentSearch);
}
