/**
 * `transactions.importCsv` and `transactions.importXrpl`: read the source, then write through the
 * same ingest service as `transactions.ingest` (one unit of work per import: all or nothing,
 * idempotent on chain + txId).
 */
import { InvalidInputError, type NewTransaction, type Store, type Transaction } from '@klerno/db';
import { TRANSACTION_FIELDS, type TransactionColumnMap } from '../csv/columns.js';
import { CsvTooLargeError } from '../csv/errors.js';
import { parseTransactionsCsv } from '../csv/parse-transactions.js';
import { MAX_DOCUMENT_BYTES } from '../upload-limits.js';
import {
  fetchAccountTransactions,
  type XrplAccountTransactions,
  type XrplMarker,
} from '../xrpl/account-transactions.js';
import type { XrplPayment } from '../xrpl/convert.js';
import { XrplError } from '../xrpl/errors.js';
import { describeNode, type FetchFunction } from '../xrpl/json-rpc.js';
import type { AlertRaising } from './alert-raising.js';
import { CsvRowsRejectedError, XrplImportError, type RowError } from './errors.js';
import { ingestTransactions } from './transactions.js';

const keyOf = (row: { chain: string; txId: string }) => `${row.chain}\u0000${row.txId}`;

// ---- CSV ---------------------------------------------------------------------------------------

/** Most data rows one CSV import takes (a 1000 KiB file of ~100-byte rows holds about as many). */
export const MAX_CSV_IMPORT_ROWS = 10_000;

export interface CsvImportRequest {
  csv: string;
  encoding: 'text' | 'base64';
  skipBadRows: boolean;
  columnMap?: TransactionColumnMap | undefined;
  defaultChain?: string | undefined;
  /** The importing user, whose threshold raises alerts. */
  userId?: string | undefined;
  /** Raise (and announce) alerts for rows at or above the importing user's threshold. */
  alerting?: AlertRaising | undefined;
}

export interface CsvImportLimits {
  maxBytes: number;
  maxRows: number;
}

export interface CsvImportResult {
  created: number;
  duplicates: Array<{ line: number; chain: string; txId: string; id: string }>;
  badRowCount: number;
  rowErrors: RowError[];
  warnings: string[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of a base64 upload; refused by size before it is decoded. */
function decodeBase64(text: string, maxBytes: number): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new InvalidInputError('csv is not valid base64 (encoding: "base64")');
  }
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const size = (compact.length / 4) * 3 - padding;
  if (size > maxBytes) throw new CsvTooLargeError(maxBytes, size);
  return Buffer.from(compact, 'base64');
}

/**
 * Parses the upload and, unless a row is bad and the caller did not ask to skip bad rows (then
 * CsvRowsRejectedError with every bad row, nothing written), ingests the good rows at once.
 * Problems with the file as a whole throw CsvFileError (400; CsvTooLargeError: 413).
 */
export async function importTransactionsCsv(
  store: Store,
  organizationId: string,
  request: CsvImportRequest,
  limits: CsvImportLimits = { maxBytes: MAX_DOCUMENT_BYTES, maxRows: MAX_CSV_IMPORT_ROWS },
): Promise<CsvImportResult> {
  const input =
    request.encoding === 'base64' ? decodeBase64(request.csv, limits.maxBytes) : request.csv;
  const parsed = parseTransactionsCsv(input, {
    maxBytes: limits.maxBytes,
    maxRows: limits.maxRows,
    // Every problem of every row fits: the list is never cut.
    maxErrors: limits.maxRows * TRANSACTION_FIELDS.length,
    ...(request.columnMap ? { columnMap: request.columnMap } : {}),
    ...(request.defaultChain ? { defaultChain: request.defaultChain } : {}),
  });
  if (parsed.badRowCount > 0 && !request.skipBadRows) {
    throw new CsvRowsRejectedError(parsed.errors, parsed.badRowCount, parsed.rows.length);
  }

  const written = await ingestTransactions(
    store,
    organizationId,
    parsed.rows,
    request.userId ?? null,
    request.alerting ?? null,
  );
  const lineOf = new Map(parsed.rows.map((row, index) => [keyOf(row), parsed.rowLines[index]]));
  return {
    created: written.created.length,
    duplicates: written.duplicates.map(({ chain, txId, id }) => ({
      line: lineOf.get(keyOf({ chain, txId })) ?? 0,
      chain,
      txId,
      id,
    })),
    badRowCount: parsed.badRowCount,
    rowErrors: parsed.errors,
    warnings: parsed.warnings,
  };
}

// ---- XRP Ledger --------------------------------------------------------------------------------

