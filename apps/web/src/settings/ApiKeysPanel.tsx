import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeFailure } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';
import type { RouterOutputs } from '../api/types.js';
import { formatTimestamp } from '../format.js';
import type { SessionUser } from '../session/session-store.js';
import { CopyField } from '../ui/CopyField.js';
import { hiddenColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { FormErrorAlert } from '../ui/ErrorAlert.js';
import { FormField } from '../ui/FormField.js';
import { ListTable } from '../ui/ListTable.js';
import { SelectField } from '../ui/SelectField.js';
import { StatusBadge } from '../ui/StatusBadge.js';
import { RowButton } from '../ui/RowButton.js';
import { SubmitButton } from '../ui/SubmitButton.js';
import { roleLabels, roles } from '../users/roles.js';
import type { Role } from '../users/roles.js';

type CreatedKey = RouterOutputs['apiKeys']['create'];

/** Keys for programs (X-API-Key): created with a role up to the caller's, listed, revoked. */
export function ApiKeysPanel({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = useInvalidate(trpc.apiKeys.list.pathFilter());
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const when = (iso: string | null) => (iso ? formatTimestamp(iso) : '—');

  return (
    <section className="panel" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys</h2>
      <CreateKeyForm user={user} onCreated={refresh} />
      <ListTable
        list={keys}
        rows={keys.data?.items ?? []}
        failure={keys.error ?? revoke.error}
        loading="Loading API keys…"
        empty="No API keys yet."
        columns={columns}
        labelledBy="api-keys-title"
        renderRow={(key) => (
          <>
            <th scope="row">{key.name}</th>
            <td className="mono nowrap">klk_{key.prefix}…</td>
            <td>{roleLabels[key.role]}</td>
            <td>
              <StatusBadge status={key.status}>{key.status}</StatusBadge>
            </td>
            <td className="nowrap">{when(key.createdAt)}</td>
            <td className="nowrap">{when(key.lastUsedAt)}</td>
            <td className="nowrap">{key.expiresAt ? when(key.expiresAt) : 'never'}</td>
            <td className="actions">
              {key.status === 'active' && (
                <RowButton
                  label={`Revoke ${key.name}`}
                  onClick={() => revoke.mutate({ id: key.id })}
                  disabled={revoke.isPending}
                >
                  Revoke
                </RowButton>
              )}
            </td>
          </>
        )}
      />
    </section>
  );
}

const columns: readonly Column[] = [
  'Name',
  'Key',
  'Role',
  'Status',
  'Created',
  'Last used',
  'Expires',
  hiddenColumn('Actions'),
];

const rank: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

function CreateKeyForm({ user, onCreated }: { user: SessionUser; onCreated: () => Promise<void> }) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(user.role);
  const [days, setDays] = useState('');
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async () => {
        setName('');
        setDays('');
        await onCreated();
      },
    }),
  );
  const problem = describeFailure(create.error);
  const allowedRoles = roles.filter((option) => rank[option] <= rank[user.role]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const expiresInDays = days.trim() ? Number(days) : undefined;
    create.mutate({ name: name.trim(), role, ...(expiresInDays ? { expiresInDays } : {}) });
  };

  return (
    <div className="invite">
      <form className="inline-form" aria-label="Create an API key" onSubmit={submit}>
        <FormField
          label="Key name"
          name="name"
          type="text"
          autoComplete="off"
          value={name}
          onChange={setName}
          errors={problem?.fieldErrors.name}
        />
        <SelectField
          label="Key role"
          name="role"
          value={role}
          options={allowedRoles}
          optionLabels={roleLabels}
          onChange={(value) => {
            if (value) setRole(value);
          }}
          errors={problem?.fieldErrors.role}
        />
        <FormField
          label="Expires in days (optional)"
          name="expiresInDays"
          type="number"
          autoComplete="off"
          required={false}
          min={1}
          step={1}
          value={days}
          onChange={setDays}
          errors={problem?.fieldErrors.expiresInDays}
        />
        <SubmitButton pending={create.isPending} pendingLabel="Creating…">
          Create key
        </SubmitButton>
        <FormErrorAlert problem={problem} />
      </form>
      {create.data && <CreatedKeySecret created={create.data} />}
    </div>
  );
}

/** The secret exists in the browser only now: the API keeps a digest. */
function CreatedKeySecret({ created }: { created: CreatedKey }) {
  const noteId = useId();
  return (
    <div className="created-invitation" role="status" aria-describedby={noteId}>
      <p id={noteId}>
        Key <strong>{created.apiKey.name}</strong> created with the{' '}
        {roleLabels[created.apiKey.role]} role. Copy the secret now: it is shown only once. Programs
        send it as the <code>X-API-Key</code> header.
      </p>
      <CopyField label="API key secret" value={created.secret} />
    </div>
  );
}
