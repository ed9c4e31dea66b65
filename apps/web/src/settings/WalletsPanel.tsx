import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeFailure } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';
import { formatTimestamp } from '../format.js';
import { hiddenColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { FormErrorAlert } from '../ui/ErrorAlert.js';
import { FormField } from '../ui/FormField.js';
import { ListTable } from '../ui/ListTable.js';
import { RowButton } from '../ui/RowButton.js';
import { SubmitButton } from '../ui/SubmitButton.js';

/** The caller's watched addresses: they decide direction and internal transfers when scoring. */
export function WalletsPanel() {
  const trpc = useTRPC();
  const wallets = useQuery(trpc.wallets.list.queryOptions());
  const refresh = useInvalidate(trpc.wallets.list.pathFilter());
  const remove = useMutation(trpc.wallets.remove.mutationOptions({ onSuccess: refresh }));

  return (
    <section className="panel" aria-labelledby="wallets-title">
      <h2 id="wallets-title">Watched wallets</h2>
      <p className="muted">
        Your own addresses. A transaction between two of them is an internal transfer, and one
        without a direction takes it from them.
      </p>
      <AddWalletForm onAdded={refresh} />
      <ListTable
        list={wallets}
        rows={wallets.data?.items ?? []}
        failure={wallets.error ?? remove.error}
        loading="Loading wallets…"
        empty="No watched wallets yet."
        columns={columns}
        labelledBy="wallets-title"
        renderRow={(wallet) => (
          <>
            <th scope="row" className="mono">
              {wallet.address}
            </th>
            <td>{wallet.chain}</td>
            <td>{wallet.label ?? <span className="muted">—</span>}</td>
            <td className="nowrap">{formatTimestamp(wallet.createdAt)}</td>
            <td className="actions">
              <RowButton
                label={`Remove ${wallet.address}`}
                onClick={() => remove.mutate({ id: wallet.id })}
                disabled={remove.isPending}
              >
                Remove
              </RowButton>
            </td>
          </>
        )}
      />
    </section>
  );
}

const columns: readonly Column[] = ['Address', 'Chain', 'Label', 'Added', hiddenColumn('Actions')];

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
  const problem = describeFailure(add.error);

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
      <SubmitButton pending={add.isPending} pendingLabel="Adding…">
        Add wallet
      </SubmitButton>
      <FormErrorAlert problem={problem} />
    </form>
  );
}
