import { formatTimestamp } from '../format.js';

/** An instant as the console shows it (UTC, as stored), machine-readable for assistive technology. */
export function Timestamp({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatTimestamp(iso)}</time>;
}
