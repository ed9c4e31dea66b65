import type { z } from 'zod';
import { newTransactionInput } from '../dto/transactions.js';
import { CsvFileError } from './errors.js';

/** A transaction as `transactions.ingest` accepts it, after validation. */
export type NewTransactionInput = z.output<typeof newTransactionInput>;
export type TransactionField = keyof typeof newTransactionInput.shape;

/** Which of the file's headers holds which of our fields, e.g. `{ amount: 'Betrag' }`. */
export type TransactionColumnMap = Partial<Record<TransactionField, string>>;

/** Our fields in the order exports write them. */
export const TRANSACTION_FIELDS = [
  'chain',
  'txId',
  'timestamp',
  'fromAddress',
  'toAddress',
  'amount',
  'currency',
  'issuer',
  'direction',
  'fee',
  'memo',
  'tags',
] as const satisfies readonly TransactionField[];

/** Separates several tags (or risk flags) in one cell. */
export const TAG_SEPARATOR = ';';

/** Columns an export adds (computed by Klerno); an import recognises and ignores them. */
export const COMPUTED_COLUMNS = ['id', 'category', 'riskScore', 'riskBucket', 'riskFlags'] as const;
export type ComputedColumn = (typeof COMPUTED_COLUMNS)[number];

/** Header names accepted for each field, besides the field's own name. Compared normalised. */
const ALIASES: Record<TransactionField, readonly string[]> = {
  chain: ['network', 'blockchain', 'ledger'],
  txId: ['tx_id', 'txid', 'tx', 'hash', 'tx_hash', 'transaction_id', 'transaction_hash'],
  timestamp: ['date', 'time', 'datetime', 'date_time', 'timestamp_utc'],
  fromAddress: ['from', 'sender', 'source', 'from_address', 'sender_address'],
  toAddress: ['to', 'recipient', 'receiver', 'destination', 'to_address', 'recipient_address'],
  amount: ['value', 'quantity'],
  currency: ['asset', 'symbol', 'ccy', 'currency_code', 'token'],
  issuer: ['currency_issuer', 'token_issuer', 'issuer_address'],
  direction: ['dir', 'in_out'],
  fee: ['fees', 'network_fee', 'tx_fee'],
  memo: ['note', 'notes', 'description', 'reference'],
  tags: ['tag', 'labels'],
};

/** Case-insensitive, trimmed, and blind to spaces, '_', '-' and '.': "Tx ID" = "tx_id" = "txId". */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, '');
}

/** Fields the ingest schema cannot do without (it rejects `undefined` for them). */
const REQUIRED_FIELDS: ReadonlySet<TransactionField> = new Set(
  TRANSACTION_FIELDS.filter(
    (field) => !newTransactionInput.shape[field].safeParse(undefined).success,
  ),
);

export function isRequiredField(field: TransactionField): boolean {
  return REQUIRED_FIELDS.has(field);
}

export interface HeaderLayout {
  /** Column index of each field found in the file. */
  columns: Map<TransactionField, number>;
  width: number;
  warnings: string[];
}

/**
 * Reads the header record: which column holds which field. Throws when a required field has no
 * column (naming every missing one) or when two columns claim the same field.
 */
export function resolveHeader(
  header: readonly string[],
  line: number,
  options: { columnMap?: TransactionColumnMap; defaultChain?: string },
): HeaderLayout {
  const lookup = headerLookup(options.columnMap ?? {});
  const computed = new Set<string>(COMPUTED_COLUMNS.map(normaliseHeader));
  const columns = new Map<TransactionField, number>();
  const warnings: string[] = [];

  header.forEach((name, index) => {
    const key = normaliseHeader(name);
    const field = lookup.get(key);
    if (field === undefined) {
      if (computed.has(key)) return;
      warnings.push(
        key === ''
          ? `column ${index + 1} has no header and is ignored`
          : `column "${name.trim()}" is not a transaction field and is ignored`,
      );
      return;
    }
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      throw new CsvFileError(
        'duplicate_columns',
        `columns "${header[earlier]?.trim()}" and "${name.trim()}" both read as ${field} (line ${line}); keep one`,
        line,
      );
    }
    columns.set(field, index);
  });

  const missing = TRANSACTION_FIELDS.filter(
    (field) =>
      isRequiredField(field) &&
      !columns.has(field) &&
      !(field === 'chain' && options.defaultChain !== undefined),
  );
  if (missing.length > 0) {
    const names = missing.map((field) => describeField(field, options.columnMap));
    throw new CsvFileError(
      'missing_columns',
      `the header (line ${line}) has no column for ${names.join(', ')}`,
      line,
    );
  }
  return { columns, width: header.length, warnings };
}

function headerLookup(columnMap: TransactionColumnMap): Map<string, TransactionField> {
  const lookup = new Map<string, TransactionField>();
  const add = (name: string, field: TransactionField) => {
    const key = normaliseHeader(name);
    if (!lookup.has(key)) lookup.set(key, field);
  };
  // The caller's mapping wins over our aliases; a mapped field answers to its mapped name only.
  for (const field of TRANSACTION_FIELDS) {
    const mapped = columnMap[field];
    if (mapped !== undefined) add(mapped, field);
  }
  for (const field of TRANSACTION_FIELDS) {
    if (columnMap[field] !== undefined) continue;
    for (const name of [field, ...ALIASES[field]]) add(name, field);
  }
  return lookup;
}

function describeField(field: TransactionField, columnMap: TransactionColumnMap | undefined) {
  const mapped = columnMap?.[field];
  if (mapped !== undefined) return `${field} (mapped to "${mapped}")`;
  const aliases = ALIASES[field].slice(0, 3).join('/');
  return `${field} (or ${aliases})`;
}
