/**
 * zod schemas for the parts of a rippled/Clio `account_tx` answer we read. Everything else the
 * node sends is let through untouched (loose objects), so new ledger fields never break an import.
 */
import { z } from 'zod';
import { isValidXrplAddress } from './address.js';
import { isDropsString, isIssuedCurrencyCode, isIssuedValue } from './amounts.js';

const HASH = /^[0-9A-Fa-f]{64}$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

const ledgerIndex = z.number().int().nonnegative();
const hash = z.string().regex(HASH, 'expected a 64-hex-digit hash');
const hex = z.string().regex(HEX, 'expected hex bytes');
/** Seconds since 2000-01-01T00:00:00Z, the "Ripple epoch". */
const rippleTime = z.number().int().nonnegative().max(0xffffffff);
const address = z.string().refine(isValidXrplAddress, 'expected a classic XRPL address');
const drops = z.string().refine(isDropsString, 'expected XRP drops as a string of digits');

export const issuedAmountSchema = z.object({
  currency: z.string().refine(isIssuedCurrencyCode, 'expected a currency code other than XRP'),
  issuer: address,
  value: z.string().refine(isIssuedValue, 'expected a decimal value'),
});
/** A multi-purpose token amount (XLS-33): recognised so it can be skipped by name. */
export const mptAmountSchema = z.object({ mpt_issuance_id: z.string(), value: z.string() });
export const amountSchema = z.union([drops, issuedAmountSchema, mptAmountSchema]);
export type LedgerAmount = z.infer<typeof amountSchema>;

const memoSchema = z.looseObject({
  Memo: z.looseObject({
    MemoData: hex.optional(),
    MemoType: hex.optional(),
    MemoFormat: hex.optional(),
  }),
});

/** Fields every transaction shows, whatever its type. API v1 has `hash` inside `tx`. */
const anyTransactionSchema = z.looseObject({
  TransactionType: z.string().min(1),
  hash: hash.optional(),
  date: rippleTime.optional(),
  ledger_index: ledgerIndex.optional(),
});

/**
 * One element of `result.transactions`: API v1 puts the transaction in `tx` (with its hash),
 * API v2 in `tx_json`, with `hash`, `ledger_index` and `close_time_iso` beside it.
 */
export const accountTxEntrySchema = z
  .looseObject({
    tx: anyTransactionSchema.optional(),
    tx_json: anyTransactionSchema.optional(),
    meta: z.unknown().optional(),
    hash: hash.optional(),
    ledger_index: ledgerIndex.optional(),
    close_time_iso: z.iso.datetime({ offset: true }).optional(),
    validated: z.boolean().optional(),
  })
  .check((ctx) => {
    const entry = ctx.value;
    const tx = entry.tx_json ?? entry.tx;
    if (tx === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: entry,
        path: ['tx_json'],
        message: 'missing: the transaction as tx (API v1) or tx_json (API v2)',
      });
    } else if ((entry.hash ?? tx.hash) === undefined) {
      ctx.issues.push({ code: 'custom', input: entry, path: ['hash'], message: 'missing hash' });
    }
  });
export type AccountTxEntry = z.infer<typeof accountTxEntrySchema>;

/** The fields of a Payment we convert. API v2 renames `Amount` to `DeliverMax`. */
export const paymentSchema = z
  .looseObject({
    Account: address,
    Destination: address,
    Fee: drops,
    Amount: amountSchema.optional(),
    DeliverMax: amountSchema.optional(),
    Flags: z.number().int().nonnegative().optional(),
    Memos: z.array(memoSchema).optional(),
    DestinationTag: z.number().int().nonnegative().optional(),
    SourceTag: z.number().int().nonnegative().optional(),
  })
  .refine((tx) => tx.Amount !== undefined || tx.DeliverMax !== undefined, {
    message: 'missing: Amount (API v1) or DeliverMax (API v2)',
    path: ['Amount'],
  });
export type PaymentFields = z.infer<typeof paymentSchema>;

export const paymentMetaSchema = z.looseObject({
  TransactionResult: z.string().min(1),
  /** Present for every Payment since 2014; the string "unavailable" for older ledgers. */
  delivered_amount: z.union([z.literal('unavailable'), amountSchema]).optional(),
  DeliveredAmount: amountSchema.optional(),
});
export type PaymentMeta = z.infer<typeof paymentMetaSchema>;

/** A successful `account_tx` result: only `transactions` is required; `marker` means "more". */
export const accountTxResultSchema = z.looseObject({
  account: z.string().optional(),
  transactions: z.array(z.unknown()),
  marker: z.unknown().optional(),
  validated: z.boolean().optional(),
});

/** The JSON-RPC envelope; rippled reports errors inside `result` with status "error". */
export const jsonRpcEnvelopeSchema = z.looseObject({
  result: z.looseObject({
    status: z.string().optional(),
    error: z.string().optional(),
    error_code: z.number().optional(),
    error_message: z.string().optional(),
  }),
});

/** Names the first problems of a failed parse, e.g. "transactions[2].tx_json.Fee: expected …". */
export function describeIssues(error: z.ZodError, prefix: string, max = 3): string {
  const described = error.issues.slice(0, max).map((issue) => {
    const path = issue.path.reduce<string>(
      (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
      prefix,
    );
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return described.join('; ') + more;
}
