/** Views filter by whole UTC calendar days (YYYY-MM-DD); the API takes inclusive instants. */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "2025-02-28" is a day; "2025-02-30", "2025-1-1" and "yesterday" are not. */
export function isCalendarDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The first instant of a UTC day. */
export const startOfDay = (day: string): string => `${day}T00:00:00.000Z`;

/** The last instant of a UTC day (ranges include their last day). */
export const endOfDay = (day: string): string => `${day}T23:59:59.999Z`;

/** A range of days as the API's `from`/`to` fields; an open end is left out. */
export function dayRange({ from, to }: { from?: string | undefined; to?: string | undefined }): {
  from?: string;
  to?: string;
} {
  return {
    ...(from ? { from: startOfDay(from) } : {}),
    ...(to ? { to: endOfDay(to) } : {}),
  };
}
