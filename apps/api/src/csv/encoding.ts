import { isUtf8 } from 'node:buffer';
import { CsvFileError, CsvTooLargeError } from './errors.js';
import { lineAt } from './lines.js';

const BYTE_ORDER_MARK = '\uFEFF';
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Turns an upload into text the CSV reader can trust: refuses it by size before looking at the
 * content, then refuses anything that is not UTF-8 (with the line of the first bad byte) or that
 * holds NUL characters, and drops a leading byte-order mark.
 *
 * Bytes are checked exactly. Text has already been decoded by someone else (a browser's
 * `File.text()` never fails), so there a U+FFFD replacement character is taken as the trace of a
 * file that was not UTF-8 and refused too; send bytes to import text that really contains U+FFFD.
 */
export function decodeCsvInput(input: string | Uint8Array, maxBytes: number): string {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) throw new CsvTooLargeError(maxBytes, size);

  const text = typeof input === 'string' ? input : decodeUtf8(input);
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) throw notUtf8(lineAt(text, surrogate.index));
  if (typeof input === 'string') {
    const replacement = text.indexOf('\uFFFD');
    if (replacement !== -1) throw notUtf8(lineAt(text, replacement));
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    throw new CsvFileError(
      'nul_byte',
      `the file contains a NUL character (line ${lineAt(text, nul)}); is it a binary or UTF-16 file?`,
      lineAt(text, nul),
    );
  }
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

function decodeUtf8(bytes: Uint8Array): string {
  if (!isUtf8(bytes)) throw notUtf8(firstNonUtf8Line(bytes));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** CR and LF never occur inside a multi-byte UTF-8 sequence, so each line can be checked alone. */
function firstNonUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const byte = bytes[i];
    if (i < bytes.length && byte !== LF && byte !== CR) continue;
    if (!isUtf8(bytes.subarray(lineStart, i))) return line;
    if (!(byte === LF && bytes[i - 1] === CR)) line++;
    lineStart = i + 1;
  }
  return line;
}

function notUtf8(line: number): CsvFileError {
  return new CsvFileError(
    'not_utf8',
    `the file is not UTF-8 (line ${line}); save it as UTF-8 (e.g. "CSV UTF-8" in a spreadsheet) and upload it again`,
    line,
  );
}
