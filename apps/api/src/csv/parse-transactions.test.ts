import { describe, expect, it } from 'vitest';
import { newTransactionInput } from '../dto/transactions.js';
import { CsvFileError, CsvTooLargeError } from './errors.js';
import { parseTransactionsCsv, type ParseTransactionsCsvOptions } from './parse-transactions.js';

const HEADER = 'chain,txId,timestamp,fromAddress,toAddress,amount,currency,direction,fee,memo,tags';
const GOOD = 'xrpl,T1,2024-05-01T12:00:00Z,rFrom,rTo,12.50,xrp,out,0.000012,rent,Rent;Monthly';

function csv(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

function fileError(input: string | Uint8Array, options?: ParseTransactionsCsvOptions) {
  try {
    parseTransactionsCsv(input, options);
  } catch (error) {
    if (error instanceof CsvFileError) return error;
    throw error;
  }
  throw new Error('expected a CsvFileError');
}

describe('parseTransactionsCsv: rows', () => {
  it('validates and normalises rows with the ingest schema', () => {
    const result = parseTransactionsCsv(csv(HEADER, GOOD));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toEqual([
      {
        chain: 'xrpl',
        txId: 'T1',
        timestamp: '2024-05-01T12:00:00.000Z',
        fromAddress: 'rFrom',
        toAddress: 'rTo',
        amount: '12.5',
        currency: 'XRP',
        issuer: null,
        direction: 'out',
        fee: '0.000012',
        memo: 'rent',
        tags: ['rent', 'monthly'],
      },
    ]);
    expect(result.rowLines).toEqual([2]);
  });

  it('reads a BOM, LF endings, quoted commas, quotes and line breaks in a memo', () => {
    const text =
      '\uFEFF' +
      [
        HEADER,
        'xrpl,T1,2024-05-01T12:00:00Z,rA,rB,1,XRP,in,0,"line one\nsaid ""hi"", twice",',
      ].join('\n');
    const { rows, errors } = parseTransactionsCsv(text);
    expect(errors).toEqual([]);
    expect(rows[0]?.memo).toBe('line one\nsaid "hi", twice');
    expect(rows[0]?.chain).toBe('xrpl');
  });

  it('takes Latin-1-free UTF-8 bytes as well as text', () => {
    const bytes = Buffer.from(csv(HEADER, GOOD.replace('rent', 'Miete für Zürich')), 'utf8');
    expect(parseTransactionsCsv(bytes).rows[0]?.memo).toBe('Miete für Zürich');
  });

  it('treats empty optional cells as not given and skips blank lines', () => {
    const text = csv(
      HEADER,
      '',
      'xrpl,T1,2024-05-01T12:00:00Z,rA,rB,1,XRP,IN,,,',
      ',,,,,,,,,,',
      '',
    );
    const result = parseTransactionsCsv(text);
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      expect.objectContaining({ direction: 'in', fee: '0', memo: null, tags: [] }),
    ]);
    expect(result.rowLines).toEqual([3]);
  });

  it('splits tags on ";", trims them and ignores empty ones', () => {
    const row = GOOD.replace('Rent;Monthly', ' a ; B;;a;');
    expect(parseTransactionsCsv(csv(HEADER, row)).rows[0]?.tags).toEqual(['a', 'b']);
  });

  it('takes the chain from defaultChain when there is no chain column or the cell is empty', () => {
    const header = 'txId,timestamp,from,to,amount,currency,direction';
    const result = parseTransactionsCsv(
      csv(
        header,
        'T1,2024-05-01T12:00:00Z,rA,rB,1,XRP,in',
        'T2,2024-05-01T12:00:00Z,rA,rB,2,XRP,in',
      ),
      { defaultChain: 'xrpl' },
    );
    expect(result.rows.map((row) => row.chain)).toEqual(['xrpl', 'xrpl']);

    const withColumn = parseTransactionsCsv(
      csv('chain,' + header, ',T1,2024-05-01T12:00:00Z,rA,rB,1,XRP,in'),
      { defaultChain: 'xrpl' },
    );
    expect(withColumn.rows[0]?.chain).toBe('xrpl');
  });
});

