import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Inputs, Outputs } from '../testing/trpc-http.js';

type NewTransaction = Inputs['transactions']['ingest']['transactions'][number];
type ListInput = Inputs['transactions']['list'];

const WATCHED = 'rWatchedWallet';

let api: RunningTestServer;
let viewer: Member;
/** txId → the row's short name, so expectations read as names. */
const names = new Map<string, string>();

function tx(name: string, overrides: Partial<NewTransaction>): NewTransaction {
  const txId = `${name.toUpperCase()}${randomUUID().replaceAll('-', '')}`;
  names.set(txId, name);
  return {
    chain: 'xrpl',
    txId,
    timestamp: '2024-05-01T12:00:00Z',
    fromAddress: 'rSomeone',
    toAddress: 'rSomeoneElse',
    amount: '1',
    currency: 'XRP',
    direction: 'in',
    ...overrides,
  };
}

beforeAll(async () => {
  api = await startTestServer();
  const admin = await signUp(api.url);
  const analyst = await join(api.url, admin, 'analyst');
  viewer = await join(api.url, admin, 'viewer');
  await ok(
    api.url,
    'transactions.ingest',
    {
      transactions: [
        tx('small', { amount: '0.5', timestamp: '2024-05-01T00:00:00Z', memo: 'Coffee' }),
        tx('salary', {
          amount: '2500',
          timestamp: '2024-05-02T00:00:00Z',
          toAddress: WATCHED,
          memo: 'monthly salary',
        }),
        tx('big', {
          amount: '20000',
          direction: 'out',
          timestamp: '2024-05-03T00:00:00Z',
          fromAddress: WATCHED,
          memo: '100%_sure',
        }),
        tx('fee', { amount: '0', fee: '1', direction: 'out', timestamp: '2024-05-04T00:00:00Z' }),
      ],
    },
    analyst.credential,
  );
});
afterAll(() => api?.close());

async function listed(input: ListInput): Promise<string[]> {
  const page = await ok<Outputs['transactions']['list']>(
    api.url,
    'transactions.list',
    input,
    viewer.credential,
  );
  return page.items.map((item) => names.get(item.txId) ?? item.txId);
}

describe('transactions.list filters and sorts', () => {
  it.each<[string, ListInput, string[]]>([
    ['no filter: newest first', {}, ['fee', 'big', 'salary', 'small']],
    ['wallet on either side', { wallet: WATCHED }, ['big', 'salary']],
    ['direction', { direction: 'out' }, ['fee', 'big']],
    ['category', { category: 'income' }, ['salary', 'small']],
    ['risk bucket', { riskBucket: 'medium' }, ['big']],
    [
      'date range, bounds included',
      { from: '2024-05-02T00:00:00Z', to: '2024-05-03T02:00:00+02:00' },
      ['big', 'salary'],
    ],
    ['amount range, exact', { minAmount: '0.5', maxAmount: '2500.000' }, ['salary', 'small']],
    ['memo text, case-insensitive', { memo: 'SALARY' }, ['salary']],
    ['memo text, % matches itself', { memo: '%_' }, ['big']],
    ['filters combine', { direction: 'in', minAmount: '1' }, ['salary']],
    ['sort by amount', { sort: 'amount_asc' }, ['fee', 'small', 'salary', 'big']],
    ['sort by risk', { sort: 'risk_desc', direction: 'out' }, ['big', 'fee']],
  ])('%s', async (_name, input, expected) => {
    expect(await listed(input)).toEqual(expected);
  });

  it('pages through a filtered, sorted list', async () => {
    const first = await ok<Outputs['transactions']['list']>(
      api.url,
      'transactions.list',
      { sort: 'amount_desc', limit: 1, maxAmount: '3000' },
      viewer.credential,
    );
    expect(first.nextCursor).not.toBeNull();
    const rest = await listed({
      sort: 'amount_desc',
      maxAmount: '3000',
      cursor: first.nextCursor!,
    });
    expect([names.get(first.items[0]!.txId), ...rest]).toEqual(['salary', 'small', 'fee']);
  });

  it.each<[string, unknown]>([
    ['an unknown bucket', { riskBucket: 'extreme' }],
    ['an exponent amount', { minAmount: '1e400' }],
    ['a date without zone', { from: '2024-05-01' }],
    ['an unknown sort', { sort: 'random' }],
    ['an empty memo', { memo: '' }],
  ])('refuses %s with 400', async (_name, input) => {
    const result = await call(api.url, 'transactions.list', input, viewer.credential);
    expect(result.status).toBe(400);
    expect(result.error?.data.code).toBe('BAD_REQUEST');
  });

  it('refuses a cursor of another sort with 400', async () => {
    const page = await ok<Outputs['transactions']['list']>(
      api.url,
      'transactions.list',
      { limit: 1 },
      viewer.credential,
    );
    const result = await call(
      api.url,
      'transactions.list',
      { limit: 1, sort: 'amount_asc', cursor: page.nextCursor },
      viewer.credential,
    );
    expect(result.status).toBe(400);
  });
});

describe('exports with the same filters', () => {
  it('exportCsv holds what the filtered list shows', async () => {
    const result = await ok<Outputs['transactions']['exportCsv']>(
      api.url,
      'transactions.exportCsv',
      { wallet: WATCHED, direction: 'out' },
      viewer.credential,
    );
    expect(result.rowCount).toBe(1);
    expect(result.csv).toContain('20000');
    expect(result.csv).not.toContain('2500');
  });

  it('the download route takes the filters as query parameters', async () => {
    const headers = { authorization: `Bearer ${viewer.accessToken}` };
    const response = await fetch(
      `${api.url}/exports/transactions.csv?direction=in&sort=amount_asc&minAmount=1`,
      { headers },
    );
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('2500');

    const bad = await fetch(`${api.url}/exports/transactions.csv?riskBucket=extreme`, { headers });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { message: string } };
    expect(body.error.message).toContain('riskBucket');
  });
});
