import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreFormula } from './formula.js';
import { readCsvRecords } from './reader.js';
import { csvCell, csvLine } from './writer.js';

describe('csvCell', () => {
  it('leaves plain values alone', () => {
    expect(csvCell('rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh')).toBe(
      'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
    );
    expect(csvCell('12.5')).toBe('12.5');
    expect(csvCell('')).toBe('');
  });

  it('quotes commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('lone\rcr')).toBe('"lone\rcr"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes CRLF-terminated lines', () => {
    expect(csvLine(['a', 'b,c', '=d'])).toBe(`a,"b,c",'=d\r\n`);
  });
});

describe('formula neutralising', () => {
  it('is undone exactly on import, also for values that start with apostrophes', () => {
    for (const value of ['=1', "'=1", "''+x", "'tis", "'", '', 'plain', '-']) {
      expect(restoreFormula(neutraliseFormula(value))).toBe(value);
    }
    expect(neutraliseFormula("'tis")).toBe("'tis");
    expect(neutraliseFormula("'=1")).toBe("''=1");
  });

  it('round-trips any string through csvLine and the reader', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 5 }),
        (cells) => {
          const records = [...readCsvRecords(csvLine(cells))];
          expect(records).toHaveLength(1);
          expect(records[0]?.malformed).toBeUndefined();
          expect(records[0]?.fields.map(restoreFormula)).toEqual(cells);
        },
      ),
    );
  });
});