describe('parseTransactionsCsv: header', () => {
  it('maps common aliases, case-insensitively and ignoring spaces, _ and -', () => {
    const header = ' Network ,TX_ID,Date,Sender,Recipient,Value,Asset,Direction,Fees,Note,Tag';
    const result = parseTransactionsCsv(csv(header, GOOD));
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({ txId: 'T1', fromAddress: 'rFrom', toAddress: 'rTo' });

    const other = 'chain,hash,time,from,to,amount,currency,direction,tx-fee,description,labels';
    expect(parseTransactionsCsv(csv(other, GOOD)).rows[0]).toMatchObject({
      fee: '0.000012',
      memo: 'rent',
    });
    expect(parseTransactionsCsv(csv(HEADER.replace('txId', 'Tx Id'), GOOD)).rows).toHaveLength(1);
  });

  it('follows a column map, which wins over the aliases', () => {
    const header = 'Kette,Kennung,Zeit,Von,An,Betrag,Währung,Richtung,hash';
    const result = parseTransactionsCsv(
      csv(header, 'xrpl,T1,2024-05-01T12:00:00Z,rA,rB,3,XRP,out,IGNORED'),
      {
        columnMap: {
          chain: 'kette',
          txId: 'KENNUNG',
          timestamp: 'Zeit',
          fromAddress: 'Von',
          toAddress: 'An',
          amount: 'Betrag',
          currency: 'Währung',
          direction: 'Richtung',
        },
      },
    );
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({ txId: 'T1', amount: '3' });
    expect(result.warnings).toEqual(['column "hash" is not a transaction field and is ignored']);
  });

  it('warns about unknown columns but not about the computed ones an export writes', () => {
    const header = `id,${HEADER},Notes2,,riskScore,riskBucket,riskFlags,category`;
    const row = `abc,${GOOD},x,y,0.4,medium,outgoing,expense`;
    const result = parseTransactionsCsv(csv(header, row));
    expect(result.rows).toHaveLength(1);
    expect(result.warnings).toEqual([
      'column "Notes2" is not a transaction field and is ignored',
      'column 14 has no header and is ignored',
    ]);
  });

  it('names every missing required column in one error', () => {
    const error = fileError(csv('chain,tx,date,memo', 'xrpl,T1,2024-05-01T12:00:00Z,x'));
    expect(error.code).toBe('missing_columns');
    expect(error.line).toBe(1);
    expect(error.message).toBe(
      'the header (line 1) has no column for fromAddress (or from/sender/source), ' +
        'toAddress (or to/recipient/receiver), amount (or value/quantity), ' +
        'currency (or asset/symbol/ccy), direction (or dir/in_out)',
    );
  });

  it('names the mapped header when a column map points at a column that is not there', () => {
    const error = fileError(csv(HEADER, GOOD), { columnMap: { amount: 'Betrag' } });
    expect(error.message).toMatch(/no column for amount \(mapped to "Betrag"\)$/);
  });

  it('refuses two columns that read as the same field', () => {
    const error = fileError(csv(`${HEADER},sender`, `${GOOD},rOther`));
    expect(error).toMatchObject({ code: 'duplicate_columns', line: 1 });
    expect(error.message).toBe(
      'columns "fromAddress" and "sender" both read as fromAddress (line 1); keep one',
    );
  });

  it('refuses an empty file and one with only blank lines', () => {
    expect(fileError('').code).toBe('no_header');
    expect(fileError('\r\n\r\n').code).toBe('no_header');
  });

  it('skips blank lines before the header and numbers lines physically', () => {
    const result = parseTransactionsCsv(csv('', HEADER, GOOD.replace('12.50', 'NaN')));
    expect(result.errors).toEqual([expect.objectContaining({ line: 3, field: 'amount' })]);
  });
});

