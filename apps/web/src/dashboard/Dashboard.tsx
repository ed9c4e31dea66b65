import { HealthPanel } from './HealthPanel.js';
import { TransactionsPanel } from './TransactionsPanel.js';

/** The first page: whether the API is healthy, and the organization's transactions. */
export function Dashboard() {
  return (
    <main className="dashboard">
      <HealthPanel />
      <TransactionsPanel />
    </main>
  );
}
