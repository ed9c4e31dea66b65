/**
 * The risk product's sensitive changes and data exports in the audit trail: each one leaves
 * exactly one entry, written in the unit of work of the change; a refused call leaves none (but
 * the `authz_fail` of a wrong role); details name the object, never secrets or row contents.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, uuidv7, type Repositories, type Store } from '@klerno/db';
import { createTempSqliteFile, type TempSqliteFile } from '@klerno/db/testing';
import {
  call,
  createKey,
  join,
  ok,
  signUp,
  type CallOptions,
  type Credential,
  type Member,
} from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Inputs, Outputs } from '../testing/trpc-http.js';

type AuditEntry = Outputs['audit']['list']['items'][number];
type NewTransaction = Inputs['transactions']['ingest']['transactions'][number];

const USER_AGENT = 'audit-coverage/1.0';
const FROM = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const TO = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const DOWNLOAD = '/exports/transactions.csv';

/** Log lines of the server, to find the row count of a streamed download. */
class Capture extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.chunks.push(chunk.toString('utf8'));
    done();
  }
  lines(): Array<Record<string, unknown>> {
    return this.chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

const log = new Capture();
let api: RunningTestServer;
let admin: Member;
let analyst: Member;
let viewer: Member;

beforeAll(async () => {
  api = await startTestServer({ env: { LOG_LEVEL: 'info' }, logDestination: log });
  admin = await signUp(api.url);
  analyst = await join(api.url, admin, 'analyst');
  viewer = await join(api.url, admin, 'viewer');
});
afterAll(() => api?.close());

let requests = 0;
/** A request id of its own for each call, so its entries can be told apart. */
function tagged(name: string): { requestId: string; options: CallOptions } {
  const requestId = `coverage-${name}-${(requests += 1)}`;
  return {
    requestId,
    options: { headers: { 'user-agent': USER_AGENT, 'x-request-id': requestId } },
  };
}

/** Calls `path` under a fresh request id; returns the result and that id. */
async function tracedCall<T>(path: string, input: unknown, credential: Credential) {
  const { requestId, options } = tagged(path);
  return { requestId, ...(await call<T>(api.url, path, input, credential, options)) };
}

/** Every entry of the organization's trail that `requestId` caused. */
async function entriesOf(requestId: string, owner: Member = admin): Promise<AuditEntry[]> {
  const found: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { limit: 200, ...(cursor ? { cursor } : {}) },
      owner.credential,
    );
    found.push(...page.items.filter((entry) => entry.requestId === requestId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return found;
}

/** The one entry `requestId` left, checked for the request fields every entry carries. */
async function onlyEntryOf(requestId: string, owner: Member = admin): Promise<AuditEntry> {
  const entries = await entriesOf(requestId, owner);
  expect(entries.map((entry) => entry.event)).toHaveLength(1);
  const [entry] = entries;
  expect(entry).toMatchObject({
    outcome: 'success',
    ip: '127.0.0.1',
    userAgent: USER_AGENT,
    requestId,
  });
  return entry!;
}

/** The events `requestId` left, in any order; a refused call leaves none but an `authz_fail`. */
async function expectEvents(requestId: string, events: string[]): Promise<void> {
  const seen = (await entriesOf(requestId)).map((entry) => entry.event);
  expect(seen.sort()).toEqual([...events].sort());
}

function tx(overrides: Partial<NewTransaction> = {}): NewTransaction {
  return {
    chain: 'xrpl',
    txId: randomUUID().replaceAll('-', '').toUpperCase(),
    timestamp: '2024-05-01T12:00:00Z',
    fromAddress: FROM,
    toAddress: TO,
    amount: '12.5',
    currency: 'XRP',
    direction: 'out',
    ...overrides,
  };
}

describe('labels', () => {
  it('an import leaves one sensitive_create with its counts, sources and kinds, never the addresses', async () => {
    const sanctioned = `rCanarySanctioned${randomUUID().slice(0, 8)}`;
    const exchange = `rCanaryExchange${randomUUID().slice(0, 8)}`;
    const csv =
      'address,chain,label,source\n' +
      `${sanctioned},xrpl,sanctioned,OFAC SDN 2026-11-20\n` +
      `${exchange},xrpl,exchange,Exchange list\n`;
    const imported = await tracedCall('labels.import', { csv }, admin.credential);
    expect(imported.status).toBe(200);
    const entry = await onlyEntryOf(imported.requestId);
    expect(entry).toMatchObject({
      event: 'sensitive_create',
      actor: admin.id,
      target: 'address_label:*',
    });
    expect(entry.details).toEqual({
      object: 'address_label',
      created: 2,
      updated: 0,
      source: 'Exchange list; OFAC SDN 2026-11-20',
      labels: 'exchange; sanctioned',
    });
    expect(JSON.stringify(entry)).not.toMatch(/rCanary/);

    const again = await tracedCall('labels.import', { csv }, admin.credential);
    expect((await onlyEntryOf(again.requestId)).details).toMatchObject({ created: 0, updated: 2 });
  });

  it('a refused import leaves nothing but the authz_fail of a non-admin', async () => {
    const bad = await tracedCall(
      'labels.import',
      { csv: 'address,chain,label,source\nrGood,xrpl,mixer,list\nhas space,xrpl,mixer,list\n' },
      admin.credential,
    );
    expect(bad.status).toBe(422);
    await expectEvents(bad.requestId, []);

    const empty = await tracedCall('labels.import', { csv: '' }, admin.credential);
    expect(empty.status).toBe(400);
    await expectEvents(empty.requestId, []);

    const notAdmin = await tracedCall(
      'labels.import',
      { csv: 'address,chain,label,source\nrAnalyst,xrpl,mixer,list\n' },
      analyst.credential,
    );
    expect(notAdmin.status).toBe(403);
    await expectEvents(notAdmin.requestId, ['authz_fail']);
  });

  it('a removal leaves one sensitive_delete naming the label; an unknown or foreign label none', async () => {
    const address = `rRemoved${randomUUID().slice(0, 8)}`;
    await ok(
      api.url,
      'labels.import',
      { csv: `address,chain,label,source\n${address},xrpl,mixer,Mixer list\n` },
      admin.credential,
    );
    const [label] = (
      await ok<Outputs['labels']['list']>(api.url, 'labels.list', { address }, admin.credential)
    ).items;

    const byViewer = await tracedCall('labels.remove', { id: label!.id }, viewer.credential);
    expect(byViewer.status).toBe(403);
    await expectEvents(byViewer.requestId, ['authz_fail']);

    const removed = await tracedCall('labels.remove', { id: label!.id }, admin.credential);
    expect(removed.status).toBe(200);
    expect(await onlyEntryOf(removed.requestId)).toMatchObject({
      event: 'sensitive_delete',
      actor: admin.id,
      target: `address_label:${label!.id}`,
      details: {
        object: 'address_label',
        chain: 'xrpl',
        address,
        label: 'mixer',
        source: 'Mixer list',
      },
    });

    const twice = await tracedCall('labels.remove', { id: label!.id }, admin.credential);
    expect(twice.status).toBe(404);
    await expectEvents(twice.requestId, []);
    const unknown = await tracedCall('labels.remove', { id: uuidv7() }, admin.credential);
    expect(unknown.status).toBe(404);
    await expectEvents(unknown.requestId, []);
  });
});

describe('watched wallets', () => {
  it('adding and removing leave sensitive_create and sensitive_delete; an API key acts as itself', async () => {
    const key = await createKey(api.url, analyst, 'analyst', 'wallet robot');
    const added = await tracedCall<Outputs['wallets']['add']>(
      'wallets.add',
      { address: FROM, label: 'Treasury' },
      { apiKey: key.secret },
    );
    expect(added.status).toBe(200);
    const wallet = added.data!;
    const details = {
      object: 'watched_wallet',
      owner: analyst.id,
      chain: 'xrpl',
      address: FROM,
      label: 'Treasury',
    };
    expect(await onlyEntryOf(added.requestId)).toMatchObject({
      event: 'sensitive_create',
      actor: `apikey:${key.apiKey.id}`,
      target: `wallet:${wallet.id}`,
      details,
    });

    const duplicate = await tracedCall('wallets.add', { address: FROM }, analyst.credential);
    expect(duplicate.status).toBe(409);
    await expectEvents(duplicate.requestId, []);
    const invalid = await tracedCall(
      'wallets.add',
      { address: 'rNotAnAddress' },
      analyst.credential,
    );
    expect(invalid.status).toBe(400);
    await expectEvents(invalid.requestId, []);
    const someoneElses = await tracedCall('wallets.remove', { id: wallet.id }, viewer.credential);
    expect(someoneElses.status).toBe(404);
    await expectEvents(someoneElses.requestId, []);

    const removed = await tracedCall('wallets.remove', { id: wallet.id }, analyst.credential);
    expect(removed.status).toBe(200);
    expect(await onlyEntryOf(removed.requestId)).toMatchObject({
      event: 'sensitive_delete',
      actor: analyst.id,
      target: `wallet:${wallet.id}`,
      details,
    });
  });
});

describe('settings', () => {
  it('a change leaves one sensitive_update with each changed value before and after', async () => {
    const member = await join(api.url, admin, 'viewer');
    const threshold = await tracedCall(
      'settings.update',
      { riskThreshold: 0.9, timeRangeDays: 30 },
      member.credential,
    );
    expect(threshold.status).toBe(200);
    expect(await onlyEntryOf(threshold.requestId)).toMatchObject({
      event: 'sensitive_update',
      actor: member.id,
      target: `user_settings:${member.id}`,
    });
    // timeRangeDays stayed at its default of 30: only the threshold changed.
    expect((await onlyEntryOf(threshold.requestId)).details).toEqual({
      object: 'user_settings',
      riskThreshold: 0.9,
      previousRiskThreshold: null,
    });

    const both = await tracedCall(
      'settings.update',
      { riskThreshold: null, timeRangeDays: 90 },
      member.credential,
    );
    expect((await onlyEntryOf(both.requestId)).details).toEqual({
      object: 'user_settings',
      riskThreshold: null,
      previousRiskThreshold: 0.9,
      timeRangeDays: 90,
      previousTimeRangeDays: 30,
    });

    const unchanged = await tracedCall('settings.update', { timeRangeDays: 90 }, member.credential);
    expect(unchanged.status).toBe(200);
    await expectEvents(unchanged.requestId, []);
    const invalid = await tracedCall('settings.update', { riskThreshold: 2 }, member.credential);
    expect(invalid.status).toBe(400);
    await expectEvents(invalid.requestId, []);
  });
});

describe('exports', () => {
  let memoCanary: string;
  let rows: Outputs['transactions']['ingest']['items'];
  beforeAll(async () => {
    memoCanary = `canary-memo-${randomUUID()}`;
    rows = (
      await ok<Outputs['transactions']['ingest']>(
        api.url,
        'transactions.ingest',
        {
          transactions: [
            tx({ memo: memoCanary }),
            tx({ amount: '7', memo: memoCanary }),
            tx({ direction: 'in', fromAddress: TO, toAddress: FROM }),
          ],
        },
        analyst.credential,
      )
    ).items;
  });

  /** Nothing of the exported rows may appear in an entry. */
  function expectNoRowData(entry: AuditEntry): void {
    const text = JSON.stringify(entry);
    for (const row of rows) {
      for (const value of [row.id, row.txId, row.fromAddress, row.toAddress]) {
        expect(text).not.toContain(value);
      }
    }
    expect(text).not.toContain(memoCanary);
  }

  it('transactions.exportCsv leaves one sensitive_read with the row count and the filter', async () => {
    const exported = await tracedCall<Outputs['transactions']['exportCsv']>(
      'transactions.exportCsv',
      { direction: 'out', minAmount: '1', sort: 'amount_desc' },
      viewer.credential,
    );
    expect(exported.status).toBe(200);
    expect(exported.data!.rowCount).toBe(2);
    const entry = await onlyEntryOf(exported.requestId);
    expect(entry).toMatchObject({
      event: 'sensitive_read',
      actor: viewer.id,
      target: 'transactions:*',
    });
    expect(entry.details).toEqual({
      object: 'transaction',
      via: 'transactions.exportCsv',
      format: 'csv',
      rows: 2,
      'filter.direction': 'out',
      'filter.minAmount': '1',
      sort: 'amount_desc',
    });
    expectNoRowData(entry);

    const everything = await tracedCall('transactions.exportCsv', {}, viewer.credential);
    expect((await onlyEntryOf(everything.requestId)).details).toEqual({
      object: 'transaction',
      via: 'transactions.exportCsv',
      format: 'csv',
      rows: 3,
    });

    const invalid = await tracedCall(
      'transactions.exportCsv',
      { riskBucket: 'extreme' },
      viewer.credential,
    );
    expect(invalid.status).toBe(400);
    await expectEvents(invalid.requestId, []);
  });

  it(`GET ${DOWNLOAD} leaves one sensitive_read with the filter; the log gets the row count`, async () => {
    const { requestId, options } = tagged('download');
    const response = await fetch(`${api.url}${DOWNLOAD}?direction=out&bom=true`, {
      headers: { ...options.headers, authorization: `Bearer ${viewer.accessToken}` },
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body.split('\r\n').filter(Boolean)).toHaveLength(3);
    const entry = await onlyEntryOf(requestId);
    expect(entry).toMatchObject({
      event: 'sensitive_read',
      actor: viewer.id,
      target: 'transactions:*',
    });
    expect(entry.details).toEqual({
      object: 'transaction',
      via: `GET ${DOWNLOAD}`,
      format: 'csv',
      'filter.direction': 'out',
    });
    expectNoRowData(entry);
    const streamed = await vi.waitFor(() => {
      const line = log
        .lines()
        .find(
          (item) => item.requestId === requestId && item.msg === 'transactions export streamed',
        );
      if (!line) throw new Error('no log line yet');
      return line;
    });
    expect(streamed).toMatchObject({ rows: 2, complete: true });

    for (const [query, headers, status] of [
      ['?direction=sideways', { authorization: `Bearer ${viewer.accessToken}` }, 400],
      ['?colour=blue', { authorization: `Bearer ${viewer.accessToken}` }, 400],
      ['', {}, 401],
    ] as const) {
      const refused = tagged('download-refused');
      const answer = await fetch(`${api.url}${DOWNLOAD}${query}`, {
        headers: { ...refused.options.headers, ...headers },
      });
      expect(answer.status).toBe(status);
      await expectEvents(refused.requestId, []);
    }
  });

  it('iso20022.exportPain001 leaves one sensitive_read with the message id, row count and ids digest, never the accounts', async () => {
    const ids = [rows[1]!.id, rows[0]!.id];
    const iban = 'DE89370400440532013000';
    const exported = await tracedCall<Outputs['iso20022']['exportPain001']>(
      'iso20022.exportPain001',
      {
        transactionIds: ids,
        debtor: { name: 'Canary Debtor GmbH', account: { kind: 'iban', iban } },
        messageId: 'MSG-AUDITED-1',
      },
      analyst.credential,
    );
    expect(exported.status).toBe(200);
    const entry = await onlyEntryOf(exported.requestId);
    expect(entry).toMatchObject({
      event: 'sensitive_read',
      actor: analyst.id,
      target: 'transactions:*',
    });
    expect(entry.details).toEqual({
      object: 'transaction',
      via: 'iso20022.exportPain001',
      format: 'pain.001.001.09',
      rows: 2,
      messageId: 'MSG-AUDITED-1',
      transactionIdsSha256: createHash('sha256')
        .update([...ids].sort().join(','))
        .digest('hex'),
    });
    expectNoRowData(entry);
    expect(JSON.stringify(entry)).not.toMatch(/DE89|Canary Debtor/);

    const debtor = { name: 'Payer', account: { kind: 'iban', iban } };
    const unknown = await tracedCall(
      'iso20022.exportPain001',
      { transactionIds: [uuidv7()], debtor },
      analyst.credential,
    );
    expect(unknown.status).toBe(404);
    await expectEvents(unknown.requestId, []);
    const byViewer = await tracedCall(
      'iso20022.exportPain001',
      { transactionIds: ids, debtor },
      viewer.credential,
    );
    expect(byViewer.status).toBe(403);
    await expectEvents(byViewer.requestId, ['authz_fail']);
  });
});

describe('re-scoring', () => {
  it('starting a job leaves one sensitive_update of the range; a refused start none', async () => {
    const range = { from: '2024-05-01T00:00:00.000Z', to: '2024-05-02T00:00:00.000Z' };
    const started = await tracedCall<Outputs['transactions']['rescore']>(
      'transactions.rescore',
      range,
      analyst.credential,
    );
    expect(started.status).toBe(200);
    const { job } = started.data!;
    expect(await onlyEntryOf(started.requestId)).toMatchObject({
      event: 'sensitive_update',
      actor: analyst.id,
      target: `rescore_job:${job.id}`,
      details: { object: 'transaction_scores', ...range },
    });
    await vi.waitFor(
      async () => {
        const status = await ok<Outputs['transactions']['rescoreStatus']>(
          api.url,
          'transactions.rescoreStatus',
          { jobId: job.id },
          analyst.credential,
        );
        if (status.status !== 'succeeded') throw new Error(`still ${status.status}`);
      },
      { timeout: 20_000, interval: 25 },
    );

    const reversed = await tracedCall(
      'transactions.rescore',
      { from: range.to, to: range.from },
      analyst.credential,
    );
    expect(reversed.status).toBe(400);
    await expectEvents(reversed.requestId, []);
    const byViewer = await tracedCall('transactions.rescore', range, viewer.credential);
    expect(byViewer.status).toBe(403);
    await expectEvents(byViewer.requestId, ['authz_fail']);
  });
});

describe('the chain', () => {
  it('still verifies after all of these entries', async () => {
    const verification = await ok<Outputs['audit']['verify']>(
      api.url,
      'audit.verify',
      undefined,
      admin.credential,
    );
    expect(verification).toMatchObject({ ok: true });
    expect(verification.checked).toBeGreaterThan(20);
  });
});

/**
 * A real SQLite store whose audit appends fail while `failing` is set: the change they belong to
 * must not land either.
 */
describe('when the entry cannot be written', () => {
  let file: TempSqliteFile;
  let real: Store;
  let broken: RunningTestServer;
  let failing = false;

  beforeAll(async () => {
    file = createTempSqliteFile();
    real = await openStore(file.database);
    const withFailingAudit = (repos: Repositories): Repositories => ({
      ...repos,
      audit: {
        ...repos.audit,
        append: (entry) =>
          failing ? Promise.reject(new Error('audit unavailable')) : repos.audit.append(entry),
      },
    });
    const store: Store = {
      ...real,
      transaction: (work) => real.transaction((repos) => work(withFailingAudit(repos))),
    };
    broken = await startTestServer({ store });
  });
  afterAll(async () => {
    await broken?.close();
    await real?.close();
    file?.cleanup();
  });

  it('the label import, wallet and settings change are not made', async () => {
    const owner = await signUp(broken.url);
    failing = true;
    try {
      const imported = await call(
        broken.url,
        'labels.import',
        { csv: 'address,chain,label,source\nrLost,xrpl,mixer,list\n' },
        owner.credential,
      );
      const added = await call(broken.url, 'wallets.add', { address: FROM }, owner.credential);
      const updated = await call(
        broken.url,
        'settings.update',
        { riskThreshold: 0.5 },
        owner.credential,
      );
      expect([imported.status, added.status, updated.status]).toEqual([500, 500, 500]);
    } finally {
      failing = false;
    }
    const read = <T>(path: string) => ok<T>(broken.url, path, undefined, owner.credential);
    expect((await read<Outputs['labels']['list']>('labels.list')).items).toEqual([]);
    expect((await read<Outputs['wallets']['list']>('wallets.list')).items).toEqual([]);
    expect(await read<Outputs['settings']['get']>('settings.get')).toMatchObject({
      riskThresholdIsDefault: true,
    });
  });
});
