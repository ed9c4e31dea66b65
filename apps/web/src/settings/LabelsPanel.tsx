import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeFailure } from '../api/errors.js';
import { nextPageOf, rowsOf } from '../api/paging.js';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';
import { formatTimestamp } from '../format.js';
import { rowErrorsOf } from '../import/row-errors.js';
import { RowErrorsTable } from '../import/RowErrorsTable.js';
import { CsvFileField, readFileText } from '../ui/CsvFileField.js';
import { hiddenColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { LoadMoreButton } from '../ui/ListButtons.js';
import { ListTable } from '../ui/ListTable.js';
import { RowButton } from '../ui/RowButton.js';
import { SubmitButton } from '../ui/SubmitButton.js';

const pageSize = 50;

const columns: readonly Column[] = [
  'Address',
  'Chain',
  'Label',
  'Source',
  'Added',
  hiddenColumn('Actions'),
];

/** Admins: address labels (e.g. a published sanctions list) that scoring consults. */
export function LabelsPanel() {
  const trpc = useTRPC();
  const labels = useInfiniteQuery(
    trpc.labels.list.infiniteQueryOptions({ limit: pageSize }, { getNextPageParam: nextPageOf }),
  );
  const refresh = useInvalidate(trpc.labels.list.pathFilter());
  const remove = useMutation(trpc.labels.remove.mutationOptions({ onSuccess: refresh }));

  return (
    <section className="panel" aria-labelledby="labels-title">
      <h2 id="labels-title">Address labels</h2>
      <p className="muted">
        Labels on addresses (sanctioned, mixer, exchange, gambling, darknet, other) with their
        source. Scoring reads them for new transactions; re-score to apply them to those already
        held.
      </p>
      <ImportLabelsForm onImported={refresh} />
      <ListTable
        list={labels}
        rows={rowsOf(labels.data)}
        failure={labels.error ?? remove.error}
        loading="Loading labels…"
        empty="No labels yet."
        columns={columns}
        labelledBy="labels-title"
        renderRow={(label) => (
          <>
            <th scope="row" className="mono">
              {label.address}
            </th>
            <td>{label.chain}</td>
            <td>{label.label}</td>
            <td>{label.source}</td>
            <td className="nowrap">{formatTimestamp(label.createdAt)}</td>
            <td className="actions">
              <RowButton
                label={`Remove the ${label.label} label of ${label.address}`}
                onClick={() => remove.mutate({ id: label.id })}
                disabled={remove.isPending}
              >
                Remove
              </RowButton>
            </td>
          </>
        )}
      />
      {labels.hasNextPage && (
        <div className="panel-footer">
          <LoadMoreButton list={labels} />
        </div>
      )}
    </section>
  );
}

function ImportLabelsForm({ onImported }: { onImported: () => Promise<void> }) {
  const trpc = useTRPC();
  const [file, setFile] = useState<File | null>(null);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const importLabels = useMutation(trpc.labels.import.mutationOptions({ onSuccess: onImported }));
  const problem = describeFailure(importLabels.error);
  const rowErrors = importLabels.isError ? rowErrorsOf(importLabels.error) : null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setReadProblem(null);
    if (!file) return;
    const read = await readFileText(file);
    if (read.ok) importLabels.mutate({ csv: read.text });
    else setReadProblem(read.message);
  };

  return (
    <form
      className="inline-form"
      aria-label="Import labels"
      onSubmit={(event) => void submit(event)}
    >
      <CsvFileField
        label="Labels CSV (address,chain,label,source)"
        name="labels"
        onChange={setFile}
      />
      <SubmitButton pending={importLabels.isPending} pendingLabel="Importing…">
        Import labels
      </SubmitButton>
      <ErrorAlert message={readProblem ?? problem?.message} />
      {rowErrors && (
        <RowErrorsTable errors={rowErrors} caption="Rows with problems (nothing was imported)" />
      )}
      {importLabels.data && (
        <p role="status" className="notice">
          Imported {importLabels.data.created} new label
          {importLabels.data.created === 1 ? '' : 's'}; updated the source of{' '}
          {importLabels.data.updated}.
        </p>
      )}
    </form>
  );
}
