/**
 * A fake rippled JSON-RPC server on 127.0.0.1 for tests, and builders for `account_tx` entries
 * shaped like the real ledger's (API v1 `tx` and API v2 `tx_json`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RIPPLE_EPOCH_OFFSET_SECONDS } from '../convert.js';

export interface JsonRpcRequest {
  method: string;
  params: Record<string, unknown>;
  /** The request's Authorization header, if any. */
  authorization?: string | undefined;
  path?: string | undefined;
}

/** What the fake sends back: JSON (status 200 unless said), raw text, or nothing at all. */
export type FakeReply =
  | { json: unknown; status?: number }
  | { text: string; status?: number; contentType?: string }
  | 'never';

export type FakeHandler = (request: JsonRpcRequest) => FakeReply;

export interface FakeRippled {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** Every request body received, parsed, in order. */
  requests: JsonRpcRequest[];
  close(): Promise<void>;
}

export async function startFakeRippled(handler: FakeHandler): Promise<FakeRippled> {
  const requests: JsonRpcRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const request = JSON.parse(body) as { method: string; params: [Record<string, unknown>] };
      const parsed = {
        method: request.method,
        params: request.params[0],
        authorization: req.headers.authorization,
        path: req.url,
      };
      requests.push(parsed);
      reply(res, handler(parsed));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function reply(res: ServerResponse, answer: FakeReply): void {
  if (answer === 'never') return;
  if ('json' in answer) {
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.json));
    return;
  }
  res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/plain' });
  res.end(answer.text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A ledger history served like rippled serves it: honours `limit`, hands out `{ ledger, seq }`
 * markers and resumes from them. `entries` are newest first.
 */
export function accountTxHistory(account: string, entries: unknown[]) {
  return (request: JsonRpcRequest): FakeReply => {
    const limit = typeof request.params.limit === 'number' ? request.params.limit : 200;
    const marker = request.params.marker as { ledger: number; seq: number } | undefined;
    const offset = marker?.seq ?? 0;
    const page = entries.slice(offset, offset + limit);
    const next = offset + page.length;
    return {
      json: {
        result: {
          account,
          ledger_index_max: 95_000_000,
          ledger_index_min: 32_570,
          limit,
          ...(next < entries.length ? { marker: { ledger: 94_000_000 - next, seq: next } } : {}),
          transactions: page,
          validated: true,
          status: 'success',
        },
      },
    };
  };
}

/** rippled's answer for an account that does not exist in the ledger. */
export function actNotFound(account: string): FakeReply {
  return {
    json: {
      result: {
        account,
        error: 'actNotFound',
        error_code: 19,
        error_message: 'Account not found.',
        request: { account, command: 'account_tx' },
        status: 'error',
        validated: true,
      },
    },
  };
}

export type LedgerAmountJson = string | { currency: string; issuer: string; value: string };

export interface PaymentSpec {
  hash: string;
  account: string;
  destination: string;
  /** What the sender asked for (Amount / DeliverMax). */
  amount: LedgerAmountJson;
  /** meta.delivered_amount (may be "unavailable"); defaults to `amount`; null leaves it out. */
  delivered?: LedgerAmountJson | null;
  fee?: string;
  /** Seconds since 2000-01-01. */
  date?: number;
  ledgerIndex?: number;
  flags?: number;
  memos?: string[];
  result?: string;
  destinationTag?: number;
}

export function hexOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex').toUpperCase();
}

export function rippleTime(iso: string): number {
  return Date.parse(iso) / 1000 - RIPPLE_EPOCH_OFFSET_SECONDS;
}

