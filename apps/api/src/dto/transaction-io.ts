/** DTOs of the transaction imports (CSV, XRP Ledger) and the CSV export. */
import { z } from 'zod';
import { TRANSACTION_FIELDS } from '../csv/columns.js';
import { checkXrplAddress, describeXrplAddressProblem } from '../xrpl/address.js';
import { XRPL_DEFAULT_IMPORT_LIMIT, XRPL_MAX_IMPORT_LIMIT } from '../xrpl/account-transactions.js';
import { transactionFilterFields } from './transaction-filters.js';
import { chainSchema } from './transactions.js';

const MAX_HEADER_LENGTH = 200;

// ---- importCsv ---------------------------------------------------------------------------------

/**
 * `csv` is the file's text (what a browser's `File.text()` gives), or, with `encoding: 'base64'`,
 * its bytes: then the UTF-8 check is exact (a Latin-1 file is refused naming its first bad line)
 * and a real U+FFFD in the file is accepted. Text holding U+FFFD is refused as the trace of a
 * file that was not UTF-8 (see csv/encoding.ts).
 */
export const importCsvInput = z.object({
  csv: z.string(),
  encoding: z.enum(['text', 'base64'], 'encoding must be "text" or "base64"').default('text'),
  /** false (default): any bad row refuses the whole file (422, nothing written). */
  skipBadRows: z.boolean().default(false),
  /** The file's header for some of our fields, e.g. `{ amount: "Betrag" }`. */
  columnMap: z
    .partialRecord(
      z.enum(TRANSACTION_FIELDS),
      z
        .string()
        .trim()
        .min(1, 'a mapped header must not be empty')
        .max(MAX_HEADER_LENGTH, `a mapped header must be at most ${MAX_HEADER_LENGTH} characters`),
    )
    .optional(),
  /** Chain for rows without one (no chain column, or an empty cell), e.g. "xrpl". */
  defaultChain: chainSchema.optional(),
});

const rowErrorDto = z.object({
  line: z.number().int().positive(),
  field: z.string().optional(),
  reason: z.string(),
});

export const importCsvResultDto = z.object({
  created: z.number().int().nonnegative(),
  /** Rows the organization already held (same chain + txId): reported, not written again. */
  duplicates: z.array(
    z.object({ line: z.number().int(), chain: z.string(), txId: z.string(), id: z.string() }),
  ),
  /** Rows left out (skipBadRows: true); each has at least one entry in rowErrors. */
  badRowCount: z.number().int().nonnegative(),
  rowErrors: z.array(rowErrorDto),
  /** What did not stop the import, e.g. ignored columns. */
  warnings: z.array(z.string()),
});

// ---- importXrpl --------------------------------------------------------------------------------

const xrplAddressSchema = z.string().superRefine((account, ctx) => {
  const check = checkXrplAddress(account);
  if (!check.ok) {
    ctx.addIssue({
      code: 'custom',
      message: `account: ${describeXrplAddressProblem(check.problem)}`,
    });
  }
});

/** rippled's `{ ledger, seq }` (Clio may send a string); passed back unchanged to resume. */
const xrplMarkerSchema = z.union([z.string().min(1).max(1000), z.record(z.string(), z.unknown())]);

export const importXrplInput = z.object({
  account: xrplAddressSchema,
  /** Most ledger transactions to read (skipped ones count too). */
  limit: z
    .number()
    .int()
    .min(1)
    .max(XRPL_MAX_IMPORT_LIMIT, `limit must be at most ${XRPL_MAX_IMPORT_LIMIT}`)
    .default(XRPL_DEFAULT_IMPORT_LIMIT),
  /** A previous import's `nextMarker`: continue from there. */
  marker: xrplMarkerSchema.optional(),
});

export const importXrplResultDto = z.object({
  account: z.string(),
  created: z.number().int().nonnegative(),
  duplicates: z.array(z.object({ chain: z.string(), txId: z.string(), id: z.string() })),
  /** Ledger transactions read that are not payments of this account (offers, failed ones…). */
  skipped: z.number().int().nonnegative(),
  skippedByReason: z.record(z.string(), z.number().int().nonnegative()),
  /** Ledger transactions read: payments + skipped. */
  fetched: z.number().int().nonnegative(),
  /** The node has nothing older for this account. */
  complete: z.boolean(),
  /** Pass as `marker` to continue; null when complete (or when the node cannot resume there). */
  nextMarker: xrplMarkerSchema.nullable(),
});

// ---- exportCsv ---------------------------------------------------------------------------------

/** The largest export `transactions.exportCsv` answers; larger ones use the download route. */
export const MAX_CSV_EXPORT_ROWS = 10_000;
export const CSV_DOWNLOAD_PATH = '/exports/transactions.csv';

/** `transactions.list`'s filters and sort: the export holds what the list shows. */
export const exportCsvInput = z
  .object({
    /** Start with a UTF-8 byte-order mark, which older Excel needs to read UTF-8. */
    byteOrderMark: z.boolean().default(false),
    ...transactionFilterFields,
  })
  .prefault({});

export const exportCsvResultDto = z.object({
  csv: z.string(),
  fileName: z.string(),
  rowCount: z.number().int().nonnegative(),
});

/** A link a browser follows to save the export (`transactions.csvDownloadLink`). */
export const downloadLinkDto = z.object({
  /** CSV_DOWNLOAD_PATH with the link's token as its only query parameter; relative to the API. */
  path: z.string(),
  expiresAt: z.iso.datetime(),
});

/** The download route's query parameters for an export input (what a link is issued with). */
export function downloadParametersOf(
  input: z.output<typeof exportCsvInput>,
): Record<string, string> {
  const { byteOrderMark, ...filters } = input;
  const parameters: Record<string, string> = byteOrderMark ? { bom: 'true' } : {};
  for (const [name, value] of Object.entries(filters)) {
    if (typeof value === 'string') parameters[name] = value;
  }
  return parameters;
}
