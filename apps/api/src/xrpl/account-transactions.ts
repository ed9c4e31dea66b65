import { z } from 'zod';
import { checkXrplAddress, describeXrplAddressProblem } from './address.js';
import {
  convertAccountTxEntry,
  type XrplPayment,
  type XrplSkipReason,
  type XrplSkippedTransaction,
} from './convert.js';
import { XrplError } from './errors.js';
import { callJsonRpc, describeNode, type FetchFunction } from './json-rpc.js';
import { accountTxResultSchema, describeIssues } from './schema.js';

/** Most ledger transactions one call reads. */
export const XRPL_MAX_IMPORT_LIMIT = 10_000;
/** rippled's cap on account_tx `limit` for non-admin clients. */
export const XRPL_MAX_PAGE_SIZE = 400;
export const XRPL_DEFAULT_IMPORT_LIMIT = 1_000;
export const XRPL_DEFAULT_PAGE_SIZE = 200;
export const XRPL_DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** A node that keeps sending empty pages with a marker is scanning a huge range: stop, resumably. */
const MAX_CONSECUTIVE_EMPTY_PAGES = 20;

/** rippled's and Clio's pagination token, `{ ledger, seq }`; pass it back unchanged to resume. */
export type XrplMarker = Readonly<Record<string, unknown>> | string;
const markerSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

export interface FetchAccountTransactionsOptions {
  /** The JSON-RPC endpoint (XRPL_RPC_URL). Only its host ever appears in error messages. */
  rpcUrl: string;
  /** A classic r-address. */
  account: string;
  /** Most ledger transactions to read, 1..10000 (default 1000); skipped ones count too. */
  limit?: number;
  /** Transactions asked for per request, 1..400 (default 200). */
  pageSize?: number;
  /** Per request, body included, 1..120000 ms (default 10000). */
  timeoutMs?: number;
  /** rippled API version to ask for (default 2); answers of either shape are understood. */
  apiVersion?: 1 | 2;
  /** Oldest first instead of newest first (default false). */
  forward?: boolean;
  /** Resume after a previous call's `nextMarker`. */
  marker?: XrplMarker;
  /** Largest answer accepted per request (default 16 MiB). */
  maxResponseBytes?: number;
  fetch?: FetchFunction;
  signal?: AbortSignal;
}

export interface XrplAccountTransactions {
  account: string;
  /** Validated, successful Payments involving the account, in the node's order. */
  transactions: XrplPayment[];
  /** Everything else that was read, each with why it was left out. */
  skipped: XrplSkippedTransaction[];
  skippedCounts: Record<XrplSkipReason, number>;
  /** Ledger transactions read: transactions + skipped. */
  fetched: number;
  /** Requests made. */
  pages: number;
  /** True when the node has nothing more for this range. */
  complete: boolean;
  /**
   * Where the next call should resume (`marker` option) when reading stopped at the limit; null
   * when complete, or when a node sent more than was asked for and the cut fell inside a page.
   */
  nextMarker: XrplMarker | null;
}

/**
 * Reads an account's validated history with `account_tx`, following markers until `limit`
 * transactions have been read or the node has no more, and converts each Payment into Klerno's
 * transaction shape. Throws XrplError; never hangs longer than `timeoutMs` per request.
 */
export async function fetchAccountTransactions(
  options: FetchAccountTransactionsOptions,
): Promise<XrplAccountTransactions> {
  const settings = validateOptions(options);
  const { account } = options;
  const node = describeNode(options.rpcUrl);
  const result: XrplAccountTransactions = {
    account,
    transactions: [],
    skipped: [],
    skippedCounts: emptySkipCounts(),
    fetched: 0,
    pages: 0,
    complete: false,
    nextMarker: null,
  };

  let marker: XrplMarker | undefined = options.marker;
  const seenMarkers = new Set<string>();
  let emptyPagesInARow = 0;

  while (result.fetched < settings.limit) {
    const remaining = settings.limit - result.fetched;
    const answer = await callJsonRpc({
      rpcUrl: options.rpcUrl,
      method: 'account_tx',
      params: {
        account,
        ledger_index_min: -1,
        ledger_index_max: -1,
        binary: false,
        forward: settings.forward,
        limit: Math.min(settings.pageSize, remaining),
        api_version: settings.apiVersion,
        ...(marker === undefined ? {} : { marker }),
      },
      timeoutMs: settings.timeoutMs,
      maxResponseBytes: settings.maxResponseBytes,
      fetch: settings.fetch,
      signal: options.signal,
    });
    result.pages += 1;
    const page = parsePage(answer, node, result.pages);
    if (page.account !== undefined && page.account !== account) {
      throw malformed(node, `page ${result.pages} is for another account`);
    }

    const taken = page.transactions.slice(0, remaining);
    taken.forEach((raw, index) => {
      const conversion = convertAccountTxEntry(raw, {
        account,
        pageValidated: page.validated,
        location: `page ${result.pages}: transactions[${index}]`,
      });
      if (conversion.kind === 'payment') {
        result.transactions.push(conversion.payment);
      } else {
        result.skipped.push(conversion.skipped);
        result.skippedCounts[conversion.skipped.reason] += 1;
      }
    });
    result.fetched += taken.length;

    if (page.marker === undefined) {
      result.complete = true;
      return result;
    }
    if (taken.length < page.transactions.length) return result; // cut inside a page: not resumable
    const markerKey = JSON.stringify(page.marker);
    if (seenMarkers.has(markerKey)) {
      throw malformed(node, `page ${result.pages} repeats an earlier marker`);
    }
    seenMarkers.add(markerKey);
    marker = page.marker;
    emptyPagesInARow = page.transactions.length === 0 ? emptyPagesInARow + 1 : 0;
    if (emptyPagesInARow >= MAX_CONSECUTIVE_EMPTY_PAGES) break;
  }
  result.nextMarker = marker ?? null;
  return result;
}

