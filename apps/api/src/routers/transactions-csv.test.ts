import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import { call, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';
import { MAX_DOCUMENT_BYTES } from '../upload-limits.js';

type ImportResult = Outputs['transactions']['importCsv'];
type Page = Outputs['transactions']['list'];

const FROM = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const TO = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const HEADER = 'chain,txId,timestamp,fromAddress,toAddress,amount,currency,direction,fee,memo,tags';

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

function row(overrides: Record<string, string> = {}): string {
  const fields = {
    chain: 'xrpl',
    txId: randomUUID().replaceAll('-', '').toUpperCase(),
    timestamp: '2024-05-01T12:00:00Z',
    fromAddress: FROM,
    toAddress: TO,
    amount: '12.5',
    currency: 'XRP',
    direction: 'out',
    fee: '0.000012',
    memo: '',
    tags: '',
    ...overrides,
  };
  return Object.values(fields).join(',');
}

const csvOf = (...rows: string[]) => `${HEADER}\r\n${rows.join('\r\n')}\r\n`;

async function analystOfNewOrganization(): Promise<Member> {
  const admin = await signUp(api.url);
  return join(api.url, admin, 'analyst');
}

const importCsv = (member: Member, input: Record<string, unknown>) =>
  call<ImportResult>(api.url, 'transactions.importCsv', input, member.credential);

async function countOf(member: Member): Promise<number> {
  const page = await ok<Page>(api.url, 'transactions.list', { limit: 200 }, member.credential);
  return page.items.length;
}

describe('transactions.byId', () => {
  it("returns the organization's transaction and 404 for anyone else's or a made-up id", async () => {
    const analyst = await analystOfNewOrganization();
    const other = await analystOfNewOrganization();
    const imported = await importCsv(analyst, { csv: csvOf(row({ memo: 'mine' })) });
    expect(imported.status).toBe(200);
    const [listed] = (await ok<Page>(api.url, 'transactions.list', {}, analyst.credential)).items;

    const own = await call(api.url, 'transactions.byId', { id: listed!.id }, analyst.credential);
    expect(own.data).toEqual(listed);
    for (const id of [listed!.id, uuidv7()]) {
      const result = await call(api.url, 'transactions.byId', { id }, other.credential);
      expect(result.status).toBe(404);
      expect(result.error!.message).toBe('No transaction with this id in your organization');
    }
    expect(
      (await call(api.url, 'transactions.byId', { id: 'nope' }, analyst.credential)).status,
    ).toBe(400);
  });
});

describe('transactions.importCsv', () => {
  it('imports every row of a good file and reports a re-import as duplicates with their lines', async () => {
    const analyst = await analystOfNewOrganization();
    const euroRow = row({ currency: 'eur', direction: 'IN', timestamp: '2024-05-01T12:00:00Z' });
    const csv = csvOf(
      row({
        amount: '0001.500',
        memo: '"multi, line\nmemo"',
        tags: 'Exchange;kyc',
        timestamp: '2024-05-02T12:00:00Z',
      }),
      euroRow,
    );
    const first = await importCsv(analyst, { csv: `\uFEFF${csv}` });
    expect(first.data).toEqual({
      created: 2,
      duplicates: [],
      badRowCount: 0,
      rowErrors: [],
      warnings: [],
    });
    const page = await ok<Page>(api.url, 'transactions.list', {}, analyst.credential);
    expect(
      page.items.map(({ amount, currency, direction, memo, tags }) => ({
        amount,
        currency,
        direction,
        memo,
        tags,
      })),
    ).toEqual([
      {
        amount: '1.5',
        currency: 'XRP',
        direction: 'out',
        memo: 'multi, line\nmemo',
        tags: ['exchange', 'kyc'],
      },
      { amount: '12.5', currency: 'EUR', direction: 'in', memo: null, tags: [] },
    ]);

    const again = await importCsv(analyst, { csv: csvOf(row(), euroRow) });
    expect(again.status).toBe(200);
    expect(again.data!.created).toBe(1);
    expect(again.data!.duplicates).toEqual([
      { line: 3, chain: 'xrpl', txId: page.items[1]!.txId, id: page.items[1]!.id },
    ]);
    expect(await countOf(analyst)).toBe(3);
  });

  it('refuses the whole file with 422 and every bad row in data.rowErrors; nothing is written', async () => {
    const analyst = await analystOfNewOrganization();
    const rows = [row()];
    for (const amount of ['1e400', '-0', 'NaN', '1,000', '1'.repeat(40)])
      rows.push(row({ amount }));
    rows.push(row({ currency: 'DOLLAR' }), row({ timestamp: '2024-05-01' }));
    const result = await importCsv(analyst, { csv: csvOf(...rows) });
    expect(result.status).toBe(422);
    expect(result.error!.data.code).toBe('UNPROCESSABLE_CONTENT');
    expect(result.error!.message).toMatch(
      /^7 rows have problems .*skipBadRows: true to import the other 1$/,
    );
    const errors = result.error!.data.rowErrors!;
    expect(errors.map((error) => error.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(errors[0]).toEqual({
      line: 3,
      field: 'amount',
      reason: expect.stringContaining('plain decimal') as string,
    });
    expect(errors[1]).toEqual({
      line: 4,
      field: 'amount',
      reason: 'amount must not be negative (direction says which way it moved)',
    });
    expect(errors[3]!.reason).toContain('fields but the header has 11');
    expect(errors[5]).toMatchObject({ line: 8, field: 'currency' });
    expect(await countOf(analyst)).toBe(0);
  });

  it('lists every bad row of a large file, not only the first ones', async () => {
    const analyst = await analystOfNewOrganization();
    const rows = Array.from({ length: 1500 }, () => row({ amount: 'x' }));
    const result = await importCsv(analyst, { csv: csvOf(...rows) });
    expect(result.status).toBe(422);
    expect(result.error!.data.rowErrors).toHaveLength(1500);
    expect(result.error!.data.rowErrors!.at(-1)!.line).toBe(1501);
  });

  it('with skipBadRows imports the good rows and reports the bad ones', async () => {
    const analyst = await analystOfNewOrganization();
    const result = await importCsv(analyst, {
      csv: csvOf(row(), row({ direction: 'sideways' }), row()),
      skipBadRows: true,
    });
    expect(result.data).toMatchObject({
      created: 2,
      badRowCount: 1,
      rowErrors: [{ line: 3, field: 'direction', reason: 'direction must be "in" or "out"' }],
    });
    expect(await countOf(analyst)).toBe(2);
  });

  it('imports 2500 rows (several ingest batches) at once', async () => {
    const analyst = await analystOfNewOrganization();
    const rows = Array.from({ length: 2500 }, () => row());
    const result = await importCsv(analyst, { csv: csvOf(...rows) });
    expect(result.data!.created).toBe(2500);
    let count = 0;
    let cursor: string | undefined;
    do {
      const page: Page = await ok<Page>(
        api.url,
        'transactions.list',
        { limit: 200, ...(cursor ? { cursor } : {}) },
        analyst.credential,
      );
      count += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(count).toBe(2500);
  });

  it('maps columns, fills a default chain and warns about ignored columns', async () => {
    const analyst = await analystOfNewOrganization();
    const text =
      'Hash,Datum,Von,An,Betrag,Währung,Richtung,Extra\n' +
      `ABC1,2024-05-01T12:00:00Z,${FROM},${TO},3.25,XRP,out,x\n`;
    const result = await importCsv(analyst, {
      csv: text,
      defaultChain: 'xrpl',
      columnMap: {
        txId: 'Hash',
        timestamp: 'Datum',
        fromAddress: 'Von',
        toAddress: 'An',
        amount: 'Betrag',
        currency: 'Währung',
        direction: 'Richtung',
      },
    });
    expect(result.data).toMatchObject({
      created: 1,
      warnings: ['column "Extra" is not a transaction field and is ignored'],
    });
    const [stored] = (await ok<Page>(api.url, 'transactions.list', {}, analyst.credential)).items;
    expect(stored).toMatchObject({ chain: 'xrpl', txId: 'ABC1', amount: '3.25' });
  });

  it('takes the file as base64 bytes and names the first line that is not UTF-8', async () => {
    const analyst = await analystOfNewOrganization();
    const good = Buffer.from(csvOf(row({ memo: 'café' })), 'utf8').toString('base64');
    expect((await importCsv(analyst, { csv: good, encoding: 'base64' })).data!.created).toBe(1);

    const latin1 = Buffer.from(csvOf(row(), row({ memo: 'café' })), 'latin1').toString('base64');
    const refused = await importCsv(analyst, { csv: latin1, encoding: 'base64' });
    expect(refused.status).toBe(400);
    expect(refused.error!.message).toMatch(/^the file is not UTF-8 \(line 3\)/);

    const notBase64 = await importCsv(analyst, { csv: 'not base64!', encoding: 'base64' });
    expect(notBase64.status).toBe(400);
    expect(notBase64.error!.message).toBe('csv is not valid base64 (encoding: "base64")');
    expect(await countOf(analyst)).toBe(1);
  });

  it.each([
    ['an empty file', '', /the file is empty/],
    ['a header without the required columns', 'txId,amount\nA,1\n', /has no column for/],
    ['a quote never closed', csvOf(row({ memo: '"never closed' })), /quote/],
    ['a NUL byte', csvOf(row({ memo: 'a\u0000b' })), /NUL/],
  ])('refuses %s with 400 and writes nothing', async (_, csv, message) => {
    const analyst = await analystOfNewOrganization();
    const result = await importCsv(analyst, { csv });
    expect(result.status).toBe(400);
    expect(result.error!.message).toMatch(message);
    expect(await countOf(analyst)).toBe(0);
  });

  it('refuses a file over the limit with 413 (and a body over 1 MiB with 413 too)', async () => {
    const analyst = await analystOfNewOrganization();
    const line = `${row()}\n`;
    const csv = HEADER + '\n' + line.repeat(Math.ceil((MAX_DOCUMENT_BYTES + 1) / line.length));
    const result = await importCsv(analyst, { csv });
    expect(result.status).toBe(413);
    expect(result.error!.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect(result.error!.message).toMatch(/the limit is 1000\.0 KiB$/);

    const response = await fetch(`${api.url}/trpc/transactions.importCsv`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${analyst.accessToken}`,
      },
      body: JSON.stringify({ csv: 'x'.repeat(50 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await countOf(analyst)).toBe(0);
  });

  it('refuses bad options with 400 and viewers with 403', async () => {
    const analyst = await analystOfNewOrganization();
    const csv = csvOf(row());
    expect((await importCsv(analyst, { csv, columnMap: { colour: 'x' } })).status).toBe(400);
    expect((await importCsv(analyst, { csv, encoding: 'utf16' })).status).toBe(400);
    expect((await importCsv(analyst, { csv, defaultChain: 'Not A Chain' })).status).toBe(400);
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    expect((await importCsv(viewer, { csv })).status).toBe(403);
  });
});
