import { CsvFileError } from './errors.js';
import { countLineBreaks } from './lines.js';

/** One CSV record and the physical line (1-based) it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record breaks RFC 4180 in a way we could read past (a stray quote). */
  malformed?: string;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * An RFC 4180 reader: comma-separated fields, fields in double quotes may hold commas, line breaks
 * and doubled quotes (""); records end with CRLF, LF or a lone CR; a line break at the end of the
 * input does not start another record. Cells are returned exactly as written (no trimming).
 *
 * A quote that does not fit the grammar (inside an unquoted field, or text right after a closing
 * quote) marks only that record as malformed; a quote that is never closed swallows the rest of
 * the input, so it refuses the whole file with the line the quoted field started on.
 * Lazy: records are produced one at a time, so a caller can stop early.
 */
export function* readCsvRecords(text: string): Generator<CsvRecord> {
  const length = text.length;
  let index = 0;
  let line = 1;

  while (index < length) {
    const record: CsvRecord = { line, fields: [] };
    for (;;) {
      let value: string;
      if (text.charCodeAt(index) === QUOTE) {
        const close = closingQuote(text, index, line);
        line += countLineBreaks(text, index + 1, close);
        value = text.slice(index + 1, close).replaceAll('""', '"');
        index = close + 1;
        if (!isFieldEnd(text.charCodeAt(index), index, length)) {
          record.malformed ??= `unexpected text after a closing quote (line ${line})`;
          const end = fieldEnd(text, index);
          value += text.slice(index, end);
          index = end;
        }
      } else {
        const end = fieldEnd(text, index);
        value = text.slice(index, end);
        if (value.includes('"')) {
          record.malformed ??= `a quote inside an unquoted field (line ${line}); put the whole field in quotes and double the quote ("")`;
        }
        index = end;
      }
      record.fields.push(value);

      if (index >= length) break;
      const code = text.charCodeAt(index);
      index++;
      if (code === COMMA) continue;
      if (code === CR && text.charCodeAt(index) === LF) index++;
      line++;
      break;
    }
    yield record;
  }
}

function isFieldEnd(code: number, index: number, length: number): boolean {
  return index >= length || code === COMMA || code === LF || code === CR;
}

/** Index of the next comma or line break at or after `start`, or the end of the text. */
function fieldEnd(text: string, start: number): number {
  let index = start;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === COMMA || code === LF || code === CR) break;
    index++;
  }
  return index;
}

/** Index of the quote that closes the quoted field opened at `open`, skipping doubled quotes. */
function closingQuote(text: string, open: number, line: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) {
      throw new CsvFileError(
        'unterminated_quote',
        `a quoted field opened on line ${line} is never closed`,
        line,
      );
    }
    if (text.charCodeAt(quote + 1) !== QUOTE) return quote;
    from = quote + 2;
  }
}
