/** "2025-03-01T12:30:05.000Z" → "2025-03-01 12:30:05 UTC". Times are shown in UTC, as stored. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** 3725 → "1 h 2 min"; 42 → "42 s"; 90061 → "1 d 1 h". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min ${seconds % 60} s`;
  return `${seconds} s`;
}

/** Amounts are exact decimal strings: shown as sent, never through floating point. */
export function formatAmount(amount: string, currency: string): string {
  return `${amount} ${currency}`;
}
