import { describe, expect, it } from 'vitest';
import { decodeCsvInput } from './encoding.js';
import { CsvFileError, CsvTooLargeError } from './errors.js';

const MiB = 1024 * 1024;

function fileError(run: () => unknown): CsvFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvFileError) return error;
    throw error;
  }
  throw new Error('expected a CsvFileError');
}

describe('decodeCsvInput', () => {
  it('decodes UTF-8 bytes and strips a byte-order mark', () => {
    const bytes = Buffer.from('\uFEFFname\nZürich €\n', 'utf8');
    expect(decodeCsvInput(bytes, MiB)).toBe('name\nZürich €\n');
    expect(decodeCsvInput('\uFEFFa,b', MiB)).toBe('a,b');
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const whole = Buffer.from('xxa,bxx', 'utf8');
    expect(decodeCsvInput(whole.subarray(2, 5), MiB)).toBe('a,b');
  });

  it('refuses a Latin-1 file, naming the line of the first bad byte', () => {
    const latin1 = Buffer.from('txId,memo\r\n1,ok\r\n2,caf\xe9\r\n3,ok\r\n', 'latin1');
    const error = fileError(() => decodeCsvInput(latin1, MiB));
    expect(error.code).toBe('not_utf8');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^the file is not UTF-8 \(line 3\)/);
  });

  it('refuses truncated and overlong UTF-8 sequences', () => {
    expect(fileError(() => decodeCsvInput(Buffer.from([0x61, 0x0a, 0xe2, 0x82]), MiB)).line).toBe(
      2,
    );
    expect(fileError(() => decodeCsvInput(Buffer.from([0xc0, 0xaf]), MiB)).code).toBe('not_utf8');
  });

  it('accepts U+FFFD in bytes, where it is valid UTF-8', () => {
    expect(decodeCsvInput(Buffer.from('a\uFFFD', 'utf8'), MiB)).toBe('a\uFFFD');
  });

  it('refuses text that was already mis-decoded (U+FFFD) or holds lone surrogates', () => {
    expect(fileError(() => decodeCsvInput('a\nb\ncaf\uFFFD', MiB))).toMatchObject({
      code: 'not_utf8',
      line: 3,
    });
    expect(fileError(() => decodeCsvInput('a\n\uD800', MiB))).toMatchObject({
      code: 'not_utf8',
      line: 2,
    });
  });

  it('refuses NUL characters (a UTF-16 or binary file)', () => {
    const utf16 = Buffer.from('a,b\nc,d\n', 'utf16le');
    expect(fileError(() => decodeCsvInput(utf16, MiB))).toMatchObject({
      code: 'nul_byte',
      line: 1,
    });
    expect(fileError(() => decodeCsvInput('a\nb\u0000', MiB))).toMatchObject({
      code: 'nul_byte',
      line: 2,
    });
  });

  it('measures strings in UTF-8 bytes, not characters', () => {
    expect(decodeCsvInput('é'.repeat(5), 10)).toBe('ééééé');
    expect(() => decodeCsvInput('é'.repeat(6), 10)).toThrow(CsvTooLargeError);
  });

  it('refuses 50 MB by size before looking at the content', () => {
    // Invalid UTF-8 throughout: a size error proves the content was never examined.
    const bytes = Buffer.alloc(50 * 1000 * 1000, 0xff);
    const started = performance.now();
    const error = fileError(() => decodeCsvInput(bytes, 10 * MiB));
    expect(performance.now() - started).toBeLessThan(250);
    expect(error).toBeInstanceOf(CsvTooLargeError);
    expect(error).toMatchObject({ code: 'too_large', maxBytes: 10 * MiB, actualBytes: 50_000_000 });
    expect(error.message).toBe('the file is 47.7 MiB; the limit is 10.0 MiB');
  });
});
