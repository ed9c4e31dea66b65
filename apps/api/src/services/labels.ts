/**
 * Address labels (SPEC §5): an admin imports them from CSV (`address,chain,label,source`), such
 * as a published sanctions list; scoring reads them (./risk-context.ts).
 */
import { ADDRESS_LABEL_KINDS, InvalidInputError, type NewAddressLabel } from '@klerno/db';
import { recordCallerAudit, type AuthorizationContext } from '../authorization.js';
import { CsvFileError, CsvTooLargeError } from '../csv/errors.js';
import { readCsvRecords } from '../csv/reader.js';
import { chainSchema } from '../dto/transactions.js';
import { MAX_DOCUMENT_BYTES } from '../upload-limits.js';
import { CsvRowsRejectedError, RecordNotFoundError, type RowError } from './errors.js';

export const LABEL_COLUMNS = ['address', 'chain', 'label', 'source'] as const;
type LabelColumn = (typeof LABEL_COLUMNS)[number];
export const MAX_LABEL_ROWS = 10_000;
const MAX_ADDRESS_LENGTH = 128;
const MAX_SOURCE_LENGTH = 200;
/** Printable ASCII without spaces, as transaction addresses. */
const ADDRESS = /^[\x21-\x7e]+$/;
const CONTROL = /\p{Cc}/u;

function headerIndexes(fields: readonly string[], line: number): Record<LabelColumn, number> {
  const names = fields.map((field) => field.trim().toLowerCase());
  const missing = LABEL_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new CsvFileError(
      'missing_columns',
      `the header (line ${line}) lacks ${missing.join(', ')}; expected ${LABEL_COLUMNS.join(',')}`,
      line,
    );
  }
  const duplicated = LABEL_COLUMNS.filter(
    (column) => names.indexOf(column) !== names.lastIndexOf(column),
  );
  if (duplicated.length > 0) {
    throw new CsvFileError(
      'duplicate_columns',
      `the header (line ${line}) names ${duplicated.join(', ')} twice`,
      line,
    );
  }
  return Object.fromEntries(
    LABEL_COLUMNS.map((column) => [column, names.indexOf(column)]),
  ) as Record<LabelColumn, number>;
}

function rowProblems(cells: Record<LabelColumn, string>): Array<[LabelColumn, string]> {
  const problems: Array<[LabelColumn, string]> = [];
  if (!ADDRESS.test(cells.address) || cells.address.length > MAX_ADDRESS_LENGTH) {
    problems.push([
      'address',
      `must be 1..${MAX_ADDRESS_LENGTH} printable characters without spaces`,
    ]);
  }
  if (!chainSchema.safeParse(cells.chain).success) {
    problems.push(['chain', 'must be an identifier such as "xrpl"']);
  }
  if (!(ADDRESS_LABEL_KINDS as readonly string[]).includes(cells.label.toLowerCase())) {
    problems.push(['label', `must be one of ${ADDRESS_LABEL_KINDS.join(', ')}`]);
  }
  if (
    cells.source.length === 0 ||
    cells.source.length > MAX_SOURCE_LENGTH ||
    CONTROL.test(cells.source)
  ) {
    problems.push([
      'source',
      `must be 1..${MAX_SOURCE_LENGTH} characters without control characters`,
    ]);
  }
  return problems;
}

/** Every row of the file, or CsvRowsRejectedError with every bad row (nothing is written). */
export function parseLabelsCsv(csv: string, maxBytes = MAX_DOCUMENT_BYTES): NewAddressLabel[] {
  const size = Buffer.byteLength(csv, 'utf8');
  if (size > maxBytes) throw new CsvTooLargeError(maxBytes, size);
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  if (text.includes('\u0000')) throw new CsvFileError('nul_byte', 'the file contains NUL bytes');

  let columns: Record<LabelColumn, number> | null = null;
  const rows: NewAddressLabel[] = [];
  const rowErrors: RowError[] = [];
  let badRowCount = 0;
  for (const record of readCsvRecords(text)) {
    if (record.fields.length === 1 && record.fields[0]?.trim() === '') continue;
    if (columns === null) {
      columns = headerIndexes(record.fields, record.line);
      continue;
    }
    if (rows.length + badRowCount >= MAX_LABEL_ROWS) {
      throw new CsvFileError('too_many_rows', `the file has more than ${MAX_LABEL_ROWS} rows`);
    }
    if (record.malformed) {
      badRowCount++;
      rowErrors.push({ line: record.line, reason: record.malformed });
      continue;
    }
    const indexes = columns;
    const cells = Object.fromEntries(
      LABEL_COLUMNS.map((column) => [column, (record.fields[indexes[column]] ?? '').trim()]),
    ) as Record<LabelColumn, string>;
    const problems = rowProblems(cells);
    if (problems.length > 0) {
      badRowCount++;
      for (const [field, reason] of problems) rowErrors.push({ line: record.line, field, reason });
      continue;
    }
    rows.push({
      address: cells.address,
      chain: cells.chain.toLowerCase(),
      label: cells.label.toLowerCase() as NewAddressLabel['label'],
      source: cells.source,
    });
  }
  if (columns === null) {
    throw new CsvFileError(
      'no_header',
      `the file is empty; expected the header ${LABEL_COLUMNS.join(',')}`,
    );
  }
  if (badRowCount > 0) throw new CsvRowsRejectedError(rowErrors, badRowCount, rows.length);
  if (rows.length === 0) throw new InvalidInputError('the file has a header but no label rows');
  return rows;
}

/** The distinct values of `pick` over `rows`, sorted and joined: what an import was made of. */
function distinct(
  rows: readonly NewAddressLabel[],
  pick: (row: NewAddressLabel) => string,
): string {
  return [...new Set(rows.map(pick))].sort().join('; ');
}

/**
 * All or nothing: a bad row refuses the whole file (422 with every bad row). The labels and their
 * `sensitive_create` entry (counts, sources and kinds; never the addresses) land together.
 */
export async function importLabels(
  caller: AuthorizationContext,
  csv: string,
): Promise<{ created: number; updated: number }> {
  const rows = parseLabelsCsv(csv);
  const now = caller.clock();
  return caller.store.transaction(async (repos) => {
    const result = await repos.labels.importMany(caller.user.organizationId, rows);
    await recordCallerAudit(
      repos,
      caller,
      {
        event: 'sensitive_create',
        target: 'address_label:*',
        details: {
          object: 'address_label',
          created: result.created,
          updated: result.updated,
          source: distinct(rows, (row) => row.source),
          labels: distinct(rows, (row) => row.label),
        },
      },
      now,
    );
    return result;
  });
}

/** Removes one of the organization's labels, with its `sensitive_delete` entry; else 404. */
export async function removeLabel(caller: AuthorizationContext, id: string): Promise<void> {
  const now = caller.clock();
  await caller.store.transaction(async (repos) => {
    const removed = await repos.labels.remove(caller.user.organizationId, id);
    if (!removed) throw new RecordNotFoundError('label');
    await recordCallerAudit(
      repos,
      caller,
      {
        event: 'sensitive_delete',
        target: `address_label:${id}`,
        details: {
          object: 'address_label',
          chain: removed.chain,
          address: removed.address,
          label: removed.label,
          source: removed.source,
        },
      },
      now,
    );
  });
}
