import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';
import type { RouterOutputs } from '../api/types.js';
import { CsvFileField, readFileText } from '../ui/CsvFileField.js';
import { ErrorAlert } from '../ui/ErrorAlert.js';
import { FormField } from '../ui/FormField.js';
import { SubmitButton } from '../ui/SubmitButton.js';
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
  const [file, setFile] = useState<File | null>(null);
  const [defaultChain, setDefaultChain] = useState('xrpl');
  const [upload, setUpload] = useState<Upload | null>(null);
  const [localProblem, setLocalProblem] = useState<string | null>(null);
  const refreshTransactions = useInvalidate(trpc.transactions.pathFilter());
  const importCsv = useMutation(
    trpc.transactions.importCsv.mutationOptions({ onSuccess: refreshTransactions }),
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
    const read = await readFileText(file);
    if (read.ok) send({ fileName: file.name, csv: read.text, defaultChain }, false);
    else setLocalProblem(read.message);
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
        <CsvFileField label="CSV file" name="csv" onChange={setFile} />
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
        <SubmitButton pending={importCsv.isPending} pendingLabel="Importing…">
          Import
        </SubmitButton>
      </form>
      <ErrorAlert message={localProblem} />
      <ErrorAlert message={problem?.message} />
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
