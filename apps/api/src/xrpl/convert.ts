import type { Direction, NewTransaction } from '@klerno/db';
import { parseDecimal } from '@klerno/db';
import type { z } from 'zod';
import {
  currencyCodeForTransaction,
  currencyDisplayName,
  dropsToXrp,
  issuedValueToDecimal,
} from './amounts.js';
import { XrplError } from './errors.js';
import { decodeMemoData } from './memo.js';
import {
  accountTxEntrySchema,
  describeIssues,
  paymentMetaSchema,
  paymentSchema,
  type LedgerAmount,
  type PaymentFields,
  type PaymentMeta,
} from './schema.js';

/** Seconds between the Unix epoch and the Ripple epoch (2000-01-01T00:00:00Z). */
export const RIPPLE_EPOCH_OFFSET_SECONDS = 946_684_800;
/** tfPartialPayment: the payment may deliver less than Amount/DeliverMax. */
const TF_PARTIAL_PAYMENT = 0x0002_0000;

/** A validated, successful XRPL Payment in Klerno's transaction shape (SPEC §4), plus ledger facts. */
export interface XrplPayment extends NewTransaction {
  chain: 'xrpl';
  /** The issuing account of an issued currency; null for XRP. */
  issuer: string | null;
  /** A readable name for `currency` (e.g. "SOLO" for its 40-hex code); null when it is not text. */
  currencyName: string | null;
  ledgerIndex: number | null;
  /** tfPartialPayment was set: `amount` is what was delivered, not what was asked for. */
  partialPayment: boolean;
  destinationTag: number | null;
  sourceTag: number | null;
}

export type XrplSkipReason =
  /** Not a Payment (OfferCreate, TrustSet, AccountSet, …). */
  | 'not_payment'
  /** Not in a validated ledger (account_tx should not return these; never imported if it does). */
  | 'not_validated'
  /** Included with a tec… result: the fee was burned, nothing was delivered. */
  | 'failed'
  /** The account is neither sender nor destination (e.g. an issuer seeing its token ripple through). */
  | 'not_a_party'
  /** A partial payment from before 2014 whose delivered amount the ledger does not record. */
  | 'delivered_amount_unavailable'
  /** A multi-purpose token (MPT) amount. */
  | 'unsupported_amount'
  /** More than 20 integer or 18 fraction digits: cannot be held exactly. */
  | 'amount_out_of_range';

export interface XrplSkippedTransaction {
  txId: string;
  transactionType: string;
  reason: XrplSkipReason;
  detail: string;
}

export type XrplConversion =
  { kind: 'payment'; payment: XrplPayment } | { kind: 'skipped'; skipped: XrplSkippedTransaction };

interface ConvertContext {
  /** The account whose history this is: decides direction. */
  account: string;
  /** `result.validated` of the page, used when an entry does not say. */
  pageValidated: boolean | undefined;
  /** Where the entry sits, for error messages, e.g. "page 2: transactions[5]". */
  location: string;
}

