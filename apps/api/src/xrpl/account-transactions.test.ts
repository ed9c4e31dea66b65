import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fetchAccountTransactions,
  type FetchAccountTransactionsOptions,
} from './account-transactions.js';
import { XrplError, type XrplErrorCode } from './errors.js';
import {
  accountTxHistory,
  actNotFound,
  offerCreateV2,
  paymentV1,
  paymentV2,
  startFakeRippled,
  txHash,
  type FakeHandler,
  type FakeRippled,
} from './testing/fake-rippled.js';

const ACCOUNT = 'rLNaPoKeeBjZe2qs6x52yVPZpZ8td4dc6w';
const OTHER = 'rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn';
const ISSUER = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const USD = { currency: 'USD', issuer: ISSUER, value: '250.75' };

const servers: FakeRippled[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fakeNode(handler: FakeHandler): Promise<FakeRippled> {
  const server = await startFakeRippled(handler);
  servers.push(server);
  return server;
}

async function expectXrplError(promise: Promise<unknown>, code: XrplErrorCode): Promise<XrplError> {
  const error: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(XrplError);
  expect((error as XrplError).code).toBe(code);
  return error as XrplError;
}

/** Seven entries, newest first: payments both ways, a USD payment, a memo, a partial payment, an offer. */
function mixedHistory() {
  return [
    paymentV2({
      hash: txHash(7),
      account: ACCOUNT,
      destination: OTHER,
      amount: '1',
      date: 757_382_400,
    }),
    paymentV2({
      hash: txHash(6),
      account: OTHER,
      destination: ACCOUNT,
      amount: USD,
      memos: ['invoice 42'],
    }),
    offerCreateV2(txHash(5), ACCOUNT),
    paymentV2({
      hash: txHash(4),
      account: OTHER,
      destination: ACCOUNT,
      amount: '1000000000',
      delivered: '2500000',
      flags: 0x0002_0000,
    }),
    paymentV2({
      hash: txHash(3),
      account: ACCOUNT,
      destination: OTHER,
      amount: '3',
      result: 'tecPATH_DRY',
    }),
    paymentV2({ hash: txHash(2), account: ACCOUNT, destination: OTHER, amount: '20000000' }),
    paymentV2({ hash: txHash(1), account: OTHER, destination: ACCOUNT, amount: '1000000' }),
  ];
}

function options(node: FakeRippled, extra: Partial<FetchAccountTransactionsOptions> = {}) {
  return { rpcUrl: node.url, account: ACCOUNT, timeoutMs: 2_000, ...extra };
}

describe('fetchAccountTransactions', () => {
  it('follows markers across pages and converts every payment', async () => {
    const node = await fakeNode(accountTxHistory(ACCOUNT, mixedHistory()));
    const result = await fetchAccountTransactions(options(node, { pageSize: 3 }));

    expect(result.pages).toBe(3);
    expect(result.fetched).toBe(7);
    expect(result.complete).toBe(true);
    expect(result.nextMarker).toBeNull();
    // Each request asks for the page size and hands back exactly the marker of the page before.
    expect(node.requests.map((request) => request.method)).toEqual([
      'account_tx',
      'account_tx',
      'account_tx',
    ]);
    expect(node.requests[0]?.params).toMatchObject({
      account: ACCOUNT,
      limit: 3,
      binary: false,
      forward: false,
      ledger_index_min: -1,
      ledger_index_max: -1,
      api_version: 2,
    });
    expect(node.requests[0]?.params).not.toHaveProperty('marker');
    expect(node.requests[1]?.params.marker).toEqual({ ledger: 93_999_997, seq: 3 });
    expect(node.requests[2]?.params.marker).toEqual({ ledger: 93_999_994, seq: 6 });

    expect(
      result.transactions.map((tx) => [tx.txId, tx.direction, tx.amount, tx.currency]),
    ).toEqual([
      [txHash(7), 'out', '0.000001', 'XRP'],
      [txHash(6), 'in', '250.75', 'USD'],
      [txHash(4), 'in', '2.5', 'XRP'],
      [txHash(2), 'out', '20', 'XRP'],
      [txHash(1), 'in', '1', 'XRP'],
    ]);
    expect(result.transactions[0]?.timestamp).toBe('2024-01-01T00:00:00.000Z');
    expect(result.transactions[1]).toMatchObject({ issuer: ISSUER, memo: 'invoice 42' });
    expect(result.transactions[2]).toMatchObject({
      partialPayment: true,
      tags: ['partial_payment'],
    });
    expect(
      result.skipped.map(({ txId, transactionType, reason }) => [txId, transactionType, reason]),
    ).toEqual([
      [txHash(5), 'OfferCreate', 'not_payment'],
      [txHash(3), 'Payment', 'failed'],
    ]);
    expect(result.skipped[1]?.detail).toContain('tecPATH_DRY');
    expect(result.skippedCounts).toMatchObject({ not_payment: 1, failed: 1, not_a_party: 0 });
  });

  it('reads API v1 answers (tx with hash inside, Amount and DeliverMax) when asked for version 1', async () => {
    const history = [
      paymentV1({
        hash: txHash(9),
        account: ACCOUNT,
        destination: OTHER,
        amount: USD,
        memos: ['refund'],
      }),
      paymentV1({
        hash: txHash(8),
        account: OTHER,
        destination: ACCOUNT,
        amount: '1500000',
        fee: '10',
      }),
    ];
    const node = await fakeNode(accountTxHistory(ACCOUNT, history));
    const result = await fetchAccountTransactions(options(node, { apiVersion: 1 }));

    expect(node.requests[0]?.params.api_version).toBe(1);
    expect(result.transactions).toMatchObject([
      {
        txId: txHash(9),
        direction: 'out',
        amount: '250.75',
        currency: 'USD',
        issuer: ISSUER,
        memo: 'refund',
      },
      {
        txId: txHash(8),
        direction: 'in',
        amount: '1.5',
        currency: 'XRP',
        fee: '0.00001',
        ledgerIndex: 90_000_000,
      },
    ]);
  });

  it('stops at the limit, asks only for what is left, and resumes from nextMarker', async () => {
    const history = Array.from({ length: 10 }, (_, i) =>
      paymentV2({
        hash: txHash(100 - i),
        account: OTHER,
        destination: ACCOUNT,
        amount: String(i + 1),
      }),
    );
    const node = await fakeNode(accountTxHistory(ACCOUNT, history));

    const first = await fetchAccountTransactions(options(node, { pageSize: 4, limit: 6 }));
    expect(node.requests.map((request) => request.params.limit)).toEqual([4, 2]);
    expect(first).toMatchObject({ fetched: 6, pages: 2, complete: false });
    expect(first.nextMarker).toEqual({ ledger: 93_999_994, seq: 6 });
    expect(first.transactions.map((tx) => tx.amount)).toEqual([
      '0.000001',
      '0.000002',
      '0.000003',
      '0.000004',
      '0.000005',
      '0.000006',
    ]);

    const rest = await fetchAccountTransactions(
      options(node, { pageSize: 4, marker: first.nextMarker! }),
    );
    expect(node.requests[2]?.params.marker).toEqual({ ledger: 93_999_994, seq: 6 });
    expect(rest).toMatchObject({ fetched: 4, complete: true, nextMarker: null });
    expect(rest.transactions.map((tx) => tx.txId)).toEqual([
      txHash(94),
      txHash(93),
      txHash(92),
      txHash(91),
    ]);
  });

  it('never returns more than the limit from a node that ignores the page size', async () => {
    const history = Array.from({ length: 5 }, (_, i) =>
      paymentV2({ hash: txHash(i + 1), account: ACCOUNT, destination: OTHER, amount: '1' }),
    );
    const node = await fakeNode(() => ({
      json: {
        result: {
          account: ACCOUNT,
          marker: { ledger: 1, seq: 1 },
          transactions: history,
          validated: true,
        },
      },
    }));
    const result = await fetchAccountTransactions(options(node, { limit: 3 }));
    expect(result).toMatchObject({ fetched: 3, complete: false, nextMarker: null });
    expect(result.transactions).toHaveLength(3);
  });

  it('refuses a node that hands out the same marker twice instead of looping', async () => {
    const node = await fakeNode(() => ({
      json: {
        result: {
          account: ACCOUNT,
          marker: { ledger: 5, seq: 5 },
          transactions: [],
          validated: true,
        },
      },
    }));
    const error = await expectXrplError(
      fetchAccountTransactions(options(node)),
      'malformed_response',
    );
    expect(error.message).toContain('repeats an earlier marker');
    expect(node.requests).toHaveLength(2);
  });

  it('reports the node error actNotFound with its code and message', async () => {
    const node = await fakeNode(() => actNotFound(ACCOUNT));
    const error = await expectXrplError(fetchAccountTransactions(options(node)), 'node_error');
    expect(error).toMatchObject({ nodeError: 'actNotFound', nodeErrorCode: 19, retryable: false });
    expect(error.message).toBe(
      '127.0.0.1:' +
        new URL(node.url).port +
        ' refused account_tx: actNotFound (Account not found.)',
    );
  });

  it('reports a node error sent with an HTTP error status as the node error, marked retryable when it is', async () => {
    const node = await fakeNode(() => ({
      status: 503,
      json: {
        result: {
          error: 'tooBusy',
          error_code: 9,
          error_message: 'The server is too busy to help you now.',
          status: 'error',
        },
      },
    }));
    const error = await expectXrplError(fetchAccountTransactions(options(node)), 'node_error');
    expect(error).toMatchObject({ nodeError: 'tooBusy', httpStatus: 503, retryable: true });
  });

  it('gives up on a node that never answers within timeoutMs', async () => {
    const node = await fakeNode(() => 'never');
    const started = performance.now();
    const error = await expectXrplError(
      fetchAccountTransactions(options(node, { timeoutMs: 150 })),
      'timeout',
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.message).toContain('within 150 ms');
    expect(error.retryable).toBe(true);
  });

  it('turns a redirect into http_error instead of following it', async () => {
    const node = await fakeNode(() => ({ status: 307, text: '' }));
    const error = await expectXrplError(fetchAccountTransactions(options(node)), 'http_error');
    expect(error).toMatchObject({ httpStatus: 307, retryable: false });
  });

  it('turns an HTTP 500 into http_error', async () => {
    const node = await fakeNode(() => ({ status: 500, text: 'Internal Server Error' }));
    const error = await expectXrplError(fetchAccountTransactions(options(node)), 'http_error');
    expect(error).toMatchObject({ httpStatus: 500, retryable: true });
  });

  it('turns garbage instead of JSON into malformed_response', async () => {
    const node = await fakeNode(() => ({
      text: '<html>upstream gone</html>{"result":',
      contentType: 'application/json',
    }));
    const error = await expectXrplError(
      fetchAccountTransactions(options(node)),
      'malformed_response',
    );
    expect(error.message).toContain('not JSON');
  });

  it.each([
    ['no result', { jsonrpc: '2.0' }, 'body.result'],
    ['no transactions', { result: { account: ACCOUNT, status: 'success' } }, 'result.transactions'],
    ['transactions not a list', { result: { transactions: 'none' } }, 'result.transactions'],
    ['a payment without Destination', null, 'tx_json.Destination'],
    ['a marker that is a number', { result: { transactions: [], marker: 7 } }, 'marker'],
    ['another account', { result: { account: OTHER, transactions: [] } }, 'another account'],
  ])('turns an answer with %s into malformed_response', async (_case, json, mentioned) => {
    const broken = paymentV2({
      hash: txHash(1),
      account: ACCOUNT,
      destination: OTHER,
      amount: '1',
    });
    delete (broken.tx_json as Record<string, unknown>).Destination;
    const body = json ?? { result: { account: ACCOUNT, transactions: [broken], validated: true } };
    const node = await fakeNode(() => ({ json: body }));
    const error = await expectXrplError(
      fetchAccountTransactions(options(node)),
      'malformed_response',
    );
    expect(error.message).toContain(mentioned);
  });

  it('refuses an answer larger than maxResponseBytes', async () => {
    const node = await fakeNode(() => ({
      json: { result: { transactions: [], padding: 'x'.repeat(10_000) } },
    }));
    const error = await expectXrplError(
      fetchAccountTransactions(options(node, { maxResponseBytes: 4_096 })),
      'malformed_response',
    );
    expect(error.message).toContain('larger than 4096 bytes');
  });

  it('refuses an invalid or X-address account before sending anything', async () => {
    const node = await fakeNode(accountTxHistory(ACCOUNT, []));
    const badChecksum = await expectXrplError(
      fetchAccountTransactions(options(node, { account: 'rLNaPoKeeBjZe2qs6x52yVPZpZ8td4dc6W' })),
      'invalid_address',
    );
    expect(badChecksum.message).toContain('checksum');
    const xAddress = await expectXrplError(
      fetchAccountTransactions(
        options(node, { account: 'X7AcgcsBL6XDcUb289X4mJ8djcdyKaB5hJDWMArnXr61cqZ' }),
      ),
      'invalid_address',
    );
    expect(xAddress.message).toContain('X-address');
    expect(node.requests).toHaveLength(0);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 10_001 }, 'limit'],
    [{ pageSize: 401 }, 'pageSize'],
    [{ timeoutMs: 1.5 }, 'timeoutMs'],
    [{ rpcUrl: 'ftp://127.0.0.1/' }, 'rpcUrl'],
  ])('refuses the option %j', async (extra, named) => {
    const node = await fakeNode(accountTxHistory(ACCOUNT, []));
    const error = await expectXrplError(
      fetchAccountTransactions(options(node, extra)),
      'invalid_options',
    );
    expect(error.message).toContain(named);
  });

  it('names the node by host only, never by the path or credentials of its URL', async () => {
    const node = await fakeNode(() => ({ status: 500, text: '' }));
    const secretUrl =
      node.url.replace('http://', 'http://user:hunter%402@') + 'secret-api-key-123/';
    const error = await expectXrplError(
      fetchAccountTransactions(options(node, { rpcUrl: secretUrl })),
      'http_error',
    );
    expect(error.message).not.toMatch(/secret-api-key|hunter|user/);
    expect(error.message).toContain('127.0.0.1');
    // User info in the URL is sent as HTTP Basic authentication (fetch refuses it in the URL).
    expect(node.requests[0]?.path).toBe('/secret-api-key-123/');
    expect(node.requests[0]?.authorization).toBe(
      `Basic ${Buffer.from('user:hunter@2').toString('base64')}`,
    );
  });

  it('reports a node that refuses the connection as network_error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await expectXrplError(
      fetchAccountTransactions({
        rpcUrl: `http://127.0.0.1:${port}/`,
        account: ACCOUNT,
        timeoutMs: 2_000,
      }),
      'network_error',
    );
    expect(error.message).toContain('ECONNREFUSED');
  });

  it("stops when the caller's signal fires", async () => {
    const node = await fakeNode(() => 'never');
    const controller = new AbortController();
    const pending = fetchAccountTransactions(
      options(node, { signal: controller.signal, timeoutMs: 60_000 }),
    );
    await expect.poll(() => node.requests.length).toBe(1);
    controller.abort();
    await expectXrplError(pending, 'aborted');
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = (input) => {
      calls.push(input instanceof Request ? input.url : input.toString());
      return Promise.resolve(
        Response.json({ result: { account: ACCOUNT, transactions: [], validated: true } }),
      );
    };
    const result = await fetchAccountTransactions({
      rpcUrl: 'https://xrpl.example/',
      account: ACCOUNT,
      fetch: fakeFetch,
    });
    expect(calls).toEqual(['https://xrpl.example/']);
    expect(result).toMatchObject({ fetched: 0, complete: true, transactions: [] });
  });
});
