import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { ApiErrorAlert } from '../ui/ErrorAlert.js';
import { startDownload } from './download-csv.js';
import { apiFilters, type ExplorerFilters } from './filters.js';

/**
 * Downloads the current view (filters and sort) as CSV, however many rows it holds: asks the API
 * for a one-minute download link and lets the browser follow it.
 */
export function ExportCsvButton({ filters }: { filters: ExplorerFilters }) {
  const trpc = useTRPC();
  const link = useMutation(
    trpc.transactions.csvDownloadLink.mutationOptions({
      onSuccess: ({ path }) => startDownload(path),
    }),
  );
  return (
    <div className="export">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => link.mutate(apiFilters(filters))}
        disabled={link.isPending}
      >
        {link.isPending ? 'Exporting…' : 'Export CSV'}
      </button>
      {link.isSuccess && (
        <span role="status" className="muted">
          Download started
        </span>
      )}
      <ApiErrorAlert error={link.error} />
    </div>
  );
}
