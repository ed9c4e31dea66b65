import { describe, expect, it } from 'vitest';
import { CsvFileError } from './errors.js';
import { readCsvRecords } from './reader.js';

const read = (text: string) => [...readCsvRecords(text)];

describe('readCsvRecords', () => {
  it('splits plain fields and numbers each record by its line', () => {
    expect(read('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, keeping start lines', () => {
    const text = 'id,memo\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines\nand three"\r\n4,x\r\n';
    expect(read(text)).toEqual([
      { line: 1, fields: ['id', 'memo'] },
      { line: 2, fields: ['1', 'a, b'] },
      { line: 3, fields: ['2', 'say "hi"'] },
      { line: 4, fields: ['3', 'two\r\nlines\nand three'] },
      { line: 7, fields: ['4', 'x'] },
    ]);
  });

  it('treats CRLF, LF and a lone CR alike as record ends', () => {
    expect(read('a\r\nb\nc\rd').map((record) => [record.line, record.fields[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('does not start a record after the final line break, but keeps empty lines before it', () => {
    expect(read('a\n')).toEqual([{ line: 1, fields: ['a'] }]);
    expect(read('a\r\n\r\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [''] },
    ]);
    expect(read('')).toEqual([]);
  });

  it('keeps empty fields, including a trailing one and quoted empty ones', () => {
    expect(read('a,,""\n,\nx,')).toEqual([
      { line: 1, fields: ['a', '', ''] },
      { line: 2, fields: ['', ''] },
      { line: 3, fields: ['x', ''] },
    ]);
  });

  it('keeps spaces around unquoted values exactly', () => {
    expect(read(' a , b ')).toEqual([{ line: 1, fields: [' a ', ' b '] }]);
  });

  it('marks a stray quote as malformed for that record only and reads on', () => {
    const records = read('a,b\n1,ab"c\n2,"x"y\n3,ok\n');
    expect(records[1]).toMatchObject({ line: 2, fields: ['1', 'ab"c'] });
    expect(records[1]?.malformed).toMatch(/quote inside an unquoted field \(line 2\)/);
    expect(records[2]).toMatchObject({ line: 3, fields: ['2', 'xy'] });
    expect(records[2]?.malformed).toMatch(/after a closing quote \(line 3\)/);
    expect(records[3]).toEqual({ line: 4, fields: ['3', 'ok'] });
  });

  it('refuses the file when a quote is never closed, naming the line it opened on', () => {
    const text = 'a,b\n1,2\n3,"never\nclosed\n4,5\n';
    expect(() => read(text)).toThrow(CsvFileError);
    expect(() => read(text)).toThrow('a quoted field opened on line 3 is never closed');
  });

  it('yields lazily, so a caller can stop before reading everything', () => {
    const records = readCsvRecords('a\nb\n"unclosed');
    expect(records.next().value).toEqual({ line: 1, fields: ['a'] });
    expect(records.next().value).toEqual({ line: 2, fields: ['b'] });
    expect(() => records.next()).toThrow(CsvFileError);
  });
});
