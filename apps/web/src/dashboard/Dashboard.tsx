import { HealthPanel } from './HealthPanel.js';
import { HighRiskPanel } from './HighRiskPanel.js';
import { LiveAlertsPanel } from './LiveAlertsPanel.js';
import { SummarySection } from './SummarySection.js';

/** The first page: the organization's risk at a glance. */
export function Dashboard() {
  return (
    <main className="dashboard">
      <h1 className="visually-hidden">Dashboard</h1>
      <SummarySection />
      <LiveAlertsPanel />
      <HighRiskPanel />
      <HealthPanel />
    </main>
  );
}
