/**
 * audit-coverage.test.ts on PostgreSQL: each sensitive change and export leaves its one entry in
 * the unit of work of the change (label imports run in a savepoint there), and the chain verifies.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, join, ok, signUp, type Credential, type Member } from '../testing/admin-http.js';
import { startPostgresTestServer, type RunningPostgresTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type AuditEntry = Outputs['audit']['list']['items'][number];

const FROM = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const TO = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';

let api: RunningPostgresTestServer;
let admin: Member;
let analyst: Member;

beforeAll(async () => {
  api = await startPostgresTestServer();
  admin = await signUp(api.url);
  analyst = await join(api.url, admin, 'analyst');
});
afterAll(() => api?.close());

let requests = 0;
const nextRequestId = () => `pg-coverage-${(requests += 1)}`;

/** Calls `path` under a request id of its own; returns the HTTP status and the entries it left. */
async function traced(path: string, input: unknown, credential: Credential) {
  const requestId = nextRequestId();
  const result = await call(api.url, path, input, credential, {
    headers: { 'x-request-id': requestId },
  });
  const page = await ok<Outputs['audit']['list']>(
    api.url,
    'audit.list',
    { limit: 200 },
    admin.credential,
  );
  const entries: AuditEntry[] = page.items.filter((entry) => entry.requestId === requestId);
  return { status: result.status, data: result.data, entries };
}

describe('audit coverage on PostgreSQL', () => {
  it('each change and export leaves exactly its entry, a refused one none, and the chain verifies', async () => {
    const address = `rPgLabel${randomUUID().slice(0, 8)}`;
    const imported = await traced(
      'labels.import',
      { csv: `address,chain,label,source\n${address},xrpl,sanctioned,PG list\n` },
      admin.credential,
    );
    expect(imported.status).toBe(200);
    expect(imported.entries).toEqual([
      expect.objectContaining({
        event: 'sensitive_create',
        details: {
          object: 'address_label',
          created: 1,
          updated: 0,
          source: 'PG list',
          labels: 'sanctioned',
        },
      }),
    ]);
    const refusedImport = await traced(
      'labels.import',
      { csv: 'address,chain,label,source\nhas space,xrpl,mixer,list\n' },
      admin.credential,
    );
    expect([refusedImport.status, refusedImport.entries]).toEqual([422, []]);

    const wallet = await traced('wallets.add', { address: FROM }, analyst.credential);
    expect(wallet.entries.map((entry) => [entry.event, entry.actor])).toEqual([
      ['sensitive_create', analyst.id],
    ]);
    const duplicate = await traced('wallets.add', { address: FROM }, analyst.credential);
    expect([duplicate.status, duplicate.entries]).toEqual([409, []]);

    const settings = await traced('settings.update', { riskThreshold: 0.5 }, analyst.credential);
    expect(settings.entries.map((entry) => entry.details)).toEqual([
      { object: 'user_settings', riskThreshold: 0.5, previousRiskThreshold: null },
    ]);

    await ok(
      api.url,
      'transactions.ingest',
      {
        transactions: [
          {
            chain: 'xrpl',
            txId: randomUUID().replaceAll('-', ''),
            timestamp: '2024-05-01T12:00:00Z',
            fromAddress: FROM,
            toAddress: TO,
            amount: '5',
            currency: 'XRP',
            direction: 'out',
          },
        ],
      },
      analyst.credential,
    );
    const exported = await traced('transactions.exportCsv', { direction: 'out' }, admin.credential);
    expect(exported.entries.map((entry) => [entry.event, entry.details.rows])).toEqual([
      ['sensitive_read', 1],
    ]);

    const rescore = await traced(
      'transactions.rescore',
      { from: '2024-05-01T00:00:00Z', to: '2024-05-02T00:00:00Z' },
      analyst.credential,
    );
    expect(rescore.entries.map((entry) => entry.event)).toEqual(['sensitive_update']);

    const verification = await ok<Outputs['audit']['verify']>(
      api.url,
      'audit.verify',
      undefined,
      admin.credential,
    );
    expect(verification.ok).toBe(true);
  });
});
