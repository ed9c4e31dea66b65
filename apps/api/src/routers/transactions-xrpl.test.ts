import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';
import {
  accountTxHistory,
  actNotFound,
  offerCreateV2,
  paymentV2,
  rippleTime,
  startFakeRippled,
  txHash,
  type FakeHandler,
  type FakeRippled,
} from '../xrpl/testing/fake-rippled.js';

type ImportResult = Outputs['transactions']['importXrpl'];
type Page = Outputs['transactions']['list'];

/** Accounts the fake node answers differently for. */
const ACCOUNT = 'rLNaPoKeeBjZe2qs6x52yVPZpZ8td4dc6w';
const COUNTERPARTY = 'rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn';
const ISSUER = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const UNKNOWN = 'ra5nK24KXen9AHvsdFTKHSANinZseWnPcX';
const SILENT = 'rrrrrrrrrrrrrrrrrrrrBZbvji';
const GARBLED = 'rrrrrrrrrrrrrrrrrrrrrhoLvTp';
const BUSY = 'rrrrrrrrrrrrrrrrrNAMEtxvNvQ';
const SHORT = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';

/** 450 entries, newest first (three pages of 200): special ones first, then plain XRP payments. */
function longHistory() {
  return [
    paymentV2({
      hash: txHash(1),
      account: COUNTERPARTY,
      destination: ACCOUNT,
      amount: { currency: 'USD', issuer: ISSUER, value: '250.75' },
      memos: ['invoice 7 ✓'],
      date: rippleTime('2024-05-01T12:00:00Z'),
    }),
    offerCreateV2(txHash(2), ACCOUNT),
    ...Array.from({ length: 448 }, (_, i) =>
      paymentV2({
        hash: txHash(0x1000 + i),
        account: ACCOUNT,
        destination: COUNTERPARTY,
        amount: String(1_000_001 + i),
        date: rippleTime('2024-04-01T00:00:00Z') - i,
      }),
    ),
  ];
}

const shortHistory = Array.from({ length: 12 }, (_, i) =>
  paymentV2({ hash: txHash(10_000 + i), account: SHORT, destination: COUNTERPARTY, amount: '5' }),
);

const handler: FakeHandler = (request) => {
  const account = String(request.params.account);
  if (account === ACCOUNT) return accountTxHistory(ACCOUNT, longHistory())(request);
  if (account === SHORT) return accountTxHistory(SHORT, shortHistory)(request);
  if (account === UNKNOWN) return actNotFound(UNKNOWN);
  if (account === SILENT) return 'never';
  if (account === GARBLED)
    return { text: '<html>502 from a proxy</html>', contentType: 'text/html' };
  if (account === BUSY) {
    return { json: { result: { error: 'slowDown', error_code: 10, status: 'error' } } };
  }
  return accountTxHistory(account, [])(request);
};

let rippled: FakeRippled;
let api: RunningTestServer;
let analyst: Member;

beforeAll(async () => {
  rippled = await startFakeRippled(handler);
  api = await startTestServer({
    env: { XRPL_RPC_URL: rippled.url },
    hardLimits: { xrplRequestTimeoutMs: 300 },
  });
  analyst = await join(api.url, await signUp(api.url), 'analyst');
});
afterAll(async () => {
  await api?.close();
  await rippled?.close();
});

const importXrpl = (member: Member, input: Record<string, unknown>) =>
  call<ImportResult>(api.url, 'transactions.importXrpl', input, member.credential);

