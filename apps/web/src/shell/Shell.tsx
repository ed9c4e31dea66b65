import type { SessionUser } from '../session/session-store.js';
import { Dashboard } from '../dashboard/Dashboard.js';
import { UsersPage } from '../users/UsersPage.js';
import { AccountBar } from './AccountBar.js';
import { usePage } from './navigation.js';
import type { Page } from './navigation.js';

/** The pages a role may open: administration is for admins only (the API enforces it too). */
export function pagesFor(role: SessionUser['role']): Page[] {
  return role === 'admin' ? ['transactions', 'users'] : ['transactions'];
}

/** The signed-in console: the account bar, then the current page. */
export function Shell({ user }: { user: SessionUser }) {
  const [requested, navigate] = usePage();
  const pages = pagesFor(user.role);
  // A page the role may not open (e.g. after a demotion) falls back to the first page.
  const current = pages.includes(requested) ? requested : 'transactions';

  return (
    <div className="shell">
      <AccountBar user={user} pages={pages} current={current} onNavigate={navigate} />
      {current === 'users' ? <UsersPage currentUserId={user.id} /> : <Dashboard />}
    </div>
  );
}
