import { z } from 'zod';
import {
  DIRECTIONS,
  parseDecimal,
  RISK_BUCKETS,
  TRANSACTION_CATEGORIES,
  type Transaction,
} from '@klerno/db';
import { idSchema } from './ids.js';
import { pageDto } from './pagination.js';

export const MAX_INGEST_BATCH = 1000;
export const MAX_MEMO_LENGTH = 1024;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 64;

/** A chain identifier such as "xrpl": lower-case letters, digits, '-' and '_'. */
const CHAIN = /^[a-z][a-z0-9_-]{0,31}$/;
/** A ledger's transaction id (XRPL: 64 hex characters), kept exactly as given. */
const TX_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Printable ASCII without spaces; chain-specific address checks (XRPL checksums) come with issue 5. */
const ADDRESS = /^[\x21-\x7e]{1,128}$/;
/** A 3-character code ("XRP", "USD") or an XRPL 160-bit currency code as 40 hex digits. */
const CURRENCY = /^(?:[A-Za-z0-9]{3}|[0-9A-Fa-f]{40})$/;
/** No control characters, no leading space, and no ';' (it separates tags in a CSV cell). */
const TAG = /^[^\p{Cc}\s;][^\p{Cc};]*$/u;
const NATIVE_XRP = 'XRP';

function isCalendarDate(isoDateTime: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDateTime);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** ISO 8601 with an explicit offset (or Z), normalised to UTC with milliseconds. */
export const timestampSchema = z.iso
  .datetime({
    offset: true,
    message: 'timestamp must be ISO 8601 with a time zone, e.g. 2024-05-01T12:00:00Z',
  })
  .refine(isCalendarDate, 'timestamp is not a real calendar date')
  .transform((value) => new Date(value).toISOString());

/**
 * A non-negative amount in plain decimal notation ("12.5"), returned in canonical form ("12.50" → "12.5").
 * Refuses exponents ("1e400"), "NaN", separators ("1,000"), more than 20 integer or 18 fraction
 * digits, and any sign: "-5" and "-0" alike (the raw input is checked, not the parsed value, so a
 * negative zero never slips through as "0").
 */
export function decimalSchema(field: string) {
  return z.string().transform((value, ctx) => {
    if (value.trimStart().startsWith('-')) {
      ctx.addIssue({
        code: 'custom',
        message: `${field} must not be negative (direction says which way it moved)`,
      });
      return z.NEVER;
    }
    const parsed = parseDecimal(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `${field} ${parsed.message}` });
      return z.NEVER;
    }
    return parsed.value;
  });
}

function addressSchema(field: string) {
  return z
    .string()
    .trim()
    .regex(ADDRESS, `${field} must be 1..128 printable characters without spaces`);
}

const tagsSchema = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'a tag must not be empty')
      .max(MAX_TAG_LENGTH, `a tag must be at most ${MAX_TAG_LENGTH} characters`)
      .regex(TAG, "a tag must not contain control characters or ';'"),
  )
  .max(MAX_TAGS, `at most ${MAX_TAGS} tags`)
  .transform((tags) => [...new Set(tags)]);

export const chainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(CHAIN, 'chain must be an identifier such as "xrpl"');

export const txIdSchema = z
  .string()
  .trim()
  .regex(TX_ID, 'txId must be 1..128 characters of letters, digits and . _ : -');

/** The fields of `newTransactionInput`, before the checks that span several of them. */
export const newTransactionFields = z.object({
  chain: chainSchema,
  txId: txIdSchema,
  timestamp: timestampSchema,
  fromAddress: addressSchema('fromAddress'),
  toAddress: addressSchema('toAddress'),
  amount: decimalSchema('amount'),
  currency: z
    .string()
    .trim()
    .regex(CURRENCY, 'currency must be a 3-character code (e.g. "XRP") or 40 hex digits')
    .transform((code) => code.toUpperCase()),
  /** The issuing account of an issued token ("USD" of one issuer is not "USD" of another). */
  issuer: addressSchema('issuer')
    .nullish()
    .transform((issuer) => issuer ?? null),
  direction: z.enum(DIRECTIONS, 'direction must be "in" or "out"'),
  memo: z
    .string()
    .max(MAX_MEMO_LENGTH, `memo must be at most ${MAX_MEMO_LENGTH} characters`)
    .refine((memo) => !memo.includes('\u0000'), 'memo must not contain NUL characters')
    .nullish()
    .transform((memo) => memo ?? null),
  fee: decimalSchema('fee').default('0'),
  tags: tagsSchema.default([]),
});

/** XRP is the XRP Ledger's own asset: a row naming an issuer for it is a mistake. */
export function issuerFitsCurrency(item: { currency: string; issuer: string | null }): boolean {
  return !(item.currency === NATIVE_XRP && item.issuer !== null);
}
export const ISSUER_FITS_CURRENCY = {
  message: "issuer must be empty for XRP: it is the XRP Ledger's own asset, nobody issues it",
  path: ['issuer'],
};

export const newTransactionInput = newTransactionFields.refine(
  issuerFitsCurrency,
  ISSUER_FITS_CURRENCY,
);

export const ingestInput = z.object({
  transactions: z
    .array(newTransactionInput)
    .min(1, 'send at least one transaction')
    .max(MAX_INGEST_BATCH, `at most ${MAX_INGEST_BATCH} transactions per batch`),
});

/** SPEC §4's transaction, computed fields included. */
export const transactionDto = z.object({
  id: z.string(),
  chain: z.string(),
  txId: z.string(),
  timestamp: z.string(),
  fromAddress: z.string(),
  toAddress: z.string(),
  amount: z.string(),
  currency: z.string(),
  /** The issuing account of an issued token; null for a native asset or when the source did not say. */
  issuer: z.string().nullable(),
  direction: z.enum(DIRECTIONS),
  memo: z.string().nullable(),
  fee: z.string(),
  tags: z.array(z.string()),
  category: z.enum(TRANSACTION_CATEGORIES),
  /** 0..1, at most four decimals. */
  riskScore: z.number(),
  riskFlags: z.array(z.string()),
  riskBucket: z.enum(RISK_BUCKETS),
  /** The rule set that scored the row; null for a row stored before scoring existed. */
  rulesetVersion: z.string().nullable(),
});
export type TransactionDto = z.infer<typeof transactionDto>;

export const ingestResultDto = z.object({
  created: z.number().int().nonnegative(),
  /** Already held by the organization (same chain + txId): reported, not written again. */
  duplicates: z.array(z.object({ chain: z.string(), txId: z.string(), id: z.string() })),
  /** The transactions this call created, in input order. */
  items: z.array(transactionDto),
});

export const transactionByIdInput = z.object({ id: idSchema });
export const transactionPageDto = pageDto(transactionDto);

export function toTransactionDto(row: Transaction): TransactionDto {
  return {
    id: row.id,
    chain: row.chain,
    txId: row.txId,
    timestamp: row.timestamp,
    fromAddress: row.fromAddress,
    toAddress: row.toAddress,
    amount: row.amount,
    currency: row.currency,
    issuer: row.issuer,
    direction: row.direction,
    memo: row.memo,
    fee: row.fee,
    tags: row.tags,
    category: row.category,
    riskScore: row.riskScore,
    riskFlags: row.riskFlags,
    riskBucket: row.riskBucket,
    rulesetVersion: row.rulesetVersion,
  };
}