function paymentFields(spec: PaymentSpec) {
  return {
    Account: spec.account,
    Destination: spec.destination,
    Fee: spec.fee ?? '12',
    Flags: spec.flags ?? 2_147_483_648,
    LastLedgerSequence: (spec.ledgerIndex ?? 90_000_000) + 20,
    Sequence: 4_711,
    SigningPubKey: '03AB40A0490F9B7ED8DF29D246BF2D6269820A0EE7742ACDD457BEA7C7D0931EDB',
    TransactionType: 'Payment',
    TxnSignature:
      '3045022100D184EB4AE5956FF600E7536EE459345C7BBCF097A84CC61A93B9AF7197EDB98702201CEA8009B7BEEBAA2AACC0359B41C427C1C5B550A4CA4B80CF2174AF2D6D5DCE',
    ...(spec.destinationTag === undefined ? {} : { DestinationTag: spec.destinationTag }),
    ...(spec.memos === undefined
      ? {}
      : {
          Memos: spec.memos.map((text) => ({
            Memo: { MemoData: hexOf(text), MemoType: hexOf('text/plain') },
          })),
        }),
  };
}

function paymentMeta(spec: PaymentSpec) {
  const delivered = spec.delivered === undefined ? spec.amount : spec.delivered;
  return {
    AffectedNodes: [
      {
        ModifiedNode: {
          FinalFields: {
            Account: spec.account,
            Balance: '99999988',
            Flags: 0,
            OwnerCount: 0,
            Sequence: 4_712,
          },
          LedgerEntryType: 'AccountRoot',
          LedgerIndex: '13F1A95D7AAB7108D5CE7EEAF504B2894B8C674E6D68499076441C4837282BF8',
          PreviousFields: { Balance: '100000000', Sequence: 4_711 },
        },
      },
    ],
    TransactionIndex: 3,
    TransactionResult: spec.result ?? 'tesSUCCESS',
    ...(delivered === null ? {} : { delivered_amount: delivered }),
  };
}

/** An API v1 entry: the transaction in `tx` with its hash; Amount and DeliverMax both present. */
export function paymentV1(spec: PaymentSpec) {
  const ledgerIndex = spec.ledgerIndex ?? 90_000_000;
  return {
    meta: paymentMeta(spec),
    tx: {
      ...paymentFields(spec),
      Amount: spec.amount,
      DeliverMax: spec.amount,
      date: spec.date ?? 757_382_400,
      hash: spec.hash,
      inLedger: ledgerIndex,
      ledger_index: ledgerIndex,
    },
    validated: true,
  };
}

/** An API v2 entry: `tx_json` (DeliverMax, no Amount) with hash, ledger and close time beside it. */
export function paymentV2(spec: PaymentSpec, options: { withDate?: boolean } = {}) {
  const ledgerIndex = spec.ledgerIndex ?? 90_000_000;
  const date = spec.date ?? 757_382_400;
  return {
    close_time_iso: new Date((date + RIPPLE_EPOCH_OFFSET_SECONDS) * 1000)
      .toISOString()
      .replace('.000Z', 'Z'),
    hash: spec.hash,
    ledger_hash: '4BC50C9B0D8515D3EAAE1E74B29A95804346C491EE1A95BF25E4AAB854A6A652',
    ledger_index: ledgerIndex,
    meta: paymentMeta(spec),
    tx_json: {
      ...paymentFields(spec),
      DeliverMax: spec.amount,
      ...(options.withDate === false ? {} : { date }),
      ledger_index: ledgerIndex,
    },
    validated: true,
  };
}

/** A non-payment (an offer) as API v2 shows it. */
export function offerCreateV2(hash: string, account: string) {
  return {
    close_time_iso: '2024-01-01T00:00:00Z',
    hash,
    ledger_hash: '4BC50C9B0D8515D3EAAE1E74B29A95804346C491EE1A95BF25E4AAB854A6A652',
    ledger_index: 90_000_001,
    meta: { AffectedNodes: [], TransactionIndex: 0, TransactionResult: 'tesSUCCESS' },
    tx_json: {
      Account: account,
      Fee: '10',
      Flags: 0,
      Sequence: 7,
      TakerGets: '15000000000',
      TakerPays: { currency: 'USD', issuer: 'rvYAfWj5gh67oV6fW32ZzP3Aw4Eubs59B', value: '7072.8' },
      TransactionType: 'OfferCreate',
      date: 757_382_460,
      ledger_index: 90_000_001,
    },
    validated: true,
  };
}

/** A 64-hex-digit transaction hash made from a small number, for readable tests. */
export function txHash(n: number): string {
  return n.toString(16).toUpperCase().padStart(64, 'A');
}
