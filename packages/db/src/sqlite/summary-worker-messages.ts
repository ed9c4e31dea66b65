import type { CheckedAnalyticsRange, SummaryPartRow } from '../analytics-summary.js';

export interface SummaryRequest {
  id: number;
  parameters: CheckedAnalyticsRange & { organizationId: string };
}

/** The statement's rows, or what SQLite said when it failed (a SqliteError's message and code). */
export type SummaryResponse =
  | { id: number; rows: SummaryPartRow[] }
  | { id: number; error: { message: string; code: string | null } };
