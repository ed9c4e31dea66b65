/**
 * Runs `analytics.summary` in a worker thread with its own connection (summary-worker.ts). The
 * store's one connection is synchronous: a summary over a year of a busy organization's rows
 * (seconds) would hold up every other request of the instance, live alerts and ingests included.
 * In WAL mode the worker reads a snapshot of everything committed when it starts, concurrently
 * with the store's writes. Summaries queue in the worker, one at a time. The thread starts with
 * the first summary and keeps the process alive only while one is pending.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  assembleSummary,
  checkAnalyticsRange,
  partsOf,
  type SummaryPartRow,
} from '../analytics-summary.js';
import { DatabaseUnavailableError } from '../errors.js';
import type { AnalyticsRange, AnalyticsSummaryRecord } from '../ports.js';
import { mapSqliteError } from './errors.js';
import type { SummaryRequest, SummaryResponse } from './summary-worker-messages.js';

/** Where the API's bundle puts the compiled worker (apps/api/tsup.config.ts). */
const BUILT_ENTRY = new URL('./sqlite-summary-worker.js', import.meta.url);
const SOURCE_BOOTSTRAP = new URL('./summary-worker-source.mjs', import.meta.url);
const SOURCE_ENTRY = new URL('./summary-worker.ts', import.meta.url);

interface Pending {
  resolve: (rows: SummaryPartRow[]) => void;
  reject: (error: unknown) => void;
}

export class SummaryWorker {
  readonly #path: string;
  #worker: Worker | null = null;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #closed = false;

  constructor(path: string) {
    this.#path = path;
  }

  async summary(organizationId: string, range: AnalyticsRange): Promise<AnalyticsSummaryRecord> {
    const checked = checkAnalyticsRange(range);
    const rows = await this.#run({
      id: ++this.#nextId,
      parameters: { organizationId, ...checked },
    });
    return assembleSummary(partsOf(rows));
  }

  /** Stops the thread; pending summaries fail as the store's calls do once it is closed. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = null;
    this.#failAll(this.#closedError());
    await worker?.terminate();
  }

  #run(request: SummaryRequest): Promise<SummaryPartRow[]> {
    if (this.#closed) return Promise.reject(this.#closedError());
    const worker = this.#worker ?? this.#start();
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) worker.ref();
      this.#pending.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  #start(): Worker {
    const source = !existsSync(fileURLToPath(BUILT_ENTRY));
    const worker = new Worker(source ? SOURCE_BOOTSTRAP : BUILT_ENTRY, {
      workerData: { path: this.#path, entry: SOURCE_ENTRY.href },
    });
    worker.unref();
    worker.on('message', (response: SummaryResponse) => this.#settle(worker, response));
    // A thread that died (it could not open the file, or crashed) fails what it held; the next
    // summary starts a new one.
    const died = (reason: string) => {
      if (this.#worker !== worker) return;
      this.#worker = null;
      this.#failAll(
        new DatabaseUnavailableError(
          `SQLite database ${this.#path} is unavailable to summaries (${reason}).`,
          this.#path,
          'WORKER',
        ),
      );
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`worker exited with code ${code}`));
    this.#worker = worker;
    return worker;
  }

  #settle(worker: Worker, response: SummaryResponse): void {
    const pending = this.#pending.get(response.id);
    if (!pending) return;
    this.#pending.delete(response.id);
    if (this.#pending.size === 0) worker.unref();
    if ('rows' in response) {
      pending.resolve(response.rows);
      return;
    }
    const { message, code } = response.error;
    const error = code === null ? new Error(message) : new Database.SqliteError(message, code);
    pending.reject(mapSqliteError(error, this.#path));
  }

  #failAll(error: unknown): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of pending) reject(error);
  }

  #closedError(): DatabaseUnavailableError {
    return new DatabaseUnavailableError(
      `SQLite database ${this.#path} is closed.`,
      this.#path,
      'CLOSED',
    );
  }
}
