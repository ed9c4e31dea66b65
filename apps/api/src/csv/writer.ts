import { neutraliseFormula } from './formula.js';

/** RFC 4180 line ending, which every spreadsheet reads. */
export const CSV_LINE_END = '\r\n';

const NEEDS_QUOTES = /["\r\n,]|^\s|\s$/;

/** One cell, safe against formula injection and quoted when RFC 4180 (or trimming) needs it. */
export function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record, ending with CRLF. */
export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',') + CSV_LINE_END;
}
