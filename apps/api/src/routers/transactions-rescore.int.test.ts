import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '@klerno/db';
import { join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startPostgresTestServer, type RunningPostgresTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type Job = Outputs['transactions']['rescoreStatus'];

const START = Date.parse('2024-03-01T00:00:00.000Z');
const RANGE = { from: '2024-03-01T00:00:00.000Z', to: '2024-03-02T00:00:00.000Z' };

let api: RunningPostgresTestServer;
let admin: Member;
let analyst: Member;

beforeAll(async () => {
  api = await startPostgresTestServer();
  admin = await signUp(api.url);
  analyst = await join(api.url, admin, 'analyst');
});
afterAll(() => api?.close());

describe('re-scoring and analytics on PostgreSQL', () => {
  it('re-scores over two pages after a label import and the summary shows it', async () => {
    // 1200 outgoing payments of 20000 XRP and more (0.6, medium), half of them to rFlagged.
    const transactions = Array.from({ length: 1200 }, (_, index) => ({
      chain: 'xrpl',
      txId: `PG${uuidv7().replaceAll('-', '')}`,
      timestamp: new Date(START + index * 60_000).toISOString(),
      fromAddress: 'rTreasury',
      toAddress: index % 2 === 0 ? 'rFlagged' : 'rClean',
      amount: `${20_000 + index}.5`,
      currency: 'XRP',
      direction: 'out',
    }));
    for (let start = 0; start < transactions.length; start += 1000) {
      await ok(
        api.url,
        'transactions.ingest',
        { transactions: transactions.slice(start, start + 1000) },
        analyst.credential,
      );
    }
    await ok(
      api.url,
      'labels.import',
      { csv: 'address,chain,label,source\nrFlagged,xrpl,mixer,Mixer watch list\n' },
      admin.credential,
    );
    const { job } = await ok<Outputs['transactions']['rescore']>(
      api.url,
      'transactions.rescore',
      RANGE,
      analyst.credential,
    );
    const done = await vi.waitFor(
      async () => {
        const now = await ok<Job>(
          api.url,
          'transactions.rescoreStatus',
          { jobId: job.id },
          analyst.credential,
        );
        if (now.status !== 'succeeded' && now.status !== 'failed') throw new Error(now.status);
        return now;
      },
      { timeout: 20_000, interval: 25 },
    );
    expect(done).toMatchObject({
      status: 'succeeded',
      processed: 1200,
      total: 1200,
      result: { rescored: 1200, changed: 600, alertsRaised: 600 },
    });

    const summary = await ok<Outputs['analytics']['summary']>(
      api.url,
      'analytics.summary',
      { ...RANGE, topAddresses: 2 },
      admin.credential,
    );
    // Σ (20000 + i + 0.5) for i < 1200 = 24,000,000 + 719,400 + 600.
    expect(summary).toMatchObject({
      count: 1200,
      volumes: [{ currency: 'XRP', count: 1200, volume: '24720000' }],
      buckets: { low: 0, medium: 600, high: 600 },
      averageRisk: 0.7,
      topRiskAddresses: [
        { address: 'rFlagged', count: 600, maxRisk: 0.8, averageRisk: 0.8 },
        { address: 'rTreasury', count: 1200, maxRisk: 0.8, averageRisk: 0.7 },
      ],
    });
    expect(summary.daily).toEqual([
      { day: '2024-03-01', count: 1200, averageRisk: 0.7, low: 0, medium: 600, high: 600 },
    ]);
  });
});
