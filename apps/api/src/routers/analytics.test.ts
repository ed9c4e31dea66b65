import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Inputs, Outputs } from '../testing/trpc-http.js';

type Summary = Outputs['analytics']['summary'];
type NewTransaction = Inputs['transactions']['ingest']['transactions'][number];

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

let api: RunningTestServer;
let admin: Member;
let viewer: Member;
let otherAdmin: Member;

const tx = (overrides: Partial<NewTransaction> = {}): NewTransaction => ({
  chain: 'xrpl',
  txId: randomUUID().replaceAll('-', ''),
  timestamp: '2024-05-01T12:00:00Z',
  fromAddress: 'rTreasury',
  toAddress: 'rSupplier',
  amount: '1',
  currency: 'XRP',
  direction: 'in',
  ...overrides,
});
const ingest = (member: Member, transactions: NewTransaction[]) =>
  ok(api.url, 'transactions.ingest', { transactions }, member.credential);
const summary = (member: Member, input: unknown) =>
  call<Summary>(api.url, 'analytics.summary', input, member.credential);

beforeAll(async () => {
  api = await startTestServer();
  admin = await signUp(api.url);
  viewer = await join(api.url, admin, 'viewer');
  otherAdmin = await signUp(api.url);
});
afterAll(() => api?.close());

