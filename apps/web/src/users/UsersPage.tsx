import { InvitationsPanel } from './InvitationsPanel.js';
import { MembersPanel } from './MembersPanel.js';

/** Administration of the organization's people: members and their roles, and invitations. */
export function UsersPage({ currentUserId }: { currentUserId: string }) {
  return (
    <main className="dashboard">
      <MembersPanel currentUserId={currentUserId} />
      <InvitationsPanel />
    </main>
  );
}
