import { useMutation } from '@tanstack/react-query';
import { useAuthorizedFetch } from '../api/authorized-fetch-context.js';
import { downloadTransactionsCsv, DownloadError } from './download-csv.js';
import type { ExplorerFilters } from './filters.js';

/** Downloads the current view (filters and sort) as CSV, however many rows it holds. */
export function ExportCsvButton({ filters }: { filters: ExplorerFilters }) {
  const authorizedFetch = useAuthorizedFetch();
  const download = useMutation({
    mutationFn: () => downloadTransactionsCsv(authorizedFetch, filters),
  });
  return (
    <div className="export">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => download.mutate()}
        disabled={download.isPending}
      >
        {download.isPending ? 'Exporting…' : 'Export CSV'}
      </button>
      {download.isSuccess && (
        <span role="status" className="muted">
          Downloaded {download.data}
        </span>
      )}
      {download.isError && (
        <span role="alert" className="form-error">
          {download.error instanceof DownloadError
            ? download.error.message
            : 'The export could not be downloaded. Check your connection and try again.'}
        </span>
      )}
    </div>
  );
}