async function allStored(member: Member) {
  const items: Page['items'] = [];
  let cursor: string | undefined;
  do {
    const page: Page = await ok<Page>(
      api.url,
      'transactions.list',
      { limit: 200, ...(cursor ? { cursor } : {}) },
      member.credential,
    );
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('transactions.importXrpl', () => {
  it('reads every page, converts exactly, stores the payments and skips the rest', async () => {
    const member = await join(api.url, await signUp(api.url), 'analyst');
    const before = rippled.requests.length;
    const result = await importXrpl(member, { account: ACCOUNT });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({
      account: ACCOUNT,
      created: 449,
      duplicates: [],
      skipped: 1,
      skippedByReason: { not_payment: 1 },
      fetched: 450,
      complete: true,
      nextMarker: null,
    });
    expect(rippled.requests.length - before).toBe(3);

    const stored = await allStored(member);
    expect(stored).toHaveLength(449);
    expect(stored[0]).toMatchObject({
      chain: 'xrpl',
      txId: txHash(1),
      timestamp: '2024-05-01T12:00:00.000Z',
      fromAddress: COUNTERPARTY,
      toAddress: ACCOUNT,
      amount: '250.75',
      currency: 'USD',
      issuer: ISSUER,
      direction: 'in',
      memo: 'invoice 7 ✓',
      fee: '0.000012',
    });
    expect(stored[1]).toMatchObject({
      txId: txHash(0x1000),
      amount: '1.000001',
      currency: 'XRP',
      issuer: null,
      direction: 'out',
    });
    expect(stored.at(-1)).toMatchObject({ txId: txHash(0x1000 + 447), amount: '1.000448' });
  });

  it('is idempotent: importing again reports every payment as a duplicate', async () => {
    const member = await join(api.url, await signUp(api.url), 'analyst');
    const first = await importXrpl(member, { account: SHORT });
    expect(first.data!.created).toBe(12);
    const again = await importXrpl(member, { account: SHORT });
    expect(again.data).toMatchObject({ created: 0, complete: true });
    expect(again.data!.duplicates.map((d) => d.txId)).toEqual(shortHistory.map((e) => e.hash));
    expect(await allStored(member)).toHaveLength(12);
  });

  it('stops at the limit and continues from nextMarker', async () => {
    const member = await join(api.url, await signUp(api.url), 'analyst');
    const first = await importXrpl(member, { account: SHORT, limit: 5 });
    expect(first.data).toMatchObject({ created: 5, complete: false });
    expect(first.data!.nextMarker).toEqual({ ledger: expect.any(Number) as number, seq: 5 });
    const second = await importXrpl(member, {
      account: SHORT,
      limit: 10,
      marker: first.data!.nextMarker,
    });
    expect(second.data).toMatchObject({ created: 7, complete: true, nextMarker: null });
    expect(await allStored(member)).toHaveLength(12);
  });

  it.each([
    ['a bad checksum', 'rLNaPoKeeBjZe2qs6x52yVPZpZ8td4dc6W', 'wrong checksum'],
    ['an X-address', 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi', 'X-address'],
    ['a Bitcoin address', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'checksum'],
    ['nothing', '', 'empty'],
  ])('refuses %s with 400 before asking the node', async (_, account, message) => {
    const before = rippled.requests.length;
    const result = await importXrpl(analyst, { account });
    expect(result.status).toBe(400);
    expect(result.error!.message).toContain(message);
    expect(result.error!.data.zodError!.issues[0]!.path).toEqual(['account']);
    expect(rippled.requests.length).toBe(before);
  });

  it('refuses a limit over 10000 and a malformed marker with 400', async () => {
    expect((await importXrpl(analyst, { account: SHORT, limit: 10_001 })).status).toBe(400);
    expect((await importXrpl(analyst, { account: SHORT, marker: 42 })).status).toBe(400);
  });

  it.each([
    [
      UNKNOWN,
      404,
      'NOT_FOUND',
      /^The account ra5n\S+ does not exist on the XRP Ledger \(The XRPL node refused account_tx: actNotFound \(Account not found\.\)\)$/,
    ],
    [
      SILENT,
      504,
      'GATEWAY_TIMEOUT',
      /^The XRPL node did not answer account_tx within 300 ms; try again/,
    ],
    [
      GARBLED,
      502,
      'BAD_GATEWAY',
      /^The XRPL node answered account_tx with something that is not JSON$/,
    ],
    [BUSY, 503, 'SERVICE_UNAVAILABLE', /slowDown/],
  ])(
    'answers the node trouble of %s with %i, naming no host, writing nothing',
    async (account, status, code, message) => {
      const member = await join(api.url, await signUp(api.url), 'analyst');
      const result = await importXrpl(member, { account });
      expect(result.status).toBe(status);
      expect(result.error!.data.code).toBe(code);
      expect(result.error!.message).toMatch(message);
      expect(result.error!.message).not.toContain('127.0.0.1');
      expect(await allStored(member)).toEqual([]);
    },
  );

  it('answers 502 when the node cannot be reached', async () => {
    const unreachable = await startTestServer({
      env: { XRPL_RPC_URL: 'http://user:provider-key@127.0.0.1:9/rpc/secret-path' },
    });
    try {
      const member = await join(unreachable.url, await signUp(unreachable.url), 'analyst');
      const result = await call(
        unreachable.url,
        'transactions.importXrpl',
        { account: SHORT },
        member.credential,
      );
      expect(result.status).toBe(502);
      expect(result.error!.message).toMatch(/^Could not reach the XRPL node: /);
      expect(JSON.stringify(result.error)).not.toMatch(/provider-key|secret-path|127\.0\.0\.1:9/);
    } finally {
      await unreachable.close();
    }
  });

  it('is for analysts and admins only', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    expect((await importXrpl(viewer, { account: SHORT })).status).toBe(403);
  });
});
