import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { formatTimestamp } from '../format.js';
import { rowErrorsOf } from '../import/row-errors.js';
import { RowErrorsTable } from '../import/RowErrorsTable.js';

const pageSize = 50;

/** Admins: address labels (e.g. a published sanctions list) that scoring consults. */
export function LabelsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const labels = useInfiniteQuery(
    trpc.labels.list.infiniteQueryOptions(
      { limit: pageSize },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const refresh = () => queryClient.invalidateQueries(trpc.labels.list.pathFilter());
  const remove = useMutation(trpc.labels.remove.mutationOptions({ onSuccess: refresh }));
  const rows = labels.data?.pages.flatMap((page) => page.items) ?? [];
  const failure = labels.error ?? remove.error;

  return (
    <section className="panel" aria-labelledby="labels-title">
      <h2 id="labels-title">Address labels</h2>
      <p className="muted">
        Labels on addresses (sanctioned, mixer, exchange, gambling, darknet, other) with their
        source. Scoring reads them for new transactions; re-score to apply them to those already
        held.
      </p>
      <ImportLabelsForm onImported={refresh} />
      {failure && (
        <p role="alert" className="form-error">
          {describeApiError(failure).message}
        </p>
      )}
      {labels.isPending && <p className="muted">Loading labels…</p>}
      {labels.isSuccess && rows.length === 0 && <p className="empty-state">No labels yet.</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="labels-title">
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Chain</th>
                <th scope="col">Label</th>
                <th scope="col">Source</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((label) => (
                <tr key={label.id}>
                  <th scope="row" className="mono">
                    {label.address}
                  </th>
                  <td>{label.chain}</td>
                  <td>{label.label}</td>
                  <td>{label.source}</td>
                  <td className="nowrap">{formatTimestamp(label.createdAt)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => remove.mutate({ id: label.id })}
                      disabled={remove.isPending}
                      aria-label={`Remove the ${label.label} label of ${label.address}`}
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
      {labels.hasNextPage && (
        <div className="panel-footer">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void labels.fetchNextPage()}
            disabled={labels.isFetchingNextPage}
          >
            {labels.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </section>
  );
}

function ImportLabelsForm({ onImported }: { onImported: () => Promise<void> }) {
  const trpc = useTRPC();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const importLabels = useMutation(trpc.labels.import.mutationOptions({ onSuccess: onImported }));
  const problem = importLabels.isError ? describeApiError(importLabels.error) : null;
  const rowErrors = importLabels.isError ? rowErrorsOf(importLabels.error) : null;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setReadProblem(null);
    if (!file) return;
    try {
      importLabels.mutate({ csv: await file.text() });
    } catch {
      setReadProblem(`${file.name} could not be read.`);
    }
  };

  return (
    <form
      className="inline-form"
      aria-label="Import labels"
      onSubmit={(event) => void submit(event)}
    >
      <div className="field">
        <label htmlFor={fileId}>Labels CSV (address,chain,label,source)</label>
        <input
          id={fileId}
          name="labels"
          type="file"
          accept=".csv,text/csv"
          required
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
      </div>
      <button type="submit" className="button button-primary" disabled={importLabels.isPending}>
        {importLabels.isPending ? 'Importing…' : 'Import labels'}
      </button>
      {(readProblem ?? problem) && (
        <p role="alert" className="form-error">
          {readProblem ?? problem?.message}
        </p>
      )}
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
