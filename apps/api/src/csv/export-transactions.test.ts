import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewTransactionInput } from './columns.js';
import {
  transactionCsvLines,
  transactionsToCsv,
  type ExportableTransaction,
} from './export-transactions.js';
import { parseTransactionsCsv } from './parse-transactions.js';

function transaction(overrides: Partial<NewTransactionInput> = {}): NewTransactionInput {
  return {
    chain: 'xrpl',
    txId: 'A1B2',
    timestamp: '2024-05-01T12:00:00.000Z',
    fromAddress: 'rFrom',
    toAddress: 'rTo',
    amount: '1234567890.123456789012345678',
    currency: 'XRP',
    issuer: null,
    direction: 'out',
    memo: null,
    fee: '0.000012',
    tags: [],
    ...overrides,
  };
}

describe('transactionsToCsv', () => {
  it('writes the header and one CRLF line per transaction, amounts exact, tags joined with ;', () => {
    const csv = transactionsToCsv([
      {
        ...transaction({ memo: 'rent, May', tags: ['rent', 'monthly'] }),
        id: 'tx_1',
        riskScore: 0.35,
        riskBucket: 'medium',
        riskFlags: ['outgoing', 'fee_present'],
        category: 'expense',
      },
    ]);
    expect(csv).toBe(
      'id,chain,txId,timestamp,fromAddress,toAddress,amount,currency,issuer,direction,fee,memo,tags,category,riskScore,riskBucket,riskFlags\r\n' +
        'tx_1,xrpl,A1B2,2024-05-01T12:00:00.000Z,rFrom,rTo,1234567890.123456789012345678,XRP,,out,0.000012,"rent, May",rent;monthly,expense,0.35,medium,outgoing;fee_present\r\n',
    );
  });

  it('leaves computed fields empty when they are not known yet, and honours a column choice', () => {
    expect(transactionsToCsv([transaction()]).split('\r\n')[1]).toBe(
      ',xrpl,A1B2,2024-05-01T12:00:00.000Z,rFrom,rTo,1234567890.123456789012345678,XRP,,out,0.000012,,,,,,',
    );
    expect(transactionsToCsv([transaction()], { columns: ['txId', 'amount'] })).toBe(
      'txId,amount\r\nA1B2,1234567890.123456789012345678\r\n',
    );
  });

  it('neutralises formula injection in memos, tags and addresses', () => {
    const csv = transactionsToCsv(
      [transaction({ memo: '=cmd|"/c calc"!A1', tags: ['-x', 'y'], fromAddress: '@evil' })],
      { columns: ['fromAddress', 'memo', 'tags'] },
    );
    expect(csv.split('\r\n')[1]).toBe(`'@evil,"'=cmd|""/c calc""!A1",'-x;y`);
  });

  it('can start with a byte-order mark for Excel', () => {
    expect(transactionsToCsv([], { byteOrderMark: true, columns: ['txId'] })).toBe(
      '\uFEFFtxId\r\n',
    );
  });
});

describe('round trip', () => {
  it('export then import returns the same rows, awkward values included', () => {
    const rows = [
      transaction(),
      transaction({
        txId: 'B2',
        direction: 'in',
        memo: 'multi\r\nline, "quoted"\nand =formula',
        tags: ['=sum(a1)', 'ünïcödé', "'quoted"],
        amount: '0.000000000000000001',
        fee: '0',
      }),
      transaction({ txId: 'C3', memo: '+1 555', fromAddress: '-dash', currency: 'A'.repeat(40) }),
      transaction({ txId: 'D4', memo: "'=already neutralised", toAddress: "'@x" }),
      transaction({ txId: 'E5', memo: '  spaces kept  ' }),
    ];
    const exported = transactionsToCsv(rows, { byteOrderMark: true });
    const result = parseTransactionsCsv(Buffer.from(exported, 'utf8'));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toEqual(rows);
  });

  it('holds for generated transactions (property)', async () => {
    const text = (unit: 'binary' | 'grapheme-ascii', maxLength: number) =>
      fc.string({ unit, minLength: 1, maxLength });
    const arbitraryTransaction = fc.record({
      chain: fc.constantFrom('xrpl', 'eth', 'btc-test'),
      txId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/),
      timestamp: fc
        .date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString()),
      fromAddress: fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
      toAddress: fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
      amount: fc.stringMatching(/^(0|[1-9]\d{0,19})(\.\d{0,17}[1-9])?$/),
      currency: fc.stringMatching(/^[A-Z0-9]{3}$/).filter((code) => code !== 'XRP'),
      issuer: fc.option(fc.stringMatching(/^[\x21-\x7e]{1,40}$/)),
      direction: fc.constantFrom('in' as const, 'out' as const),
      // '' reads back as null (an empty cell), so generated memos are never empty; U+FFFD is fine in bytes.
      memo: fc.option(text('binary', 60).filter((memo) => !memo.includes('\u0000'))),
      fee: fc.stringMatching(/^(0|[1-9]\d{0,5})(\.\d{0,5}[1-9])?$/),
      tags: fc.uniqueArray(fc.stringMatching(/^[a-z0-9=+@'-][a-z0-9 _=+@'-]{0,10}[a-z0-9]$/), {
        maxLength: 4,
      }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(arbitraryTransaction, {
          maxLength: 20,
          selector: (row) => `${row.chain}/${row.txId}`,
        }),
        async (rows: ExportableTransaction[]) => {
          let streamed = '';
          for await (const line of transactionCsvLines(rows)) streamed += line;
          expect(streamed).toBe(transactionsToCsv(rows));
          const result = parseTransactionsCsv(Buffer.from(streamed, 'utf8'));
          expect(result.errors).toEqual([]);
          expect(result.rows).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('transactionCsvLines', () => {
  async function* source(count: number, progress: { produced: number }) {
    for (let i = 0; i < count; i++) {
      await Promise.resolve(); // like a database cursor, which awaits between rows
      progress.produced++;
      yield transaction({ txId: `T${i}`, memo: i % 2 ? 'a, "b"' : null });
    }
  }

  it('streams 100,000 rows one line at a time, never reading ahead of the consumer', async () => {
    const progress = { produced: 0 };
    let lines = 0;
    let maxAhead = 0;
    for await (const line of transactionCsvLines(source(100_000, progress))) {
      lines++;
      expect(line.endsWith('\r\n')).toBe(true);
      // The header is line 1; data line n needs exactly n - 1 source rows.
      maxAhead = Math.max(maxAhead, progress.produced - (lines - 1));
    }
    expect(lines).toBe(100_001);
    expect(maxAhead).toBe(0);
  });

  it('feeds a stream with back-pressure, holding only small chunks', async () => {
    const progress = { produced: 0 };
    let bytes = 0;
    let largestChunk = 0;
    let lines = 0;
    const sink = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        largestChunk = Math.max(largestChunk, chunk.length);
        for (const byte of chunk) if (byte === 0x0a) lines++;
        done();
      },
    });
    await pipeline(Readable.from(transactionCsvLines(source(100_000, progress))), sink);
    expect(progress.produced).toBe(100_000);
    expect(lines).toBe(100_001);
    expect(largestChunk).toBeLessThan(500);
    expect(bytes).toBeGreaterThan(100_000 * 90);
  });
});