describe('analytics.summary', () => {
  it('summarises a range for a viewer: exact volumes, buckets, trend, categories, addresses', async () => {
    await ingest(admin, [
      tx({ amount: '0.1', timestamp: '2024-05-01T08:00:00Z', memo: 'salary' }),
      tx({ amount: '0.2', timestamp: '2024-05-01T23:59:59.999Z', memo: 'salary' }),
      // Outgoing 20000 to a sanctioned-tagged party: 0.8, high.
      tx({
        amount: '20000',
        currency: 'USD',
        direction: 'out',
        toAddress: 'rSanctioned',
        tags: ['sanctioned'],
        timestamp: '2024-05-02T10:00:00Z',
      }),
    ]);
    const result = await summary(viewer, {
      from: '2024-05-01T00:00:00Z',
      to: '2024-05-02T23:59:59.999Z',
    });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({
      from: '2024-05-01T00:00:00.000Z',
      to: '2024-05-02T23:59:59.999Z',
      currency: null,
      count: 3,
      volumes: [
        { currency: 'XRP', count: 2, volume: '0.3' },
        { currency: 'USD', count: 1, volume: '20000' },
      ],
      // (0.05 + 0.05 + 0.8) / 3.
      averageRisk: 0.3,
      buckets: { low: 2, medium: 0, high: 1 },
      daily: [
        { day: '2024-05-01', count: 2, averageRisk: 0.05, low: 2, medium: 0, high: 0 },
        { day: '2024-05-02', count: 1, averageRisk: 0.8, low: 0, medium: 0, high: 1 },
      ],
      categories: [
        { category: 'income', count: 2 },
        { category: 'expense', count: 1 },
      ],
      topRiskAddresses: [
        { address: 'rSanctioned', count: 1, maxRisk: 0.8, averageRisk: 0.8 },
        { address: 'rTreasury', count: 3, maxRisk: 0.8, averageRisk: 0.3 },
        { address: 'rSupplier', count: 2, maxRisk: 0.05, averageRisk: 0.05 },
      ],
      anomalyShare: 0,
    });

    const usd = await summary(viewer, {
      from: '2024-05-01T00:00:00Z',
      to: '2024-05-02T23:59:59.999Z',
      currency: 'usd',
      topAddresses: 1,
    });
    expect(usd.data).toMatchObject({
      currency: 'USD',
      count: 1,
      volumes: [{ currency: 'USD', count: 1, volume: '20000' }],
      topRiskAddresses: [{ address: 'rSanctioned', count: 1, maxRisk: 0.8, averageRisk: 0.8 }],
    });

    // Another organization sees none of it.
    const theirs = await summary(otherAdmin, {
      from: '2024-05-01T00:00:00Z',
      to: '2024-05-02T23:59:59.999Z',
    });
    expect(theirs.data).toMatchObject({ count: 0, volumes: [], daily: [], topRiskAddresses: [] });
  });

  it("covers the caller's own time range by default, ending now", async () => {
    const member = await join(api.url, admin, 'analyst');
    const organizationRows = [
      tx({ timestamp: daysAgo(1), currency: 'EUR', amount: '1' }),
      tx({ timestamp: daysAgo(6), currency: 'EUR', amount: '10' }),
      tx({ timestamp: daysAgo(20), currency: 'EUR', amount: '100' }),
      tx({ timestamp: daysAgo(45), currency: 'EUR', amount: '1000' }),
    ];
    await ingest(member, organizationRows);
    const before = Date.now();
    const defaults = await summary(member, { currency: 'EUR' });
    expect(defaults.status).toBe(200);
    expect(defaults.data?.volumes).toEqual([{ currency: 'EUR', count: 3, volume: '111' }]);
    const spanDays = (Date.parse(defaults.data!.to) - Date.parse(defaults.data!.from)) / DAY_MS;
    expect(spanDays).toBe(30);
    expect(Date.parse(defaults.data!.to)).toBeGreaterThanOrEqual(before);

    await ok(api.url, 'settings.update', { timeRangeDays: 7 }, member.credential);
    const week = await summary(member, { currency: 'EUR' });
    expect(week.data?.volumes).toEqual([{ currency: 'EUR', count: 2, volume: '11' }]);
    // Only `to`: the range is the 7 days before it.
    const earlier = await summary(member, { currency: 'EUR', to: daysAgo(21) });
    expect(earlier.data?.volumes).toEqual([]);
    const weekOf20 = await summary(member, { currency: 'EUR', to: daysAgo(14) });
    expect(weekOf20.data?.volumes).toEqual([{ currency: 'EUR', count: 1, volume: '100' }]);
    // Only `from`: up to now.
    const since = await summary(member, { currency: 'EUR', from: daysAgo(50) });
    expect(since.data?.volumes).toEqual([{ currency: 'EUR', count: 4, volume: '1111' }]);

    // The viewer's own settings are untouched by the analyst's.
    const viewerDefaults = await summary(viewer, { currency: 'EUR' });
    expect(viewerDefaults.data?.volumes).toEqual([{ currency: 'EUR', count: 3, volume: '111' }]);
  });

  it('answers an API key with its creator’s settings', async () => {
    const key = await createKey(api.url, admin, 'viewer');
    const result = await call<Summary>(api.url, 'analytics.summary', {}, { apiKey: key.secret });
    expect(result.status).toBe(200);
    expect((Date.parse(result.data!.to) - Date.parse(result.data!.from)) / DAY_MS).toBe(30);
  });

  it.each<[string, unknown]>([
    ['from after to', { from: '2024-05-02T00:00:00Z', to: '2024-05-01T00:00:00Z' }],
    ['a range over 3650 days', { from: '2000-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }],
    ['a from in the future (to defaults to now)', { from: '2999-01-01T00:00:00Z' }],
    ['a timestamp without a time zone', { from: '2024-05-01T00:00:00' }],
    ['no top addresses', { topAddresses: 0 }],
    ['too many top addresses', { topAddresses: 101 }],
    ['an unknown currency format', { currency: 'DOLLARS' }],
    ['an unknown field type', { from: 12 }],
  ])('refuses %s with a 400', async (_name, input) => {
    const result = await summary(viewer, input);
    expect(result.status).toBe(400);
    expect(result.error?.data.code).toBe('BAD_REQUEST');
  });

  it('names the problem of a range that is too long', async () => {
    const result = await summary(viewer, {
      from: '2000-01-01T00:00:00Z',
      to: '2024-01-01T00:00:00Z',
    });
    expect(result.error?.data.zodError?.fieldErrors).toEqual({
      from: ['the range must span at most 3650 days'],
    });
    const future = await summary(viewer, { from: '2999-01-01T00:00:00Z' });
    expect(future.error?.message).toBe('Invalid time range: from must not be after to');
  });

  it('needs a signed-in caller', async () => {
    expect((await call(api.url, 'analytics.summary', {}, null)).status).toBe(401);
  });
});
