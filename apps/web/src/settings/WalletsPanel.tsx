import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { formatTimestamp } from '../format.js';
import { FormField } from '../ui/FormField.js';

/** The caller's watched addresses: they decide direction and internal transfers when scoring. */
export function WalletsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const wallets = useQuery(trpc.wallets.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries(trpc.wallets.list.pathFilter());
  const remove = useMutation(trpc.wallets.remove.mutationOptions({ onSuccess: refresh }));
  const failure = wallets.error ?? remove.error;
  const rows = wallets.data?.items ?? [];

  return (
    <section className="panel" aria-labelledby="wallets-title">
      <h2 id="wallets-title">Watched wallets</h2>
      <p className="muted">
        Your own addresses. A transaction between two of them is an internal transfer, and one
        without a direction takes it from them.
      </p>
      <AddWalletForm onAdded={refresh} />
      {failure && (
        <p role="alert" className="form-error">
          {describeApiError(failure).message}
        </p>
      )}
      {wallets.isPending && <p className="muted">Loading wallets…</p>}
      {wallets.isSuccess && rows.length === 0 && (
        <p className="empty-state">No watched wallets yet.</p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="wallets-title">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Chain</th>
                <th scope="col">Label</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((wallet) => (
                <tr key={wallet.id}>
                  <th scope="row" className="mono">
                    {wallet.address}
                  </th>
                  <td>{wallet.chain}</td>
                  <td>{wallet.label ?? <span className="muted">—</span>}</td>
                  <td className="nowrap">{formatTimestamp(wallet.createdAt)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => remove.mutate({ id: wallet.id })}
                      disabled={remove.isPending}
                      aria-label={`Remove ${wallet.address}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AddWalletForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const trpc = useTRPC();
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const add = useMutation(
    trpc.wallets.add.mutationOptions({
      onSuccess: async () => {
        setAddress('');
        setLabel('');
        await onAdded();
      },
    }),
  );
  const problem = add.isError ? describeApiError(add.error) : null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedLabel = label.trim();
    add.mutate({ address: address.trim(), ...(trimmedLabel ? { label: trimmedLabel } : {}) });
  };

  return (
    <form className="inline-form" aria-label="Add a wallet" onSubmit={submit}>
      <FormField
        label="XRPL address"
        name="address"
        type="text"
        autoComplete="off"
        value={address}
        onChange={setAddress}
        errors={problem?.fieldErrors.address}
      />
      <FormField
        label="Label (optional)"
        name="label"
        type="text"
        autoComplete="off"
        required={false}
        value={label}
        onChange={setLabel}
        errors={problem?.fieldErrors.label}
      />
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? 'Adding…' : 'Add wallet'}
      </button>
      {problem && Object.keys(problem.fieldErrors).length === 0 && (
        <p role="alert" className="form-error">
          {problem.message}
        </p>
      )}
    </form>
  );
}
