import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { AuthorizedFetch } from './authorized-fetch.js';

const AuthorizedFetchContext = createContext<AuthorizedFetch | null>(null);

export function AuthorizedFetchProvider({
  value,
  children,
}: {
  value: AuthorizedFetch;
  children: ReactNode;
}) {
  return <AuthorizedFetchContext value={value}>{children}</AuthorizedFetchContext>;
}

export function useAuthorizedFetch(): AuthorizedFetch {
  const value = useContext(AuthorizedFetchContext);
  if (!value) throw new Error('useAuthorizedFetch needs an AuthorizedFetchProvider');
  return value;
}
