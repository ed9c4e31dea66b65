import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import type { RouterOutputs } from '../api/types.js';
import { formatTimestamp } from '../format.js';
import type { SessionUser } from '../session/session-store.js';
import { CopyField } from '../ui/CopyField.js';
import { FormField } from '../ui/FormField.js';
import { SelectField } from '../ui/SelectField.js';
import { roleLabels, roles } from '../users/roles.js';
import type { Role } from '../users/roles.js';

type ApiKey = RouterOutputs['apiKeys']['list']['items'][number];
type CreatedKey = RouterOutputs['apiKeys']['create'];

/** Keys for programs (X-API-Key): created with a role up to the caller's, listed, revoked. */
export function ApiKeysPanel({ user }: { user: SessionUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.list.pathFilter());
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const failure = keys.error ?? revoke.error;
  const rows = keys.data?.items ?? [];

  return (
    <section className="panel" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">API keys</h2>
      <CreateKeyForm user={user} onCreated={refresh} />
      {failure && (
        <p role="alert" className="form-error">
          {describeApiError(failure).message}
        </p>
      )}
      {keys.isPending && <p className="muted">Loading API keys…</p>}
      {keys.isSuccess && rows.length === 0 && <p className="empty-state">No API keys yet.</p>}
      {rows.length > 0 && (
        <ApiKeysTable
          rows={rows}
          busy={revoke.isPending}
          onRevoke={(id) => revoke.mutate({ id })}
        />
      )}
    </section>
  );
}

function ApiKeysTable({
  rows,
  busy,
  onRevoke,
}: {
  rows: readonly ApiKey[];
  busy: boolean;
  onRevoke: (id: string) => void;
}) {
  const when = (iso: string | null) => (iso ? formatTimestamp(iso) : '—');
  return (
    <div className="table-scroll">
      <table className="data-table" aria-labelledby="api-keys-title">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((key) => (
            <tr key={key.id}>
              <th scope="row">{key.name}</th>
              <td className="mono nowrap">klk_{key.prefix}…</td>
              <td>{roleLabels[key.role]}</td>
              <td>
                <span className={`status status-${key.status}`}>{key.status}</span>
              </td>
              <td className="nowrap">{when(key.createdAt)}</td>
              <td className="nowrap">{when(key.lastUsedAt)}</td>
              <td className="nowrap">{key.expiresAt ? when(key.expiresAt) : 'never'}</td>
              <td className="actions">
                {key.status === 'active' && (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => onRevoke(key.id)}
                    disabled={busy}
                    aria-label={`Revoke ${key.name}`}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

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
  const problem = create.isError ? describeApiError(create.error) : null;
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
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
        {problem && Object.keys(problem.fieldErrors).length === 0 && (
          <p role="alert" className="form-error">
            {problem.message}
          </p>
        )}
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
