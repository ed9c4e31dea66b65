import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import { call, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

let api: RunningTestServer;
let admin: Member;
let analyst: Member;
let viewer: Member;
let otherAdmin: Member;

beforeAll(async () => {
  api = await startTestServer();
  admin = await signUp(api.url);
  analyst = await join(api.url, admin, 'analyst');
  viewer = await join(api.url, admin, 'viewer');
  otherAdmin = await signUp(api.url);
});
afterAll(() => api?.close());

const importCsv = (member: Member, csv: string) =>
  call<Outputs['labels']['import']>(api.url, 'labels.import', { csv }, member.credential);
const list = (member: Member, input: unknown = {}) =>
  ok<Outputs['labels']['list']>(api.url, 'labels.list', input, member.credential);

describe('labels', () => {
  it('imports a sanctions list; an ingested payment to a listed address is flagged and explained', async () => {
    const sanctioned = `rSanctioned${randomUUID().slice(0, 8)}`;
    const csv =
      '\uFEFFsource,Address,chain,label\r\n' +
      `"OFAC SDN 2026-11-20",${sanctioned},XRPL,Sanctioned\r\n` +
      `Exchange list,rExchange${randomUUID().slice(0, 8)},xrpl,exchange\r\n`;
    const imported = await importCsv(admin, csv);
    expect(imported.status).toBe(200);
    expect(imported.data).toEqual({ created: 2, updated: 0 });
    // Importing again updates in place.
    expect((await importCsv(admin, csv)).data).toEqual({ created: 0, updated: 2 });

    const labels = await list(viewer, { label: 'sanctioned' });
    expect(labels.items).toEqual([
      expect.objectContaining({
        address: sanctioned,
        chain: 'xrpl',
        label: 'sanctioned',
        source: 'OFAC SDN 2026-11-20',
      }),
    ]);

    const { items } = await ok<Outputs['transactions']['ingest']>(
      api.url,
      'transactions.ingest',
      {
        transactions: [
          {
            chain: 'xrpl',
            txId: randomUUID().replaceAll('-', ''),
            timestamp: '2024-05-01T12:00:00Z',
            fromAddress: 'rOurTreasury',
            toAddress: sanctioned,
            amount: '50',
            currency: 'XRP',
            direction: 'out',
          },
        ],
      },
      analyst.credential,
    );
    expect(items[0]!.riskFlags).toEqual(['outgoing', 'sanctioned_or_mixer']);
    expect(items[0]!.riskScore).toBe(0.4);

    const explanation = await ok<Outputs['transactions']['explain']>(
      api.url,
      'transactions.explain',
      { id: items[0]!.id },
      viewer.credential,
    );
    const rule = explanation.contributions.find((part) => part.flag === 'sanctioned_or_mixer');
    expect(rule?.points).toBe(0.2);
    expect(rule?.detail).toContain(`recipient ${sanctioned} is labelled sanctioned`);
    expect(rule?.detail).toContain('OFAC SDN 2026-11-20');
    expect(explanation.labels).toEqual([
      { address: sanctioned, label: 'sanctioned', source: 'OFAC SDN 2026-11-20' },
    ]);

    // The other organization sees none of it and cannot remove it.
    expect((await list(otherAdmin)).items).toEqual([]);
    const removeTheirs = await call(
      api.url,
      'labels.remove',
      { id: labels.items[0]!.id },
      otherAdmin.credential,
    );
    expect(removeTheirs.status).toBe(404);

    const removed = await call(
      api.url,
      'labels.remove',
      { id: labels.items[0]!.id },
      admin.credential,
    );
    expect(removed.status).toBe(200);
    expect((await list(viewer, { label: 'sanctioned' })).items).toEqual([]);
    expect(
      (await call(api.url, 'labels.remove', { id: labels.items[0]!.id }, admin.credential)).status,
    ).toBe(404);
  });

  it('refuses a file with bad rows (422, every row named) and writes nothing', async () => {
    const before = await list(viewer, { limit: 200 });
    const result = await importCsv(
      admin,
      'address,chain,label,source\n' +
        'rGood,xrpl,mixer,list\n' +
        'has space,xrpl,mixer,list\n' +
        'rBad,xrpl,terrorist,list\n' +
        'rNoSource,xrpl,other,\n',
    );
    expect(result.status).toBe(422);
    expect(result.error?.data.rowErrors).toEqual([
      expect.objectContaining({ line: 3, field: 'address' }),
      expect.objectContaining({ line: 4, field: 'label' }),
      expect.objectContaining({ line: 5, field: 'source' }),
    ]);
    expect(await list(viewer, { limit: 200 })).toEqual(before);
  });

  it.each<[string, string, number]>([
    ['a missing column', 'address,chain,label\nrX,xrpl,mixer\n', 400],
    ['an empty file', '', 400],
    ['a header without rows', 'address,chain,label,source\n', 400],
    ['an unclosed quote', 'address,chain,label,source\n"rX,xrpl,mixer,list\n', 400],
    ['a file over the limit', `address,chain,label,source\n${'x'.repeat(1_000 * 1024)}`, 413],
  ])('refuses %s', async (_name, csv, status) => {
    const result = await importCsv(admin, csv);
    expect(result.status).toBe(status);
  });

  it('lets viewers read and only admins write', async () => {
    const csv = 'address,chain,label,source\nrX,xrpl,other,list\n';
    expect((await importCsv(analyst, csv)).status).toBe(403);
    expect(
      (await call(api.url, 'labels.remove', { id: uuidv7() }, analyst.credential)).status,
    ).toBe(403);
    expect((await call(api.url, 'labels.list', { label: 'nope' }, viewer.credential)).status).toBe(
      400,
    );
  });
});
