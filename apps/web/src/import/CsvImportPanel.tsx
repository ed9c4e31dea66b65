import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import type { RouterOutputs } from '../api/types.js';
import { FormField } from '../ui/FormField.js';
import { badLineCount, rowErrorsOf } from './row-errors.js';
import type { RowError } from './row-errors.js';
import { RowErrorsTable } from './RowErrorsTable.js';
import { formatBytes, maxCsvBytes } from './upload-limits.js';

type CsvImportResult = RouterOutputs['transactions']['importCsv'];

/** The file as read, kept so "skip bad rows" sends exactly what was checked. */
interface Upload {
  fileName: string;
  csv: string;
  defaultChain: string;
}

/**
 * A CSV upload: read in the browser, sent whole. A file with bad rows writes nothing; its
 * problems are listed with their line, and the good rows can then be imported on their own.
 */
export function CsvImportPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [defaultChain, setDefaultChain] = useState('xrpl');
  const [upload, setUpload] = useState<Upload | null>(null);
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const importCsv = useMutation(
    trpc.transactions.importCsv.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.transactions.pathFilter()),
    }),
  );

  const send = (next: Upload, skipBadRows: boolean) => {
    setUpload(next);
    const chain = next.defaultChain.trim();
    importCsv.mutate({ csv: next.csv, skipBadRows, ...(chain ? { defaultChain: chain } : {}) });
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    importCsv.reset();
    setLocalProblem(null);
    if (!file) return;
    if (file.size > maxCsvBytes) {
      setLocalProblem(
        `${file.name} is ${formatBytes(file.size)}; the largest file an import takes is ${formatBytes(maxCsvBytes)}. Split it and import the parts.`,
      );
      return;
    }
    try {
      send({ fileName: file.name, csv: await file.text(), defaultChain }, false);
    } catch {
      setLocalProblem(`${file.name} could not be read.`);
    }
  };

  const rowErrors = importCsv.isError ? rowErrorsOf(importCsv.error) : null;
  const problem = importCsv.isError && !rowErrors ? describeApiError(importCsv.error) : null;

  return (
    <section className="panel" aria-labelledby="csv-import-title">
      <h2 id="csv-import-title">CSV file</h2>
      <p className="muted">
        One transaction per line under a header row: chain, txId, timestamp, fromAddress, toAddress,
        amount, currency, direction, fee, memo, tags (common other names such as hash, date, from,
        to, value are recognised). At most {formatBytes(maxCsvBytes)}.
      </p>
      <form
        className="inline-form"
        aria-label="Import a CSV file"
        onSubmit={(event) => void submit(event)}
      >
        <div className="field">
          <label htmlFor={fileId}>CSV file</label>
          <input
            id={fileId}
            name="csv"
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </div>
        <FormField
          label="Chain for rows without one"
          name="defaultChain"
          type="text"
          autoComplete="off"
          required={false}
          value={defaultChain}
          onChange={setDefaultChain}
          errors={problem?.fieldErrors.defaultChain}
        />
        <button type="submit" className="button button-primary" disabled={importCsv.isPending}>
          {importCsv.isPending ? 'Importing…' : 'Import'}
        </button>
      </form>
      {localProblem && (
        <p role="alert" className="form-error">
          {localProblem}
        </p>
      )}
      {problem && (
        <p role="alert" className="form-error">
          {problem.message}
        </p>
      )}
      {rowErrors && upload && (
        <RejectedUpload
          upload={upload}
          errors={rowErrors}
          busy={importCsv.isPending}
          onSkipBadRows={() => send(upload, true)}
        />
      )}
      {importCsv.data && upload && (
        <ImportOutcome fileName={upload.fileName} result={importCsv.data} />
      )}
    </section>
  );
}

function RejectedUpload({
  upload,
  errors,
  busy,
  onSkipBadRows,
}: {
  upload: Upload;
  errors: readonly RowError[];
  busy: boolean;
  onSkipBadRows: () => void;
}) {
  const lines = badLineCount(errors);
  return (
    <div className="rejected-upload">
      <p role="alert" className="form-error">
        {upload.fileName}: {lines} row{lines === 1 ? ' has' : 's have'} problems, so nothing was
        imported. Correct the file and import it again, or import only the good rows.
      </p>
      <RowErrorsTable errors={errors} caption="Rows with problems" />
      <div>
        <button
          type="button"
          className="button button-primary"
          onClick={onSkipBadRows}
          disabled={busy}
        >
          Import the good rows, skip bad ones
        </button>
      </div>
    </div>
  );
}

function ImportOutcome({ fileName, result }: { fileName: string; result: CsvImportResult }) {
  const duplicates = result.duplicates.length;
  return (
    <div className="import-outcome">
      <p role="status" className="notice">
        {fileName}: imported {result.created} new transaction{result.created === 1 ? '' : 's'}
        {duplicates > 0 &&
          `; ${duplicates} ${duplicates === 1 ? 'was' : 'were'} already held and left as they were`}
        {result.badRowCount > 0 &&
          `; skipped ${result.badRowCount} bad row${result.badRowCount === 1 ? '' : 's'}`}
        .
      </p>
      {result.warnings.length > 0 && (
        <ul className="warnings">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {result.rowErrors.length > 0 && (
        <RowErrorsTable errors={result.rowErrors} caption="Skipped rows" />
      )}
    </div>
  );
}
