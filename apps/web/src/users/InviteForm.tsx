import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { invitationLink } from '../auth/invitation-link.js';
import { formatTimestamp } from '../format.js';
import { CopyField } from '../ui/CopyField.js';
import { FormField } from '../ui/FormField.js';
import { isRole, roleLabels, roles } from './roles.js';
import type { Role } from './roles.js';

/** Invites someone by email with a role, then shows the one-time link to hand over. */
export function InviteForm({ onInvited }: { onInvited: () => void }) {
  const trpc = useTRPC();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const invite = useMutation(
    trpc.org.invite.mutationOptions({
      onSuccess: () => {
        setEmail('');
        onInvited();
      },
    }),
  );
  const roleId = useId();
  const errorId = useId();
  const problem = invite.isError ? describeApiError(invite.error) : null;
  const created = invite.data;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role });
  };

  return (
    <div className="invite">
      <form
        className="invite-form"
        onSubmit={submit}
        aria-label="Invite a user"
        aria-describedby={problem ? errorId : undefined}
      >
        {problem && (
          <p id={errorId} role="alert" className="form-error">
            {problem.message}
          </p>
        )}
        <FormField
          label="Email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={setEmail}
          errors={problem?.fieldErrors.email}
        />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            className="select"
            value={role}
            onChange={(event) => {
              if (isRole(event.target.value)) setRole(event.target.value);
            }}
          >
            {roles.map((option) => (
              <option key={option} value={option}>
                {roleLabels[option]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {created && (
        <CreatedInvitation
          email={created.invitation.email}
          role={created.invitation.role}
          expiresAt={created.invitation.expiresAt}
          link={invitationLink(window.location.origin, created.token)}
        />
      )}
    </div>
  );
}

interface CreatedInvitationProps {
  email: string;
  role: Role;
  expiresAt: string;
  link: string;
}

/** The link is shown once (the API keeps only a digest): it must be copied now. */
function CreatedInvitation({ email, role, expiresAt, link }: CreatedInvitationProps) {
  return (
    <div className="created-invitation" role="status">
      <p>
        Invitation for <strong>{email}</strong> as {roleLabels[role]}, valid until{' '}
        <time dateTime={expiresAt}>{formatTimestamp(expiresAt)}</time>. Copy the link now and send
        it to them: it is shown only once and works once.
      </p>
      <CopyField label="Invitation link" value={link} />
    </div>
  );
}
