import { isKlernoError } from '@klerno/sdk';

/** A bad line of a CSV upload, as the API reports it. */
export interface RowError {
  line: number;
  field?: string | undefined;
  reason: string;
}

function isRowError(value: unknown): value is RowError {
  if (typeof value !== 'object' || value === null) return false;
  const { line, field, reason } = value as Record<string, unknown>;
  return (
    typeof line === 'number' &&
    typeof reason === 'string' &&
    (field === undefined || typeof field === 'string')
  );
}

/**
 * The bad rows of an upload the API refused for them (422, `data.rowErrors`; nothing was
 * written), or null for any other failure.
 */
export function rowErrorsOf(error: unknown): RowError[] | null {
  if (!isKlernoError(error)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null) return null;
  const rows = (data as { rowErrors?: unknown }).rowErrors;
  return Array.isArray(rows) && rows.every(isRowError) ? rows : null;
}

/** How many distinct lines the errors name (one line may have several problems). */
export function badLineCount(errors: readonly RowError[]): number {
  return new Set(errors.map((error) => error.line)).size;
}
