import { AlertsPage } from '../alerts/AlertsPage.js';
import { Dashboard } from '../dashboard/Dashboard.js';
import { ImportPage } from '../import/ImportPage.js';
import type { SessionUser } from '../session/session-store.js';
import { SettingsPage } from '../settings/SettingsPage.js';
import { TransactionsExplorer } from '../transactions/TransactionsExplorer.js';
import { UsersPage } from '../users/UsersPage.js';
import { AccountBar } from './AccountBar.js';
import { usePage } from './navigation.js';
import type { Page } from './navigation.js';

type Role = SessionUser['role'];

/** Who may open each page (the API enforces the same rules on every call). */
const minimumRole: Record<Page, Role> = {
  dashboard: 'viewer',
  transactions: 'viewer',
  alerts: 'viewer',
  import: 'analyst',
  settings: 'viewer',
  users: 'admin',
};
const rank: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };
const navigationOrder = [
  'dashboard',
  'transactions',
  'alerts',
  'import',
  'settings',
  'users',
] as const;

/** The pages a role may open, in navigation order. */
export function pagesFor(role: Role): Page[] {
  return navigationOrder.filter((page) => rank[role] >= rank[minimumRole[page]]);
}

function CurrentPage({ page, user }: { page: Page; user: SessionUser }) {
  switch (page) {
    case 'transactions':
      return <TransactionsExplorer />;
    case 'alerts':
      return <AlertsPage user={user} />;
    case 'import':
      return <ImportPage />;
    case 'settings':
      return <SettingsPage user={user} />;
    case 'users':
      return <UsersPage currentUserId={user.id} />;
    default:
      return <Dashboard />;
  }
}

/** The signed-in console: the account bar, then the current page. */
export function Shell({ user }: { user: SessionUser }) {
  const [requested, navigate] = usePage();
  const pages = pagesFor(user.role);
  // A page the role may not open (e.g. after a demotion) falls back to the dashboard.
  const current = pages.includes(requested) ? requested : 'dashboard';

  return (
    <div className="shell">
      <AccountBar user={user} pages={pages} current={current} onNavigate={navigate} />
      <CurrentPage page={current} user={user} />
    </div>
  );
}
