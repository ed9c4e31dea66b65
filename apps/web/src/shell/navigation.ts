import { useCallback, useSyncExternalStore } from 'react';

/** The console's pages and their paths (the API answers every console path with index.html). */
export const pagePaths = { transactions: '/', users: '/users' } as const;
export type Page = keyof typeof pagePaths;

export function pageOfPath(path: string): Page {
  const normalised = path.replace(/\/+$/, '') || '/';
  const match = (Object.keys(pagePaths) as Page[]).find((page) => pagePaths[page] === normalised);
  return match ?? 'transactions';
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

/** The page in the address bar, and a way to go to another (history, so Back works). */
export function usePage(): [Page, (page: Page) => void] {
  const path = useSyncExternalStore(subscribe, currentPath);
  const go = useCallback((page: Page) => {
    if (window.location.pathname === pagePaths[page]) return;
    window.history.pushState(null, '', pagePaths[page]);
    window.dispatchEvent(new Event(navigated));
  }, []);
  return [pageOfPath(path), go];
}