describe('parseTransactionsCsv: bad rows', () => {
  const bad = (column: string, value: string) => {
    const cells = GOOD.split(',');
    cells[HEADER.split(',').indexOf(column)] = value;
    return cells.join(',');
  };

  it('reports each bad value with its line, field and the schema’s reason, and keeps good rows', () => {
    const text = csv(
      HEADER,
      GOOD, // 2
      bad('amount', '1e400'), // 3
      bad('amount', 'NaN'), // 4
      bad('amount', '"1,000"'), // 5
      bad('amount', '1'.repeat(40)), // 6
      bad('amount', '0.' + '1'.repeat(19)), // 7
      bad('amount', '-5'), // 8
      bad('amount', ''), // 9
      bad('timestamp', '2024-02-30T00:00:00Z'), // 10
      bad('timestamp', '01/05/2024'), // 11
      bad('currency', '€'), // 12
      bad('currency', 'DOLLAR'), // 13
      bad('direction', 'sideways'), // 14
      bad('fee', 'free'), // 15
      bad('txId', 'has space'), // 16
      bad('fromAddress', ''), // 17
      bad('chain', 'X RP'), // 18
    ).replace(/T1,/g, (match, offset: number) => `T${offset},`);
    const result = parseTransactionsCsv(text);

    expect(result.rows).toHaveLength(1);
    expect(result.rowLines).toEqual([2]);
    expect(result.badRowCount).toBe(16);
    expect(result.errorsTruncated).toBe(false);
    expect(result.errors.map(({ line, field }) => [line, field])).toEqual([
      [3, 'amount'],
      [4, 'amount'],
      [5, 'amount'],
      [6, 'amount'],
      [7, 'amount'],
      [8, 'amount'],
      [9, 'amount'],
      [10, 'timestamp'],
      [11, 'timestamp'],
      [12, 'currency'],
      [13, 'currency'],
      [14, 'direction'],
      [15, 'fee'],
      [16, 'txId'],
      [17, 'fromAddress'],
      [18, 'chain'],
    ]);
    const reasons = new Map(result.errors.map((error) => [error.line, error.reason]));
    expect(reasons.get(3)).toMatch(/^amount must be a plain decimal/);
    expect(reasons.get(5)).toMatch(/^amount must be a plain decimal/);
    expect(reasons.get(6)).toBe('amount must have at most 20 integer digits');
    expect(reasons.get(7)).toBe('amount must have at most 18 fraction digits');
    expect(reasons.get(8)).toMatch(/^amount must not be negative/);
    expect(reasons.get(9)).toBe('amount must not be empty');
    expect(reasons.get(10)).toMatch(/^timestamp (must be ISO 8601|is not a real calendar date)/);
    expect(reasons.get(11)).toMatch(/^timestamp must be ISO 8601 with a time zone/);
    expect(reasons.get(12)).toMatch(/^currency must be a 3-character code/);
    expect(reasons.get(14)).toBe('direction must be "in" or "out"');
  });

  it('treats "-0" exactly as transactions.ingest does', () => {
    const viaCsv = parseTransactionsCsv(csv(HEADER, bad('amount', '-0')));
    const viaIngest = newTransactionInput.safeParse({
      chain: 'xrpl',
      txId: 'T1',
      timestamp: '2024-05-01T12:00:00Z',
      fromAddress: 'rFrom',
      toAddress: 'rTo',
      amount: '-0',
      currency: 'XRP',
      direction: 'out',
    });
    expect(viaCsv.rows.length === 1).toBe(viaIngest.success);
  });

  it('reports an unquoted comma (a shifted row) as a field-count error on its line', () => {
    const result = parseTransactionsCsv(csv(HEADER, GOOD, bad('amount', '1,000')));
    expect(result.errors).toEqual([
      {
        line: 3,
        reason: 'has 12 fields but the header has 11 (an unquoted comma or line break?)',
      },
    ]);
  });

  it('reports a stray quote as malformed CSV on the line the record starts, and reads on', () => {
    const text = csv(HEADER, bad('memo', '"multi\nline" oops'), GOOD);
    const result = parseTransactionsCsv(text);
    expect(result.errors).toEqual([
      { line: 2, reason: 'malformed CSV: unexpected text after a closing quote (line 3)' },
    ]);
    expect(result.rowLines).toEqual([4]);
  });

  it('refuses the file when a quote is never closed', () => {
    const error = fileError(csv(HEADER, GOOD, bad('memo', '"never closed')));
    expect(error).toMatchObject({ code: 'unterminated_quote', line: 3 });
  });

  it('reports every problem of a row, and too many tags under "tags"', () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => `t${i}`).join(';');
    const row = bad('tags', tooMany).replace('12.50', 'x').replace(',out,', ',up,');
    const result = parseTransactionsCsv(csv(HEADER, row));
    expect(result.badRowCount).toBe(1);
    expect(result.errors.map((error) => error.field)).toEqual(['amount', 'direction', 'tags']);
  });

  it('reports a repeated chain + txId against the line that had it first', () => {
    const result = parseTransactionsCsv(csv(HEADER, GOOD, GOOD.replace('T1', 't2'), GOOD));
    expect(result.rowLines).toEqual([2, 3]);
    expect(result.errors).toEqual([
      { line: 4, field: 'txId', reason: 'repeats the transaction on line 2 (same chain and txId)' },
    ]);
  });

  it('lists at most maxErrors errors but counts every bad row', () => {
    const rows = Array.from({ length: 10 }, (_, i) => bad('amount', 'x').replace('T1', `T${i}`));
    const result = parseTransactionsCsv(csv(HEADER, ...rows), { maxErrors: 3 });
    expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4]);
    expect(result.badRowCount).toBe(10);
    expect(result.errorsTruncated).toBe(true);
  });

  it('neutralised formula cells from an export read back without their apostrophe', () => {
    const row = bad('memo', "'=HYPERLINK(1)");
    expect(parseTransactionsCsv(csv(HEADER, row)).rows[0]?.memo).toBe('=HYPERLINK(1)');
  });
});

