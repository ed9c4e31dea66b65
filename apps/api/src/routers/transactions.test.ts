import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import { aTransaction } from '../testing/transactions.js';
import { mutation, query, registerUser, type Inputs, type Outputs } from '../testing/trpc-http.js';

type IngestResult = Outputs['transactions']['ingest'];
type TransactionPage = Outputs['transactions']['list'];

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const tx = aTransaction;

const ingest = (token: string, transactions: unknown[]) =>
  mutation<IngestResult>(api.url, 'transactions.ingest', { transactions }, token);
const list = (token: string, input?: Inputs['transactions']['list']) =>
  query<TransactionPage>(api.url, 'transactions.list', input, token);

async function listAll(token: string, limit: number) {
  const ids: string[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const page = (await list(token, cursor ? { cursor, limit } : { limit })).data!;
    ids.push(...page.items.map((item) => item.id));
    pages.push(page.items.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ids, pages };
}

describe('transactions.ingest and transactions.list', () => {
  it('ingests a batch, normalises it, and lists it newest first across pages', async () => {
    const { accessToken } = await registerUser(api.url);
    const batch = [1, 2, 3, 4, 5].map((day) =>
      tx({
        timestamp: `2024-05-0${day}T14:00:00+02:00`,
        amount: `00${day}.500`,
        currency: 'xrp',
        tags: ['Exchange', 'exchange'],
      }),
    );
    const result = await ingest(accessToken, batch);
    expect(result.status).toBe(200);
    expect(result.data!.created).toBe(5);
    expect(result.data!.duplicates).toEqual([]);
    expect(result.data!.items[0]).toEqual({
      ...batch[0],
      id: expect.any(String) as string,
      timestamp: '2024-05-01T12:00:00.000Z',
      amount: '1.5',
      currency: 'XRP',
      issuer: null,
      tags: ['exchange'],
      // Scored on ingest: 0.10 + outgoing 0.10 + fee_present 0.05.
      category: 'expense',
      riskScore: 0.25,
      riskFlags: ['outgoing', 'fee_present'],
      riskBucket: 'low',
      rulesetVersion: expect.any(String) as string,
    });

    const { ids, pages } = await listAll(accessToken, 2);
    expect(pages).toEqual([2, 2, 1]);
    expect(ids).toEqual([...result.data!.items].reverse().map((item) => item.id));

    const firstPage = await list(accessToken);
    expect(firstPage.data!.items).toHaveLength(5);
    expect(firstPage.data!.nextCursor).toBeNull();
  });

  it('keeps organizations apart: another organization sees none of the rows and may hold the same tx ids', async () => {
    const first = await registerUser(api.url);
    const second = await registerUser(api.url);
    const shared = tx();
    await ingest(first.accessToken, [shared, tx()]);

    expect((await list(second.accessToken)).data).toEqual({ items: [], nextCursor: null });
    const cursorFromFirst = (await list(first.accessToken, { limit: 1 })).data!.nextCursor!;
    const probed = await list(second.accessToken, { cursor: cursorFromFirst, limit: 1 });
    expect(probed.data?.items ?? []).toEqual([]);

    const own = await ingest(second.accessToken, [shared]);
    expect(own.data!.created).toBe(1);
    expect((await list(first.accessToken)).data!.items).toHaveLength(2);
  });

  it('reports a re-sent batch as duplicates and writes nothing twice', async () => {
    const { accessToken } = await registerUser(api.url);
    const batch = [tx(), tx()];
    const first = await ingest(accessToken, batch);
    const again = await ingest(accessToken, [...batch, tx()]);
    expect(again.status).toBe(200);
    expect(again.data!.created).toBe(1);
    expect(again.data!.duplicates).toEqual(
      first.data!.items.map(({ chain, txId, id }) => ({ chain, txId, id })),
    );
    expect((await list(accessToken)).data!.items).toHaveLength(3);
  });

  it('writes nothing when one row is invalid (400 with zodError pointing at it)', async () => {
    const { accessToken } = await registerUser(api.url);
    const result = await ingest(accessToken, [tx(), tx({ amount: '1e400' }), tx()]);
    expect(result.status).toBe(400);
    expect(result.error!.data.zodError!.issues).toEqual([
      expect.objectContaining({
        path: ['transactions', 1, 'amount'],
        message: expect.stringContaining('plain decimal') as string,
      }),
    ]);
    expect(result.error!.message).toContain('transactions.1.amount');
    expect((await list(accessToken)).data!.items).toEqual([]);
  });

  it('answers the same (chain, txId) twice in one batch with 409 and writes nothing', async () => {
    const { accessToken } = await registerUser(api.url);
    const twice = tx();
    const result = await ingest(accessToken, [tx(), twice, { ...twice, amount: '3' }]);
    expect(result.status).toBe(409);
    expect(result.error!.data.code).toBe('CONFLICT');
    expect(result.error!.message).toContain(twice.txId);
    expect((await list(accessToken)).data!.items).toEqual([]);
  });

  it.each([
    ['1e400', 'amount'],
    ['NaN', 'amount'],
    ['1,000', 'amount'],
    ['-5', 'negative'],
    ['1'.repeat(40), 'integer digits'],
    ['0.' + '1'.repeat(19), 'fraction digits'],
    ['', 'empty'],
  ])('refuses the amount %j', async (amount, message) => {
    const { accessToken } = await registerUser(api.url);
    const result = await ingest(accessToken, [tx({ amount })]);
    expect(result.status).toBe(400);
    expect(result.error!.data.zodError!.issues[0]!.message).toContain(message);
  });

  // Issue 5's bad-input list: "-0" is refused like any signed amount (it used to be stored as "0").
  it.each([
    ['amount', { amount: '-0' }],
    ['amount', { amount: '-0.000' }],
    ['fee', { fee: '-0' }],
  ])('refuses a negative zero %s', async (field, overrides) => {
    const { accessToken } = await registerUser(api.url);
    const result = await ingest(accessToken, [tx(overrides)]);
    expect(result.status).toBe(400);
    expect(result.error!.data.zodError!.issues[0]).toMatchObject({
      path: ['transactions', 0, field],
      message: `${field} must not be negative (direction says which way it moved)`,
    });
    expect((await list(accessToken)).data!.items).toEqual([]);
  });

  it('keeps exact decimals', async () => {
    const { accessToken } = await registerUser(api.url);
    const result = await ingest(accessToken, [tx({ amount: '0', fee: '0.100000000000000001' })]);
    expect(result.data!.items[0]).toMatchObject({ amount: '0', fee: '0.100000000000000001' });
  });

  it.each([
    ['timestamp', { timestamp: '2024-05-01T12:00:00' }],
    ['timestamp', { timestamp: '2024-02-30T12:00:00Z' }],
    ['currency', { currency: 'DOLLAR' }],
    ['direction', { direction: 'sideways' }],
    ['memo', { memo: 'x'.repeat(1025) }],
    ['tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ['fromAddress', { fromAddress: 'has spaces' }],
    ['chain', { chain: '' }],
  ])('refuses a bad %s', async (field, overrides) => {
    const { accessToken } = await registerUser(api.url);
    const result = await ingest(accessToken, [{ ...tx(), ...overrides }]);
    expect(result.status).toBe(400);
    expect(result.error!.data.zodError!.issues[0]!.path).toEqual(['transactions', 0, field]);
  });

  it("refuses a tag with ';', which separates tags in a CSV cell", async () => {
    const { accessToken } = await registerUser(api.url);
    const result = await ingest(accessToken, [tx({ tags: ['ok', 'a;b'] })]);
    expect(result.status).toBe(400);
    expect(result.error!.data.zodError!.issues[0]).toMatchObject({
      path: ['transactions', 0, 'tags', 1],
      message: "a tag must not contain control characters or ';'",
    });
  });

  it('accepts a 40-hex currency code and defaults fee, memo and tags', async () => {
    const { accessToken } = await registerUser(api.url);
    const {
      fee: _fee,
      memo: _memo,
      tags: _tags,
      ...bare
    } = tx({ currency: '0158415500000000c1f76ff6ecb0bac600000000' });
    const result = await ingest(accessToken, [bare]);
    expect(result.data!.items[0]).toMatchObject({
      currency: '0158415500000000C1F76FF6ECB0BAC600000000',
      fee: '0',
      memo: null,
      tags: [],
    });
  });

  it('keeps the issuer of an issued token, and refuses one for XRP, which nobody issues', async () => {
    const { accessToken } = await registerUser(api.url);
    const issuer = 'rvYAfWj5gh67oV6fW32ZzP3Aw4Eubs59B';
    const token = await ingest(accessToken, [tx({ currency: 'USD', issuer }), tx()]);
    expect(token.data!.items.map((item) => [item.currency, item.issuer])).toEqual([
      ['USD', issuer],
      ['XRP', null],
    ]);

    const native = await ingest(accessToken, [tx({ issuer })]);
    expect(native.status).toBe(400);
    expect(native.error!.data.zodError!.issues).toEqual([
      expect.objectContaining({
        path: ['transactions', 0, 'issuer'],
        message: expect.stringContaining('must be empty for XRP') as string,
      }),
    ]);
  });

  it('refuses an empty batch and one over 1000 items', async () => {
    const { accessToken } = await registerUser(api.url);
    expect((await ingest(accessToken, [])).status).toBe(400);
    const tooMany = Array.from({ length: 1001 }, () => tx());
    const result = await ingest(accessToken, tooMany);
    expect(result.status).toBe(400);
    expect(result.error!.message).toContain('at most 1000');
  });

  it('refuses a bad limit and a cursor it did not make with 400', async () => {
    const { accessToken } = await registerUser(api.url);
    expect((await list(accessToken, { limit: 201 })).status).toBe(400);
    expect((await list(accessToken, { limit: 0 })).status).toBe(400);
    const forged = await list(accessToken, { cursor: 'bm90LWEtY3Vyc29y' });
    expect(forged.status).toBe(400);
    expect(forged.error!.data.code).toBe('BAD_REQUEST');
  });

  it('needs a signed-in user', async () => {
    expect((await ingest('', [tx()])).status).toBe(401);
    expect((await list('not-a-token')).status).toBe(401);
  });
});
