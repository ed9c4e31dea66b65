/**
 * The summary worker's thread (summary-worker-client.ts starts it): `analytics.summary`'s one
 * statement on a read-only connection of its own, so a summary over months of rows reads its
 * own WAL snapshot on another core while the store's connection goes on serving everything else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SummaryPartRow } from '../analytics-summary.js';
import { openSqliteConnection } from './connection.js';
import { SUMMARY_SQL } from './summary-sql.js';
import type { SummaryRequest, SummaryResponse } from './summary-worker-messages.js';

const port = parentPort;
if (!port) throw new Error('summary-worker.ts runs as a worker thread');
const { path } = workerData as { path: string };
const connection = openSqliteConnection(path);
connection.pragma('query_only = ON');
const summary = connection.prepare<Record<string, unknown>, SummaryPartRow>(SUMMARY_SQL);

port.on('message', ({ id, parameters }: SummaryRequest) => {
  let response: SummaryResponse;
  try {
    response = { id, rows: summary.all({ ...parameters }) };
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    response = {
      id,
      error: {
        message: typeof message === 'string' ? message : String(error),
        code: typeof code === 'string' ? code : null,
      },
    };
  }
  port.postMessage(response);
});
