import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import { call, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import { encodeXrplBase58Check } from '../xrpl/base58.js';
import type { Inputs, Outputs } from '../testing/trpc-http.js';

type NewTransaction = Inputs['transactions']['ingest']['transactions'][number];
type Explanation = Outputs['transactions']['explain'];

let api: RunningTestServer;
let admin: Member;
let analyst: Member;
let viewer: Member;

beforeAll(async () => {
  api = await startTestServer();
  admin = await signUp(api.url);
  analyst = await join(api.url, admin, 'analyst');
  viewer = await join(api.url, admin, 'viewer');
});
afterAll(() => api?.close());

function tx(overrides: Partial<NewTransaction> = {}): NewTransaction {
  return {
    chain: 'xrpl',
    txId: randomUUID().replaceAll('-', '').toUpperCase(),
    timestamp: '2024-05-01T12:00:00Z',
    fromAddress: `rFrom${randomUUID().slice(0, 8)}`,
    toAddress: `rTo${randomUUID().slice(0, 8)}`,
    amount: '50',
    currency: 'XRP',
    direction: 'out',
    memo: null,
    fee: '0',
    tags: [],
    ...overrides,
  };
}

const ingest = (member: Member, transactions: NewTransaction[]) =>
  ok<Outputs['transactions']['ingest']>(
    api.url,
    'transactions.ingest',
    { transactions },
    member.credential,
  );
const explain = (member: Member, id: string) =>
  ok<Explanation>(api.url, 'transactions.explain', { id }, member.credential);
const sumOf = (explanation: Explanation) =>
  Math.round(explanation.contributions.reduce((sum, part) => sum + part.points, 0) * 10_000) /
  10_000;

describe('scoring on ingest (SPEC §5)', () => {
  it('scores every row as SPEC §5 describes and stores the scores', async () => {
    const rows = [
      tx({ amount: '20000' }),
      tx({ direction: 'in', amount: '5', memo: 'scam mixer' }),
      tx({ amount: '100', fee: '6', memo: 'monthly Salary' }),
      tx({ amount: '0', fee: '1' }),
      tx({ amount: '1', tags: ['sanctioned'] }),
    ];
    const { items } = await ingest(analyst, rows);
    const computed = items.map(
      ({ category, riskScore, riskFlags, riskBucket, rulesetVersion }) => ({
        category,
        riskScore,
        riskFlags,
        riskBucket,
        scored: rulesetVersion !== null,
      }),
    );
    expect(computed).toEqual([
      {
        category: 'expense',
        // 0.10 + 0.10 + 0.10 + 0.15 + 0.15
        riskScore: 0.6,
        riskFlags: ['outgoing', 'medium_outgoing', 'large_outgoing', 'very_large_outgoing'],
        riskBucket: 'medium',
        scored: true,
      },
      {
        category: 'income',
        // 0.10 − 0.05 + (0.20 + 2 × 0.05)
        riskScore: 0.35,
        riskFlags: ['incoming', 'suspicious_memo'],
        riskBucket: 'medium',
        scored: true,
      },
      {
        category: 'income',
        // 0.10 + outgoing 0.10 + fee 0.05 + > 1 % 0.05 + > 5 % 0.10 (100 is not > 100)
        riskScore: 0.4,
        riskFlags: ['outgoing', 'fee_present', 'high_fee_ratio', 'very_high_fee_ratio'],
        riskBucket: 'medium',
        scored: true,
      },
      {
        category: 'fee',
        riskScore: 0.15,
        riskFlags: ['fee_present'],
        riskBucket: 'low',
        scored: true,
      },
      {
        category: 'expense',
        riskScore: 0.4,
        riskFlags: ['outgoing', 'sanctioned_or_mixer'],
        riskBucket: 'medium',
        scored: true,
      },
    ]);
    const stored = await ok<Outputs['transactions']['byId']>(
      api.url,
      'transactions.byId',
      { id: items[0]!.id },
      viewer.credential,
    );
    expect(stored).toEqual(items[0]);

    const memo = await explain(viewer, items[1]!.id);
    expect(memo.contributions.find((part) => part.flag === 'suspicious_memo')?.points).toBe(0.3);
  });

  it('applies the history rules from rows stored by earlier batches', async () => {
    const sender = `rLayer${randomUUID().slice(0, 8)}`;
    const at = (hour: number) => `2024-06-01T${String(hour).padStart(2, '0')}:00:00Z`;
    const small = [1, 2, 3, 4, 5].map((hour) =>
      tx({ fromAddress: sender, amount: '10', timestamp: at(hour) }),
    );
    await ingest(analyst, small);
    const { items } = await ingest(analyst, [
      tx({ fromAddress: sender, amount: '101', timestamp: at(10) }),
    ]);
    expect(items[0]!.riskFlags).toContain('amount_anomaly');
    // The five 10s went to five distinct recipients within 24 h: a sixth is layering.
    const { items: layered } = await ingest(analyst, [
      tx({ fromAddress: sender, amount: '10', timestamp: at(11) }),
    ]);
    expect(layered[0]!.riskFlags).toEqual(['outgoing', 'structured_layering']);

    const explanation = await explain(viewer, layered[0]!.id);
    expect(explanation.flags).toEqual(layered[0]!.riskFlags);
    expect(explanation.score).toBe(layered[0]!.riskScore);
    expect(sumOf(explanation)).toBe(explanation.score);
  });
});

describe('watched wallets', () => {
  const anAddress = () => encodeXrplBase58Check(Uint8Array.from([0, ...randomBytes(20)]));
  const addresses = () => [anAddress(), anAddress()] as const;
  const watch = (member: Member, address: string) =>
    ok(api.url, 'wallets.add', { address }, member.credential);

  it('scores a payment between two wallets one member watches as internal, whoever asks', async () => {
    const owner = await join(api.url, admin, 'analyst');
    const [from, to] = addresses();
    await watch(owner, from);
    await watch(owner, to);
    // The analyst ingesting it watches neither address: the owner's wallets decide (SPEC §5).
    const { items } = await ingest(analyst, [tx({ fromAddress: from, toAddress: to })]);
    // 0.10 + outgoing 0.10 − internal 0.25, clamped to 0.
    expect(items[0]).toMatchObject({
      riskFlags: ['outgoing', 'internal_transfer'],
      riskScore: 0,
      category: 'transfer',
    });
    for (const member of [owner, analyst]) {
      const scored = await ok<Outputs['transactions']['score']>(
        api.url,
        'transactions.score',
        { transaction: { ...tx({ fromAddress: from, toAddress: to }), txId: undefined } },
        member.credential,
      );
      expect(scored).toMatchObject({ flags: ['outgoing', 'internal_transfer'], score: 0 });
    }
    // Explained to a viewer (who watches nothing), the stored score comes out the same.
    const explanation = await explain(viewer, items[0]!.id);
    expect(explanation).toMatchObject({ flags: items[0]!.riskFlags, score: 0 });
    expect(explanation.contributions).toContainEqual({
      rule: 'internal_transfer',
      flag: 'internal_transfer',
      points: -0.25,
      detail: `both ${from} and ${to} are watched wallets of one user of the organization`,
    });
  });

  it('is no internal transfer when each party is watched by a different member', async () => {
    const [from, to] = addresses();
    await watch(analyst, from);
    await watch(await join(api.url, admin, 'analyst'), to);
    const { items } = await ingest(analyst, [tx({ fromAddress: from, toAddress: to })]);
    expect(items[0]).toMatchObject({ riskFlags: ['outgoing'], riskScore: 0.2 });
  });

  it("never counts another organization's watched wallets", async () => {
    const stranger = await signUp(api.url);
    const [from, to] = addresses();
    await watch(stranger, from);
    await watch(stranger, to);
    const { items } = await ingest(analyst, [tx({ fromAddress: from, toAddress: to })]);
    expect(items[0]).toMatchObject({ riskFlags: ['outgoing'], riskScore: 0.2 });
    const { items: theirs } = await ingest(stranger, [tx({ fromAddress: from, toAddress: to })]);
    expect(theirs[0]!.riskFlags).toEqual(['outgoing', 'internal_transfer']);
  });
});

describe('transactions.score', () => {
  it('evaluates a proposed transaction without storing it', async () => {
    const candidate = tx({ amount: '20000', memo: 'ransom' });
    const { txId: _txId, timestamp: _timestamp, ...withoutIds } = candidate;
    const before = await ok<Outputs['transactions']['list']>(
      api.url,
      'transactions.list',
      { limit: 200 },
      admin.credential,
    );
    for (const input of [candidate, withoutIds]) {
      const result = await ok<Outputs['transactions']['score']>(
        api.url,
        'transactions.score',
        { transaction: input },
        analyst.credential,
      );
      expect(result).toMatchObject({
        // 0.60 + memo 0.25
        score: 0.85,
        bucket: 'high',
        category: 'expense',
        flags: [
          'outgoing',
          'medium_outgoing',
          'large_outgoing',
          'very_large_outgoing',
          'suspicious_memo',
        ],
        version: expect.any(String) as string,
      });
      expect(result.contributions.reduce((sum, part) => sum + part.points, 0)).toBeCloseTo(0.85);
    }
    const after = await ok<Outputs['transactions']['list']>(
      api.url,
      'transactions.list',
      { limit: 200 },
      admin.credential,
    );
    expect(after).toEqual(before);
  });

  it('refuses bad input with 400 and viewers with 403', async () => {
    const bad = await call(
      api.url,
      'transactions.score',
      { transaction: tx({ amount: '1e400' }) },
      analyst.credential,
    );
    expect(bad.status).toBe(400);
    const refused = await call(
      api.url,
      'transactions.score',
      { transaction: tx() },
      viewer.credential,
    );
    expect(refused.status).toBe(403);
  });
});

describe('transactions.explain', () => {
  it('adds the contributions up to the score, clamp included', async () => {
    const { items } = await ingest(analyst, [
      tx({
        amount: '20000',
        fee: '2000',
        memo: 'scam phish hack fraud ransom malware',
        tags: ['mixer'],
      }),
      tx({ direction: 'in', amount: '0' }),
    ]);
    for (const item of items) {
      const explanation = await explain(viewer, item.id);
      expect(explanation).toMatchObject({
        transactionId: item.id,
        score: item.riskScore,
        bucket: item.riskBucket,
        flags: item.riskFlags,
        category: item.category,
        storedRulesetVersion: item.rulesetVersion,
      });
      expect(sumOf(explanation)).toBe(explanation.score);
    }
    const clamped = await explain(viewer, items[0]!.id);
    expect(clamped.score).toBe(1);
    expect(clamped.contributions.at(-1)?.rule).toBe('clamp');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect(
      (await call(api.url, 'transactions.explain', { id: uuidv7() }, viewer.credential)).status,
    ).toBe(404);
    expect(
      (await call(api.url, 'transactions.explain', { id: 'nope' }, viewer.credential)).status,
    ).toBe(400);
  });
});