describe('parseTransactionsCsv: limits and encodings', () => {
  it('refuses more rows than maxRows, at the first row over the limit', () => {
    const rows = Array.from({ length: 4 }, (_, i) => GOOD.replace('T1', `T${i}`));
    expect(parseTransactionsCsv(csv(HEADER, ...rows), { maxRows: 4 }).rows).toHaveLength(4);
    const error = fileError(csv(HEADER, '', ...rows, GOOD.replace('T1', 'T9')), { maxRows: 4 });
    expect(error).toMatchObject({ code: 'too_many_rows', line: 7 });
  });

  it('refuses a 50 MB upload with CsvTooLargeError, before parsing', () => {
    const big = HEADER + '\n' + '"'.repeat(50 * 1000 * 1000);
    const started = performance.now();
    expect(() => parseTransactionsCsv(big)).toThrow(CsvTooLargeError);
    expect(performance.now() - started).toBeLessThan(1000);
    const small = csv(HEADER, GOOD);
    expect(small.length).toBe(165);
    expect(() => parseTransactionsCsv(small, { maxBytes: 164 })).toThrow(
      'the file is 165 bytes; the limit is 164 bytes',
    );
    expect(parseTransactionsCsv(small, { maxBytes: 165 }).rows).toHaveLength(1);
  });

  it('refuses a Latin-1 file with the line of the first non-UTF-8 byte', () => {
    const latin1 = Buffer.from(csv(HEADER, GOOD, GOOD.replace('rent', 'caf\xe9')), 'latin1');
    const error = fileError(latin1);
    expect(error.code).toBe('not_utf8');
    expect(error.message).toMatch(/^the file is not UTF-8 \(line 3\)/);
  });

  it('refuses NUL bytes', () => {
    expect(fileError(csv(HEADER, GOOD.replace('rent', 're\u0000nt')))).toMatchObject({
      code: 'nul_byte',
      line: 2,
    });
  });
});