/** Converts one element of `result.transactions`; a malformed element throws malformed_response. */
export function convertAccountTxEntry(raw: unknown, context: ConvertContext): XrplConversion {
  const entry = parseOrThrow(accountTxEntrySchema, raw, context.location);
  const txKey = entry.tx_json !== undefined ? 'tx_json' : 'tx';
  const tx = entry.tx_json ?? entry.tx;
  if (tx === undefined) throw malformed(`${context.location}: missing tx`); // the schema checked it
  const txId = (entry.hash ?? tx.hash ?? '').toUpperCase();
  const skip = (reason: XrplSkipReason, detail: string): XrplConversion => ({
    kind: 'skipped',
    skipped: { txId, transactionType: tx.TransactionType, reason, detail },
  });

  if (tx.TransactionType !== 'Payment') {
    return skip('not_payment', `${tx.TransactionType} is not a payment`);
  }
  if ((entry.validated ?? context.pageValidated) !== true) {
    return skip('not_validated', 'not in a validated ledger');
  }
  const payment = parseOrThrow(paymentSchema, tx, `${context.location}.${txKey}`);
  const meta = parseOrThrow(paymentMetaSchema, entry.meta, `${context.location}.meta`);
  if (meta.TransactionResult !== 'tesSUCCESS') {
    return skip('failed', `result ${meta.TransactionResult}: nothing was delivered`);
  }

  const direction = directionFor(payment, context.account);
  if (direction === null) {
    return skip('not_a_party', 'the account is neither the sender nor the destination');
  }

  const partialPayment = ((payment.Flags ?? 0) & TF_PARTIAL_PAYMENT) !== 0;
  const delivered = deliveredAmount(payment, meta, partialPayment);
  if (delivered === null) {
    return skip('delivered_amount_unavailable', 'a partial payment without delivered_amount');
  }
  const amount = toKlernoAmount(delivered);
  if (amount.kind === 'unsupported') return skip('unsupported_amount', amount.detail);
  const representable = parseDecimal(amount.value);
  if (!representable.ok || representable.value.startsWith('-')) {
    return skip(
      'amount_out_of_range',
      `amount ${amount.value} is negative or has more than 20 integer or 18 fraction digits`,
    );
  }

  const memo = decodeMemoData((payment.Memos ?? []).map((memo) => memo.Memo.MemoData));
  const tags: string[] = [];
  if (partialPayment) tags.push('partial_payment');
  if (memo.truncated) tags.push('memo_truncated');

  return {
    kind: 'payment',
    payment: {
      chain: 'xrpl',
      txId,
      timestamp: timestampOf(tx.date, entry.close_time_iso, context.location),
      fromAddress: payment.Account,
      toAddress: payment.Destination,
      amount: representable.value,
      currency: amount.currency,
      currencyName: amount.currencyName,
      issuer: amount.issuer,
      direction,
      memo: memo.text,
      fee: dropsToXrp(payment.Fee),
      tags,
      ledgerIndex: entry.ledger_index ?? tx.ledger_index ?? null,
      partialPayment,
      destinationTag: payment.DestinationTag ?? null,
      sourceTag: payment.SourceTag ?? null,
    },
  };
}

function directionFor(payment: PaymentFields, account: string): Direction | null {
  if (payment.Account === account) return 'out';
  if (payment.Destination === account) return 'in';
  return null;
}

/**
 * What reached the destination: `delivered_amount` (rippled adds it to every Payment's metadata),
 * else the ledger's own `DeliveredAmount`, else, only for a payment that cannot be partial,
 * Amount/DeliverMax. Reading Amount of a partial payment is the classic partial-payment exploit.
 */
function deliveredAmount(
  payment: PaymentFields,
  meta: PaymentMeta,
  partialPayment: boolean,
): LedgerAmount | null {
  if (meta.delivered_amount !== undefined && meta.delivered_amount !== 'unavailable') {
    return meta.delivered_amount;
  }
  if (meta.DeliveredAmount !== undefined) return meta.DeliveredAmount;
  if (partialPayment) return null;
  return payment.DeliverMax ?? payment.Amount ?? null;
}

type KlernoAmount =
  | {
      kind: 'amount';
      value: string;
      currency: string;
      currencyName: string | null;
      issuer: string | null;
    }
  | { kind: 'unsupported'; detail: string };

function toKlernoAmount(amount: LedgerAmount): KlernoAmount {
  if (typeof amount === 'string') {
    return {
      kind: 'amount',
      value: dropsToXrp(amount),
      currency: 'XRP',
      currencyName: 'XRP',
      issuer: null,
    };
  }
  if ('currency' in amount) {
    return {
      kind: 'amount',
      value: issuedValueToDecimal(amount.value),
      currency: currencyCodeForTransaction(amount.currency),
      currencyName: currencyDisplayName(amount.currency),
      issuer: amount.issuer,
    };
  }
  return { kind: 'unsupported', detail: `multi-purpose token ${amount.mpt_issuance_id}` };
}

/** `date` (Ripple epoch seconds) when present; API v2's `close_time_iso` otherwise. */
function timestampOf(date: number | undefined, closeTimeIso: string | undefined, location: string) {
  if (date !== undefined) {
    return new Date((date + RIPPLE_EPOCH_OFFSET_SECONDS) * 1000).toISOString();
  }
  if (closeTimeIso !== undefined) return new Date(closeTimeIso).toISOString();
  throw malformed(`${location}: missing date (and close_time_iso)`);
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, location: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw malformed(describeIssues(parsed.error, location));
}

function malformed(detail: string): XrplError {
  return new XrplError('malformed_response', `The XRPL node sent a malformed answer: ${detail}`);
}
