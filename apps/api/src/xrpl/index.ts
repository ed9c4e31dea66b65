/**
 * XRP Ledger import (issue 5, item 2): address checks and `account_tx` over JSON-RPC, converted
 * into Klerno's transaction shape. No tRPC and no store here; `transactions.importXrpl` wires it.
 *
 * Conversion choices:
 * - Only validated Payments with result tesSUCCESS where the account is sender ('out') or
 *   destination ('in') become transactions; everything else is skipped with a reason and counted.
 * - Amount = what was delivered: `meta.delivered_amount` (then `DeliveredAmount`), and Amount /
 *   DeliverMax only for payments that cannot be partial. Partial payments are tagged.
 * - XRP drops → XRP and issued values (including rippled's "1234e-20" form) → plain decimals by
 *   string arithmetic. Values beyond 20 integer / 18 fraction digits are skipped, not rounded.
 * - `currency` keeps the ledger's code (3 characters or 40 hex, so ingest accepts it; symbol codes
 *   such as "$$$" in their 160-bit form); `currencyName` is the readable ASCII name or null;
 *   `issuer` is set for issued currencies, null for XRP.
 * - Memo: every MemoData hex-decoded as UTF-8 (invalid bytes → U+FFFD, NULs dropped), joined by
 *   newlines, cut to 1024 UTF-16 units (tag memo_truncated).
 * - Fee: the transaction's fee in XRP, also on incoming payments (the sender paid it).
 * - X-addresses are refused with their own reason: give the classic r-address.
 */
export {
  checkXrplAddress,
  describeXrplAddressProblem,
  isValidXrplAddress,
  type XrplAddressCheck,
  type XrplAddressProblem,
} from './address.js';
export { currencyDisplayName, dropsToXrp, issuedValueToDecimal } from './amounts.js';
export {
  XRPL_DEFAULT_IMPORT_LIMIT,
  XRPL_DEFAULT_PAGE_SIZE,
  XRPL_DEFAULT_TIMEOUT_MS,
  XRPL_MAX_IMPORT_LIMIT,
  XRPL_MAX_PAGE_SIZE,
  fetchAccountTransactions,
  type FetchAccountTransactionsOptions,
  type XrplAccountTransactions,
  type XrplMarker,
} from './account-transactions.js';
export {
  RIPPLE_EPOCH_OFFSET_SECONDS,
  type XrplPayment,
  type XrplSkipReason,
  type XrplSkippedTransaction,
} from './convert.js';
export { XrplError, type XrplErrorCode } from './errors.js';
export type { FetchFunction } from './json-rpc.js';
export { XRPL_MEMO_MAX_LENGTH } from './memo.js';
