import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { useSessionActions } from '../session/session-context.js';
import type { SessionUser } from '../session/session-store.js';
import { Brand } from '../ui/Brand.js';

export function AccountBar({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const { signOut } = useSessionActions();
  const organizationName = me.data?.organization.name;

  return (
    <header className="account-bar">
      <Brand />
      <div className="account-bar-identity">
        {organizationName && <span className="account-bar-org">{organizationName}</span>}
        <span className="account-bar-user">
          {user.email} <span className="role-badge">{user.role}</span>
        </span>
      </div>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => signOut('signed_out')}
      >
        Sign out
      </button>
    </header>
  );
}