export interface XrplImportRequest {
  account: string;
  limit: number;
  marker?: XrplMarker | undefined;
  /** The importing user, whose threshold raises alerts. */
  userId?: string | undefined;
  /** Raise (and announce) alerts for rows at or above the importing user's threshold. */
  alerting?: AlertRaising | undefined;
}

export interface XrplImportDeps {
  store: Store;
  /** XRPL_RPC_URL. */
  rpcUrl: string;
  /** Per request to the node. */
  requestTimeoutMs: number;
  /**
   * The whole ledger read (every page). Shorter than the procedure's time limit, so the caller
   * gets this import's typed answer rather than a bare TIMEOUT while the work goes on unseen.
   */
  deadlineMs: number;
  fetch?: FetchFunction;
}

export interface XrplImportResult {
  account: string;
  created: number;
  duplicates: Array<{ chain: string; txId: string; id: string }>;
  skipped: number;
  skippedByReason: Record<string, number>;
  fetched: number;
  complete: boolean;
  nextMarker: XrplMarker | null;
}

function asNewTransaction(payment: XrplPayment): NewTransaction {
  const { chain, txId, timestamp, fromAddress, toAddress, amount, currency, direction } = payment;
  const { issuer, memo, fee, tags } = payment;
  return {
    chain,
    txId,
    timestamp,
    fromAddress,
    toAddress,
    amount,
    currency,
    issuer,
    direction,
    memo,
    fee,
    tags,
  };
}

/** The first of each (chain, txId): a node whose pages overlap must not fail the import. */
function distinct(rows: NewTransaction[]): NewTransaction[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = keyOf(row);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reads the account's payments from the ledger node and ingests them in one unit of work. */
export async function importXrplAccount(
  deps: XrplImportDeps,
  organizationId: string,
  request: XrplImportRequest,
): Promise<XrplImportResult> {
  const { deadlineMs } = deps;
  let ledger: XrplAccountTransactions;
  try {
    ledger = await fetchAccountTransactions({
      rpcUrl: deps.rpcUrl,
      account: request.account,
      limit: request.limit,
      timeoutMs: deps.requestTimeoutMs,
      ...(request.marker === undefined ? {} : { marker: request.marker }),
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      signal: AbortSignal.timeout(deadlineMs),
    });
  } catch (error) {
    if (error instanceof XrplError) throw xrplImportError(error, deps.rpcUrl, request, deadlineMs);
    throw error;
  }

  const written = await ingestTransactions(
    deps.store,
    organizationId,
    distinct(ledger.transactions.map(asNewTransaction)),
    request.userId ?? null,
    request.alerting ?? null,
  );
  const skippedByReason = Object.fromEntries(
    Object.entries(ledger.skippedCounts).filter(([, count]) => count > 0),
  );
  return {
    account: ledger.account,
    created: written.created.length,
    duplicates: written.duplicates.map(duplicateRef),
    skipped: ledger.skipped.length,
    skippedByReason,
    fetched: ledger.fetched,
    complete: ledger.complete,
    nextMarker: ledger.nextMarker,
  };
}

function duplicateRef({ chain, txId, id }: Transaction) {
  return { chain, txId, id };
}

/**
 * The module's error, for the caller: what happened and whether to retry, with the node named
 * "the XRPL node" (its host may be internal, its URL may hold a provider's key).
 */
function xrplImportError(
  error: XrplError,
  rpcUrl: string,
  request: XrplImportRequest,
  deadlineMs: number,
): XrplImportError {
  const host = describeNode(rpcUrl);
  const said = capitalise(error.message.replaceAll(host, 'the XRPL node'));
  switch (error.code) {
    case 'invalid_address':
    case 'invalid_options':
      return new XrplImportError('invalid_request', said);
    case 'node_error':
      if (error.nodeError === 'actNotFound') {
        return new XrplImportError(
          'account_not_found',
          `The account ${request.account} does not exist on the XRP Ledger (${said})`,
        );
      }
      return new XrplImportError(error.retryable ? 'node_busy' : 'node_refused', said);
    case 'timeout':
      return new XrplImportError('timeout', `${said}; try again, or with a smaller limit`);
    case 'aborted':
      return new XrplImportError(
        'timeout',
        `Reading ${request.limit} ledger transactions took longer than ${deadlineMs / 1000} s; import fewer (limit) and continue with nextMarker`,
      );
    case 'http_error':
      return new XrplImportError(error.retryable ? 'node_busy' : 'node_refused', said);
    case 'network_error':
      return new XrplImportError('unreachable', said);
    case 'malformed_response':
      return new XrplImportError('bad_answer', said);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
