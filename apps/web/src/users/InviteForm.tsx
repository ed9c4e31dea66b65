import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeFailure } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { invitationLink } from '../auth/invitation-link.js';
import { CopyField } from '../ui/CopyField.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { FormField } from '../ui/FormField.js';
import { SelectField } from '../ui/SelectField.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { Timestamp } from '../ui/Timestamp.js';
import { roleLabels, roles } from './roles.js';
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
  const errorId = useId();
  const problem = describeFailure(invite.error);
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
        <ErrorAlert id={errorId} message={problem?.message} />
        <FormField
          label="Email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={setEmail}
          errors={problem?.fieldErrors.email}
        />
        <SelectField
          label="Role"
          value={role}
          options={roles}
          optionLabels={roleLabels}
          onChange={(value) => {
            if (value) setRole(value);
          }}
        />
        <SubmitButton pending={invite.isPending} pendingLabel="Inviting…">
          Invite
        </SubmitButton>
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
        <Timestamp iso={expiresAt} />. Copy the link now and send it to them: it is shown only once
        and works once.
      </p>
      <CopyField label="Invitation link" value={link} />
    </div>
  );
}
