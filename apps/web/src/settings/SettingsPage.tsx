import type { SessionUser } from '../session/session-store.js';
import { ApiKeysPanel } from './ApiKeysPanel.js';
import { LabelsPanel } from './LabelsPanel.js';
import { PreferencesPanel } from './PreferencesPanel.js';
import { RescorePanel } from './RescorePanel.js';
import { WalletsPanel } from './WalletsPanel.js';

/**
 * The caller's own settings; for admins the organization's address labels, and for analysts and
 * admins re-scoring (after new labels, say).
 */
export function SettingsPage({ user }: { user: SessionUser }) {
  return (
    <main className="dashboard">
      <h1>Settings</h1>
      <PreferencesPanel />
      <WalletsPanel />
      <ApiKeysPanel user={user} />
      {user.role === 'admin' && <LabelsPanel />}
      {user.role !== 'viewer' && <RescorePanel />}
    </main>
  );
}
