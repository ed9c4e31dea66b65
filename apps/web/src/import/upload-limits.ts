/**
 * The largest CSV the API imports (its MAX_DOCUMENT_BYTES). Checked here first: a larger file
 * would be refused by the API's 1 MiB body limit, which answers outside tRPC's error shape.
 */
export const maxCsvBytes = 1000 * 1024;

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}
