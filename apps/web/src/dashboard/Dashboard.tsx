import type { Session } from '../session/session-store.js';
import { AccountBar } from './AccountBar.js';
import { HealthPanel } from './HealthPanel.js';
import { TransactionsPanel } from './TransactionsPanel.js';

/** The signed-in first page: who you are, whether the API is healthy, your organization's transactions. */
export function Dashboard({ session }: { session: Session }) {
  return (
    <div className="shell">
      <AccountBar user={session.user} />
      <main className="dashboard">
        <HealthPanel />
        <TransactionsPanel />
      </main>
    </div>
  );
}
