import type { AuthorizedFetch } from '../api/authorized-fetch.js';
import { apiFilters } from './filters.js';
import type { ExplorerFilters } from './filters.js';

/** The API's streaming CSV download (GET, the list's filters and sort as query parameters). */
export const csvDownloadPath = '/exports/transactions.csv';
const blobLifetimeMs = 60_000;

export function csvDownloadHref(filters: ExplorerFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(apiFilters(filters))) {
    if (typeof value === 'string') params.set(key, value);
  }
  const query = params.toString();
  return query ? `${csvDownloadPath}?${query}` : csvDownloadPath;
}

/** A refusal of the download route: `{ error: { code, message, requestId } }`. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

function fileNameOf(response: Response): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'klerno-transactions.csv';
}

async function refusalOf(response: Response): Promise<DownloadError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    if (typeof code === 'string' && typeof message === 'string') {
      return new DownloadError(message, code);
    }
  } catch {
    // Not the API's error body: described by its status below.
  }
  return new DownloadError(`The export failed (HTTP ${response.status}).`, 'HTTP_ERROR');
}

/**
 * Fetches the export with the session's token (the route takes no cookie, so no other site can
 * trigger it) and hands it to the browser as a file. Returns the file name.
 */
export async function downloadTransactionsCsv(
  authorizedFetch: AuthorizedFetch,
  filters: ExplorerFilters,
): Promise<string> {
  const response = await authorizedFetch(csvDownloadHref(filters), {
    headers: { Accept: 'text/csv' },
  });
  if (!response.ok) throw await refusalOf(response);
  const fileName = fileNameOf(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after the click returns; free it once it surely has.
  window.setTimeout(() => URL.revokeObjectURL(url), blobLifetimeMs);
  return fileName;
}
