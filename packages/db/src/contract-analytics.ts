/**
 * Part of the one store contract (see ./contract.ts): `analytics.summary` and `analytics.count`,
 * the same figures to the last digit on every store.
 */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-identity.js';
import { InvalidInputError } from './errors.js';
import type {
  AnalyticsSummaryRecord,
  RiskBucketName,
  ScoredTransaction,
  TransactionCategory,
} from './ports.js';
import { uuidv7 } from './uuidv7.js';

const DAY = '2024-06-01';
const at = (time: string) => `${DAY}T${time}Z`;
const WHOLE_DAY = { from: at('00:00:00.000'), to: at('23:59:59.999') };

const bucketOf = (score: number): RiskBucketName =>
  score < 0.33 ? 'low' : score < 0.66 ? 'medium' : 'high';

export function analyticsContract({ store, unique, newOrganization }: ContractContext): void {
  const tx = (
    overrides: Partial<ScoredTransaction> & { riskScore?: number } = {},
  ): ScoredTransaction => {
    const riskScore = overrides.riskScore ?? 0.1;
    return {
      chain: 'xrpl',
      txId: `TX-${unique()}`,
      timestamp: at('12:00:00.000'),
      fromAddress: 'rSender',
      toAddress: 'rReceiver',
      amount: '1',
      currency: 'XRP',
      direction: 'out',
      memo: null,
      fee: '0',
      tags: [],
      category: 'expense',
      riskFlags: [],
      rulesetVersion: 'test',
      ...overrides,
      riskScore,
      riskBucket: overrides.riskBucket ?? bucketOf(riskScore),
    };
  };
  const organizationWith = async (rows: ScoredTransaction[]): Promise<string> => {
    const organization = await newOrganization();
    await store().transactions.ingest(organization.id, rows);
    return organization.id;
  };
  const EMPTY: AnalyticsSummaryRecord = {
    count: 0,
    volumes: [],
    averageRisk: 0,
    buckets: { low: 0, medium: 0, high: 0 },
    daily: [],
    categories: [],
    topRiskAddresses: [],
    anomalyShare: 0,
  };

  describe('analytics.summary', () => {
    it('sums volumes exactly per currency, largest count first', async () => {
      const organizationId = await organizationWith([
        tx({ amount: '0.1' }),
        tx({ amount: '0.2' }),
        tx({ amount: '0.000000000000000001', currency: 'USD' }),
        tx({ amount: '99999999999999999999.999999999999999999', currency: 'USD' }),
        tx({ amount: '7', currency: 'USD' }),
        tx({ amount: '10.50', currency: 'EUR' }),
        tx({ amount: '1.5', currency: 'ABC' }),
      ]);
      const summary = await store().analytics.summary(organizationId, WHOLE_DAY);
      expect(summary.count).toBe(7);
      expect(summary.volumes).toEqual([
        { currency: 'USD', count: 3, volume: '100000000000000000007' },
        { currency: 'XRP', count: 2, volume: '0.3' },
        { currency: 'ABC', count: 1, volume: '1.5' },
        { currency: 'EUR', count: 1, volume: '10.5' },
      ]);
    });

    it('counts buckets, averages risk to four decimals and shares anomalies', async () => {
      const organizationId = await organizationWith([
        tx({ riskScore: 0.1 }),
        tx({ riskScore: 0.2, riskFlags: ['outgoing', 'amount_anomaly'] }),
        tx({ riskScore: 0.2, riskFlags: ['structured_layering'] }),
        tx({ riskScore: 0.5 }),
        tx({ riskScore: 0.95, riskFlags: ['amount_anomaly', 'structured_layering'] }),
        tx({ riskScore: 0.0001, riskFlags: ['amount_anomaly_like', 'anomaly'] }),
      ]);
      const summary = await store().analytics.summary(organizationId, WHOLE_DAY);
      expect(summary.buckets).toEqual({ low: 4, medium: 1, high: 1 });
      // (1000 + 2000 + 2000 + 5000 + 9500 + 1) / 6 = 3250.17 basis points.
      expect(summary.averageRisk).toBe(0.325);
      expect(summary.anomalyShare).toBe(3 / 6);
    });

    it('rounds the mean half up in basis points', async () => {
      const organizationId = await organizationWith([
        tx({ riskScore: 0.1 }),
        tx({ riskScore: 0.2 }),
        tx({ riskScore: 0.2 }),
        tx({ riskScore: 0.0001 }),
      ]);
      // (1000 + 2000 + 2000 + 1) / 4 = 1250.25 → 1250.
      expect((await store().analytics.summary(organizationId, WHOLE_DAY)).averageRisk).toBe(0.125);
      const halves = await organizationWith([tx({ riskScore: 0.0001 }), tx({ riskScore: 0.0002 })]);
      // 1.5 basis points → 2.
      expect((await store().analytics.summary(halves, WHOLE_DAY)).averageRisk).toBe(0.0002);
    });

    it('trends by UTC day, oldest first, with only the days that have rows', async () => {
      const organizationId = await organizationWith([
        tx({ timestamp: '2024-06-01T23:59:59.999Z', riskScore: 0.7 }),
        // 01:30 on 2 June in Paris is still 1 June in UTC.
        tx({ timestamp: '2024-06-02T01:30:00+02:00', riskScore: 0.1 }),
        tx({ timestamp: '2024-06-02T00:00:00.000Z', riskScore: 0.4 }),
        tx({ timestamp: '2024-06-04T08:00:00.000Z', riskScore: 0.2 }),
        tx({ timestamp: '2024-06-04T09:00:00.000Z', riskScore: 0.3 }),
      ]);
      const summary = await store().analytics.summary(organizationId, {
        from: '2024-06-01T00:00:00.000Z',
        to: '2024-06-30T00:00:00.000Z',
      });
      expect(summary.daily).toEqual([
        { day: '2024-06-01', count: 2, averageRisk: 0.4, low: 1, medium: 0, high: 1 },
        { day: '2024-06-02', count: 1, averageRisk: 0.4, low: 0, medium: 1, high: 0 },
        { day: '2024-06-04', count: 2, averageRisk: 0.25, low: 2, medium: 0, high: 0 },
      ]);
    });

    it('puts instants before 1970 on their own UTC day', async () => {
      const organizationId = await organizationWith([
        tx({ timestamp: '1969-12-31T23:59:59.999Z' }),
        tx({ timestamp: '1969-12-31T00:00:00.000Z' }),
        tx({ timestamp: '1970-01-01T00:00:00.000Z' }),
      ]);
      const summary = await store().analytics.summary(organizationId, {
        from: '1969-12-01T00:00:00Z',
        to: '1970-01-31T00:00:00Z',
      });
      expect(summary.daily.map(({ day, count }) => [day, count])).toEqual([
        ['1969-12-31', 2],
        ['1970-01-01', 1],
      ]);
    });

    it('lists categories most frequent first (ties by name)', async () => {
      const category = (value: TransactionCategory) => tx({ category: value });
      const organizationId = await organizationWith([
        category('trade'),
        category('fee'),
        category('fee'),
        category('income'),
        category('fee'),
        category('trade'),
        category('unknown'),
      ]);
      expect((await store().analytics.summary(organizationId, WHOLE_DAY)).categories).toEqual([
        { category: 'fee', count: 3 },
        { category: 'trade', count: 2 },
        { category: 'income', count: 1 },
        { category: 'unknown', count: 1 },
      ]);
    });

    it('ranks counterparty addresses by maximum, then average risk, then count', async () => {
      const organizationId = await organizationWith([
        // rHot: max 0.9 (as recipient), mean (0.9 + 0.1) / 2.
        tx({ fromAddress: 'rA', toAddress: 'rHot', riskScore: 0.9 }),
        tx({ fromAddress: 'rHot', toAddress: 'rB', riskScore: 0.1 }),
        // rSteady (and rA, rC): max 0.9, mean 0.9: ahead of rHot on the mean.
        tx({ fromAddress: 'rSteady', toAddress: 'rC', riskScore: 0.9 }),
        // rTwice and rOnce: max 0.6 and mean 0.6; rTwice has more rows.
        tx({ fromAddress: 'rTwice', toAddress: 'rD', riskScore: 0.6 }),
        tx({ fromAddress: 'rTwice', toAddress: 'rD', riskScore: 0.6 }),
        tx({ fromAddress: 'rOnce', toAddress: 'rE', riskScore: 0.6 }),
        // A payment to itself counts once for its address.
        tx({ fromAddress: 'rSelf', toAddress: 'rSelf', riskScore: 0.3 }),
      ]);
      const summary = await store().analytics.summary(organizationId, {
        ...WHOLE_DAY,
        topAddresses: 8,
      });
      expect(summary.topRiskAddresses).toEqual([
        // Equal on every figure: by address.
        { address: 'rA', count: 1, maxRisk: 0.9, averageRisk: 0.9 },
        { address: 'rC', count: 1, maxRisk: 0.9, averageRisk: 0.9 },
        { address: 'rSteady', count: 1, maxRisk: 0.9, averageRisk: 0.9 },
        { address: 'rHot', count: 2, maxRisk: 0.9, averageRisk: 0.5 },
        { address: 'rD', count: 2, maxRisk: 0.6, averageRisk: 0.6 },
        { address: 'rTwice', count: 2, maxRisk: 0.6, averageRisk: 0.6 },
        { address: 'rE', count: 1, maxRisk: 0.6, averageRisk: 0.6 },
        { address: 'rOnce', count: 1, maxRisk: 0.6, averageRisk: 0.6 },
      ]);
      const top = await store().analytics.summary(organizationId, {
        ...WHOLE_DAY,
        topAddresses: 2,
      });
      expect(top.topRiskAddresses.map((entry) => entry.address)).toEqual(['rA', 'rC']);
      // Ten by default: here every address, down to the least risky.
      const defaults = await store().analytics.summary(organizationId, WHOLE_DAY);
      expect(defaults.topRiskAddresses.slice(8)).toEqual([
        { address: 'rSelf', count: 1, maxRisk: 0.3, averageRisk: 0.3 },
        { address: 'rB', count: 1, maxRisk: 0.1, averageRisk: 0.1 },
      ]);
    });

    it('includes both bounds of the range and nothing outside it', async () => {
      const organizationId = await organizationWith([
        tx({ timestamp: '2024-06-01T09:59:59.999Z', amount: '1' }),
        tx({ timestamp: '2024-06-01T10:00:00.000Z', amount: '10' }),
        tx({ timestamp: '2024-06-01T11:00:00.000Z', amount: '100' }),
        tx({ timestamp: '2024-06-01T12:00:00.000Z', amount: '1000' }),
        tx({ timestamp: '2024-06-01T12:00:00.001Z', amount: '10000' }),
      ]);
      const range = { from: '2024-06-01T10:00:00.000Z', to: '2024-06-01T12:00:00.000Z' };
      const summary = await store().analytics.summary(organizationId, range);
      expect(summary.count).toBe(3);
      expect(summary.volumes).toEqual([{ currency: 'XRP', count: 3, volume: '1110' }]);
      expect(await store().analytics.count(organizationId, range)).toBe(3);
      // The bounds may name any offset: 12:00+02:00 is 10:00 UTC.
      const local = await store().analytics.summary(organizationId, {
        from: '2024-06-01T12:00:00+02:00',
        to: '2024-06-01T12:00:00+02:00',
      });
      expect(local.volumes).toEqual([{ currency: 'XRP', count: 1, volume: '10' }]);
    });

    it('keeps to one currency when asked, for every figure', async () => {
      const organizationId = await organizationWith([
        tx({ currency: 'XRP', amount: '1', riskScore: 0.9, toAddress: 'rXrp' }),
        tx({ currency: 'USD', amount: '2', riskScore: 0.2, toAddress: 'rUsd', category: 'fee' }),
        tx({ currency: 'USD', amount: '3', riskScore: 0.4, toAddress: 'rUsd', category: 'fee' }),
      ]);
      const summary = await store().analytics.summary(organizationId, {
        ...WHOLE_DAY,
        currency: 'USD',
      });
      expect(summary).toEqual({
        count: 2,
        volumes: [{ currency: 'USD', count: 2, volume: '5' }],
        averageRisk: 0.3,
        buckets: { low: 1, medium: 1, high: 0 },
        daily: [{ day: DAY, count: 2, averageRisk: 0.3, low: 1, medium: 1, high: 0 }],
        categories: [{ category: 'fee', count: 2 }],
        topRiskAddresses: [
          { address: 'rSender', count: 2, maxRisk: 0.4, averageRisk: 0.3 },
          { address: 'rUsd', count: 2, maxRisk: 0.4, averageRisk: 0.3 },
        ],
        anomalyShare: 0,
      });
      expect(
        await store().analytics.summary(organizationId, { ...WHOLE_DAY, currency: 'EUR' }),
      ).toEqual(EMPTY);
    });

    it('never counts another organization’s rows', async () => {
      const mine = await organizationWith([tx({ amount: '1' })]);
      await organizationWith([tx({ amount: '1000' }), tx({ amount: '1' })]);
      const summary = await store().analytics.summary(mine, WHOLE_DAY);
      expect(summary.count).toBe(1);
      expect(summary.volumes).toEqual([{ currency: 'XRP', count: 1, volume: '1' }]);
      expect(await store().analytics.count(mine, WHOLE_DAY)).toBe(1);
    });

    it('answers zeros for an empty range or an unknown organization', async () => {
      const organizationId = await organizationWith([tx()]);
      expect(
        await store().analytics.summary(organizationId, {
          from: '2024-07-01T00:00:00Z',
          to: '2024-07-31T00:00:00Z',
        }),
      ).toEqual(EMPTY);
      expect(await store().analytics.summary(uuidv7(), WHOLE_DAY)).toEqual(EMPTY);
      expect(await store().analytics.summary('not-an-id', WHOLE_DAY)).toEqual(EMPTY);
      expect(await store().analytics.count(uuidv7(), WHOLE_DAY)).toBe(0);
    });

    it.each([
      ['from after to', { from: at('12:00:00.001'), to: at('12:00:00.000') }],
      ['a bound without an offset', { from: '2024-06-01 00:00:00', to: at('12:00:00.000') }],
      ['a date that does not exist', { from: '2024-02-30T00:00:00Z', to: at('12:00:00.000') }],
      ['no top addresses', { ...WHOLE_DAY, topAddresses: 0 }],
      ['too many top addresses', { ...WHOLE_DAY, topAddresses: 101 }],
      ['a fractional number of addresses', { ...WHOLE_DAY, topAddresses: 1.5 }],
      ['an empty currency', { ...WHOLE_DAY, currency: '' }],
    ])('refuses %s with InvalidInputError', async (_, range) => {
      const organization = await newOrganization();
      await expect(store().analytics.summary(organization.id, range)).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    });

    it('refuses a reversed range for count too', async () => {
      const organization = await newOrganization();
      await expect(
        store().analytics.count(organization.id, { from: WHOLE_DAY.to, to: WHOLE_DAY.from }),
      ).rejects.toBeInstanceOf(InvalidInputError);
    });
  });
}