interface Page {
  account: string | undefined;
  transactions: unknown[];
  marker: XrplMarker | undefined;
  validated: boolean | undefined;
}

function parsePage(answer: Record<string, unknown>, node: string, pageNumber: number): Page {
  const parsed = accountTxResultSchema.safeParse(answer);
  if (!parsed.success) {
    throw malformed(node, describeIssues(parsed.error, `page ${pageNumber}: result`));
  }
  const { account, transactions, validated } = parsed.data;
  const rawMarker = parsed.data.marker;
  if (rawMarker === undefined || rawMarker === null) {
    return { account, transactions, marker: undefined, validated };
  }
  const marker = markerSchema.safeParse(rawMarker);
  if (!marker.success) throw malformed(node, `page ${pageNumber}: result.marker is not a marker`);
  return { account, transactions, marker: marker.data, validated };
}

function malformed(node: string, detail: string): XrplError {
  return new XrplError(
    'malformed_response',
    `${node} sent a malformed account_tx answer: ${detail}`,
  );
}

function emptySkipCounts(): Record<XrplSkipReason, number> {
  return {
    not_payment: 0,
    not_validated: 0,
    failed: 0,
    not_a_party: 0,
    delivered_amount_unavailable: 0,
    unsupported_amount: 0,
    amount_out_of_range: 0,
  };
}

interface Settings {
  limit: number;
  pageSize: number;
  timeoutMs: number;
  apiVersion: 1 | 2;
  forward: boolean;
  maxResponseBytes: number;
  fetch: FetchFunction;
}

function validateOptions(options: FetchAccountTransactionsOptions): Settings {
  const address = checkXrplAddress(options.account);
  if (!address.ok) {
    throw new XrplError(
      'invalid_address',
      `account: ${describeXrplAddressProblem(address.problem)}`,
    );
  }
  if (!isHttpUrl(options.rpcUrl)) {
    throw new XrplError('invalid_options', 'rpcUrl must be an http:// or https:// URL');
  }
  const settings: Settings = {
    limit: integerIn('limit', options.limit ?? XRPL_DEFAULT_IMPORT_LIMIT, 1, XRPL_MAX_IMPORT_LIMIT),
    pageSize: integerIn(
      'pageSize',
      options.pageSize ?? XRPL_DEFAULT_PAGE_SIZE,
      1,
      XRPL_MAX_PAGE_SIZE,
    ),
    timeoutMs: integerIn(
      'timeoutMs',
      options.timeoutMs ?? XRPL_DEFAULT_TIMEOUT_MS,
      1,
      MAX_TIMEOUT_MS,
    ),
    apiVersion: options.apiVersion ?? 2,
    forward: options.forward ?? false,
    maxResponseBytes: integerIn(
      'maxResponseBytes',
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      1024,
      Number.MAX_SAFE_INTEGER,
    ),
    fetch: options.fetch ?? globalThis.fetch,
  };
  if (settings.apiVersion !== 1 && settings.apiVersion !== 2) {
    throw new XrplError('invalid_options', 'apiVersion must be 1 or 2');
  }
  if (options.marker !== undefined && !markerSchema.safeParse(options.marker).success) {
    throw new XrplError(
      'invalid_options',
      'marker must be a nextMarker returned by an earlier call',
    );
  }
  return settings;
}

function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new XrplError('invalid_options', `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
