import { useQuery } from '@tanstack/react-query';
import type { MouseEvent } from 'react';
import { useTRPC } from '../api/trpc.js';
import type { SessionUser } from '../session/session-store.js';
import { Brand } from '../ui/Brand.js';
import { pagePaths } from './navigation.js';
import type { Page } from './navigation.js';
import { useSignOut } from './use-sign-out.js';

const pageLabels: Record<Page, string> = {
  dashboard: 'Dashboard',
  transactions: 'Transactions',
  import: 'Import',
  alerts: 'Alerts',
  settings: 'Settings',
  users: 'Users',
};

interface AccountBarProps {
  user: SessionUser;
  pages: readonly Page[];
  current: Page;
  onNavigate: (page: Page) => void;
}

/** Who is signed in, in which organization, where they can go, and the way out. */
export function AccountBar({ user, pages, current, onNavigate }: AccountBarProps) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const signOut = useSignOut();
  const organizationName = me.data?.organization.name;

  const follow = (page: Page) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    onNavigate(page);
  };

  return (
    <header className="account-bar">
      <Brand />
      <nav className="main-nav" aria-label="Main">
        <ul>
          {pages.map((page) => (
            <li key={page}>
              <a
                href={pagePaths[page]}
                className="main-nav-link"
                aria-current={page === current ? 'page' : undefined}
                onClick={follow(page)}
              >
                {pageLabels[page]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="account-bar-identity">
        {organizationName && <span className="account-bar-org">{organizationName}</span>}
        <span className="account-bar-user">
          {user.email}{' '}
          <span className="role-badge" aria-label={`Role: ${user.role}`}>
            {user.role}
          </span>
        </span>
      </div>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        {signOut.isPending ? 'Signing out…' : 'Sign out'}
      </button>
    </header>
  );
}
