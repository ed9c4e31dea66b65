import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A ledger node on loopback answering `account_tx` as rippled does (API v2 entries), for the
 * console's XRPL import: `history` maps an account to its payments, newest first; any other
 * account gets rippled's actNotFound.
 */
export interface FakePayment {
  hash: string;
  from: string;
  to: string;
  /** XRP drops. */
  drops: string;
  /** UTC. */
  time: string;
  memo?: string;
}

export interface FakeXrplNode {
  url: string;
  close(): Promise<void>;
}

const rippleEpochSeconds = 946_684_800;
const hexOf = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();

function entry(payment: FakePayment) {
  const date = Date.parse(payment.time) / 1000 - rippleEpochSeconds;
  return {
    close_time_iso: payment.time,
    hash: payment.hash,
    ledger_index: 90_000_000,
    meta: { TransactionResult: 'tesSUCCESS', delivered_amount: payment.drops },
    tx_json: {
      Account: payment.from,
      Destination: payment.to,
      DeliverMax: payment.drops,
      Fee: '12',
      Flags: 0,
      Sequence: 7,
      TransactionType: 'Payment',
      date,
      ledger_index: 90_000_000,
      ...(payment.memo ? { Memos: [{ Memo: { MemoData: hexOf(payment.memo) } }] } : {}),
    },
    validated: true,
  };
}

function answer(account: string, history: ReadonlyMap<string, readonly FakePayment[]>) {
  const payments = history.get(account);
  if (!payments) {
    return {
      result: {
        account,
        error: 'actNotFound',
        error_code: 19,
        error_message: 'Account not found.',
        status: 'error',
        validated: true,
      },
    };
  }
  return {
    result: { account, transactions: payments.map(entry), validated: true, status: 'success' },
  };
}

export async function startFakeXrplNode(
  history: ReadonlyMap<string, readonly FakePayment[]>,
): Promise<FakeXrplNode> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        params: [{ account: string }];
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer(body.params[0].account, history)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
