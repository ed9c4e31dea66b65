import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Inputs, Outputs } from '../testing/trpc-http.js';

type NewTransaction = Inputs['transactions']['ingest']['transactions'][number];

const DOWNLOAD = '/exports/transactions.csv';
const LARGE = 20_000;

let api: RunningTestServer;
/** An organization holding LARGE transactions. */
let large: { analyst: Member; viewer: Member };

function tx(i: number, overrides: Partial<NewTransaction> = {}): NewTransaction {
  return {
    chain: 'xrpl',
    txId: `${randomUUID().replaceAll('-', '')}${i}`,
    timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    // A sender per row: one sender with 20 000 rows makes the store's per-batch history facts
    // (scoring on ingest) slow, which this streaming test is not about.
    fromAddress: `rSender${i}`,
    toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
    amount: `${i}.000000000000000001`,
    currency: 'XRP',
    direction: i % 2 === 0 ? 'in' : 'out',
    ...overrides,
  };
}

async function ingest(member: Member, transactions: NewTransaction[]): Promise<void> {
  await ok(api.url, 'transactions.ingest', { transactions }, member.credential);
}

beforeAll(async () => {
  api = await startTestServer();
  const admin = await signUp(api.url);
  large = {
    analyst: await join(api.url, admin, 'analyst'),
    viewer: await join(api.url, admin, 'viewer'),
  };
  for (let start = 0; start < LARGE; start += 1000) {
    await ingest(
      large.analyst,
      Array.from({ length: 1000 }, (_, i) => tx(start + i)),
    );
  }
}, 120_000);
afterAll(() => api?.close());

const bearer = (member: Member) => ({ authorization: `Bearer ${member.accessToken}` });

/** Reads the body chunk by chunk, counting CRLF-terminated lines without keeping the text. */
async function countLines(response: Response): Promise<{ lines: number; firstLine: string }> {
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body!.getReader();
  const decoder = new TextDecoder();
  let lines = 0;
  let firstLine = '';
  let head = '';
  // The last character of the previous chunk: a CRLF may be split between two chunks.
  let previous = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    if (lines === 0) head += text;
    lines += (previous + text).split('\r\n').length - 1;
    previous = text.slice(-1);
    if (firstLine === '' && head.includes('\r\n')) firstLine = head.slice(0, head.indexOf('\r\n'));
  }
  return { lines, firstLine };
}

describe(`GET ${DOWNLOAD}`, () => {
  it(`streams all ${LARGE} rows as a CSV attachment`, async () => {
    const response = await fetch(`${api.url}${DOWNLOAD}`, { headers: bearer(large.viewer) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="klerno-transactions-\d{8}T\d{6}Z\.csv"$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-ratelimit-limit')).not.toBeNull();
    const { lines, firstLine } = await countLines(response);
    expect(firstLine.split(',').slice(0, 3)).toEqual(['id', 'chain', 'txId']);
    expect(lines).toBe(LARGE + 1);
  });

  it('takes an API key too, and shows each organization only its own rows', async () => {
    const admin = await signUp(api.url);
    await ingest(admin, [tx(1, { memo: 'line one\nline two', tags: ['a', 'b'] })]);
    const key = await createKey(api.url, admin, 'viewer');
    const response = await fetch(`${api.url}${DOWNLOAD}?bom=true`, {
      headers: { 'x-api-key': key.secret },
    });
    expect(response.status).toBe(200);
    // response.text() would drop the byte-order mark.
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(body.startsWith('\uFEFFid,chain,txId')).toBe(true);

    // The same bytes as the tRPC export of this small organization.
    const viaTrpc = await ok<Outputs['transactions']['exportCsv']>(
      api.url,
      'transactions.exportCsv',
      { byteOrderMark: true },
      admin.credential,
    );
    expect(viaTrpc.csv).toBe(body);
    expect(viaTrpc.rowCount).toBe(1);
    expect(body).toContain('"line one\nline two"');
    expect(body).toContain(',a;b,');
  });

  it.each([
    ['no credentials', {}, /^Sign-in required/],
    [
      'only a cookie (never accepted here)',
      { cookie: 'klerno_refresh=anything; session=x' },
      /^Sign-in required/,
    ],
    ['a malformed Authorization header', { authorization: 'Basic abc' }, /Malformed Authorization/],
    ['a made-up API key', { 'x-api-key': 'klk_abcdefgh_notarealkey' }, /./],
  ])('answers %s with 401 in the error shape of SPEC §3', async (_, headers, message) => {
    const response = await fetch(`${api.url}${DOWNLOAD}`, { headers });
    expect(response.status).toBe(401);
    const body = (await response.json()) as {
      error: { code: string; message: string; requestId: string };
    };
    expect(body.error.code).toBe('UNAUTHORIZED');
    expect(body.error.message).toMatch(message);
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('refuses unknown query parameters with 400 (filters are not silently ignored)', async () => {
    const response = await fetch(`${api.url}${DOWNLOAD}?colour=red`, {
      headers: bearer(large.viewer),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('Unknown query parameter colour');
    expect(body.error.message).toContain('wallet');
  });

  it('is rate-limited as a read', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_READ: '2' } });
    try {
      const admin = await signUp(limited.url);
      const get = () =>
        fetch(`${limited.url}${DOWNLOAD}`, { headers: bearer(admin) }).then(async (response) => {
          await response.arrayBuffer();
          return response;
        });
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200);
      const refused = await get();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('transactions.exportCsv', () => {
  it('refuses more than 10000 rows with 413, naming the download route', async () => {
    const result = await call(api.url, 'transactions.exportCsv', {}, large.viewer.credential);
    expect(result.status).toBe(413);
    expect(result.error!.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect(result.error!.message).toContain(`GET ${DOWNLOAD}`);
  });

  it('round-trips through importCsv: amounts, tags and memos come back exactly', async () => {
    const source = await signUp(api.url);
    await ingest(source, [
      tx(1, { memo: 'quoted "memo", with comma', tags: ['x', 'y'], fee: '0.000012' }),
      tx(2, { amount: '99999999999999999999.999999999999999999', currency: 'USD' }),
      tx(3, { memo: '=HYPERLINK("http://evil")' }),
    ]);
    const exported = await ok<Outputs['transactions']['exportCsv']>(
      api.url,
      'transactions.exportCsv',
      undefined,
      source.credential,
    );
    expect(exported.fileName).toMatch(/^klerno-transactions-\d{8}T\d{6}Z\.csv$/);

    const target = await signUp(api.url);
    const imported = await ok<Outputs['transactions']['importCsv']>(
      api.url,
      'transactions.importCsv',
      { csv: exported.csv },
      target.credential,
    );
    expect(imported).toMatchObject({ created: 3, badRowCount: 0 });
    const strip = (items: Outputs['transactions']['list']['items']) =>
      items.map(({ id: _id, ...rest }) => rest);
    const [before, after] = await Promise.all(
      [source, target].map((member) =>
        ok<Outputs['transactions']['list']>(api.url, 'transactions.list', {}, member.credential),
      ),
    );
    expect(strip(after!.items)).toEqual(strip(before!.items));
  });
});
