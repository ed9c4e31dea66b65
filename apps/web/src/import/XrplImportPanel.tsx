import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeFailure } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';
import type { RouterInputs, RouterOutputs } from '../api/types.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { FormField } from '../ui/FormField.js';
import { SubmitButton } from '../ui/SubmitButton.js';

type XrplImportInput = RouterInputs['transactions']['importXrpl'];
type XrplImportResult = RouterOutputs['transactions']['importXrpl'];

const defaultLimit = 1000;
const maxLimit = 10_000;

/** An XRP Ledger account's payments, read from the configured ledger node (XRPL_RPC_URL). */
export function XrplImportPanel() {
  const trpc = useTRPC();
  const [account, setAccount] = useState('');
  const [limit, setLimit] = useState(String(defaultLimit));
  const refreshTransactions = useInvalidate(trpc.transactions.pathFilter());
  const importXrpl = useMutation(
    trpc.transactions.importXrpl.mutationOptions({ onSuccess: refreshTransactions }),
  );
  const problem = describeFailure(importXrpl.error);

  const run = (input: XrplImportInput) => importXrpl.mutate(input);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run({ account: account.trim(), limit: Number(limit) });
  };
  const result = importXrpl.data;
  const continueFrom =
    result?.nextMarker && importXrpl.variables
      ? { ...importXrpl.variables, marker: result.nextMarker }
      : null;

  return (
    <section className="panel" aria-labelledby="xrpl-import-title">
      <h2 id="xrpl-import-title">XRP Ledger account</h2>
      <p className="muted">
        Reads the account&apos;s history from the ledger node, newest first, and imports its
        payments (in and out). Transactions already held are not imported twice.
      </p>
      <form className="inline-form" aria-label="Import an XRPL account" onSubmit={submit}>
        <FormField
          label="Account address"
          name="account"
          type="text"
          autoComplete="off"
          placeholder="r…"
          value={account}
          onChange={setAccount}
          errors={problem?.fieldErrors.account}
        />
        <FormField
          label="Most ledger transactions to read"
          name="limit"
          type="number"
          autoComplete="off"
          min={1}
          max={maxLimit}
          step={1}
          value={limit}
          onChange={setLimit}
          errors={problem?.fieldErrors.limit}
        />
        <SubmitButton pending={importXrpl.isPending} pendingLabel="Importing…">
          Import account
        </SubmitButton>
      </form>
      {importXrpl.isPending && (
        <p role="status" className="muted">
          Reading the ledger…
        </p>
      )}
      <ErrorAlert message={problem?.message} />
      {result && <XrplOutcome result={result} />}
      {continueFrom && (
        <div>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => run(continueFrom)}
            disabled={importXrpl.isPending}
          >
            Import older transactions
          </button>
        </div>
      )}
    </section>
  );
}

function XrplOutcome({ result }: { result: XrplImportResult }) {
  const skippedReasons = Object.entries(result.skippedByReason);
  return (
    <div role="status" className="notice import-outcome">
      <p>
        {result.account}: read {result.fetched} ledger transaction
        {result.fetched === 1 ? '' : 's'}, imported {result.created} new payment
        {result.created === 1 ? '' : 's'}
        {result.duplicates.length > 0 && `, ${result.duplicates.length} already held`}
        {result.skipped > 0 && `, skipped ${result.skipped} that are not payments of the account`}.
      </p>
      {skippedReasons.length > 0 && (
        <ul className="muted">
          {skippedReasons.map(([reason, count]) => (
            <li key={reason}>
              {reason.replaceAll('_', ' ')}: {count}
            </li>
          ))}
        </ul>
      )}
      <p>
        {result.complete
          ? 'The whole history of the account has been read.'
          : 'Older transactions remain on the ledger.'}
      </p>
    </div>
  );
}
