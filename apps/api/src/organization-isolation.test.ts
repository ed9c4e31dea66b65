import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import {
  call,
  createKey,
  invite,
  join,
  ok,
  signUp,
  type Credential,
  type Member,
} from './testing/admin-http.js';
import { startTestServer, type RunningTestServer } from './testing/server.js';
import type { Outputs } from './testing/trpc-http.js';

/**
 * Two organizations side by side: nothing one does reads, changes or counts a record of the
 * other, whether it guesses ids or copies real ones.
 */
interface Tenant {
  admin: Member;
  analyst: Member;
  viewer: Member;
  adminKey: Credential;
  analystKeyId: string;
  pendingInvitationId: string;
  transactionTxId: string;
}

let api: RunningTestServer;
let a: Tenant;
let b: Tenant;

const sharedTxId = `SHARED${Date.now()}`;

async function tenant(): Promise<Tenant> {
  const admin = await signUp(api.url);
  const analyst = await join(api.url, admin, 'analyst');
  const viewer = await join(api.url, admin, 'viewer');
  const adminKey = await createKey(api.url, admin, 'admin');
  const analystKey = await createKey(api.url, analyst, 'analyst');
  const pending = await invite(api.url, admin, 'viewer');
  await ok(
    api.url,
    'transactions.ingest',
    {
      transactions: [
        {
          chain: 'xrpl',
          txId: sharedTxId,
          timestamp: '2024-05-01T12:00:00Z',
          fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
          toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
          amount: '5',
          currency: 'XRP',
          direction: 'in',
        },
      ],
    },
    analyst.credential,
  );
  return {
    admin,
    analyst,
    viewer,
    adminKey: { apiKey: adminKey.secret },
    analystKeyId: analystKey.apiKey.id,
    pendingInvitationId: pending.invitation.id,
    transactionTxId: sharedTxId,
  };
}

/** Everything an admin of the tenant can see, to compare before and after. */
async function stateOf(t: Tenant) {
  const admin = t.admin.credential;
  const [org, users, invitations, keys, transactions, audit, verify] = await Promise.all([
    ok<Outputs['org']['get']>(api.url, 'org.get', undefined, admin),
    ok<Outputs['users']['list']>(api.url, 'users.list', { limit: 200 }, admin),
    ok<Outputs['org']['invitations']>(api.url, 'org.invitations', undefined, admin),
    ok<Outputs['apiKeys']['list']>(api.url, 'apiKeys.list', undefined, admin),
    ok<Outputs['transactions']['list']>(api.url, 'transactions.list', { limit: 200 }, admin),
    ok<Outputs['audit']['list']>(api.url, 'audit.list', { limit: 200 }, admin),
    ok<Outputs['audit']['verify']>(api.url, 'audit.verify', undefined, admin),
  ]);
  return { org, users, invitations, keys, transactions, audit, verify };
}

beforeAll(async () => {
  api = await startTestServer();
  a = await tenant();
  b = await tenant();
});
afterAll(() => api?.close());

describe('two organizations side by side', () => {
  it('refuses every id of the other organization (copied or guessed) with 404 and changes nothing', async () => {
    const before = await stateOf(b);
    const ownBefore = await stateOf(a);
    const attackers: Array<[string, Credential]> = [
      ['admin token', a.admin.credential],
      ['admin API key', a.adminKey],
    ];
    const attempts: Array<[string, unknown]> = [];
    for (const id of [b.admin.id, b.analyst.id, b.viewer.id, uuidv7()]) {
      attempts.push(['users.setRole', { userId: id, role: 'viewer' }]);
      attempts.push(['users.setRole', { userId: id, role: 'admin' }]);
      attempts.push(['users.setDisabled', { userId: id, disabled: true }]);
    }
    for (const id of [b.pendingInvitationId, uuidv7()]) {
      attempts.push(['org.revokeInvitation', { id }]);
    }
    for (const id of [b.analystKeyId, uuidv7()]) attempts.push(['apiKeys.revoke', { id }]);
    const theirTransaction = before.transactions.items[0]!.id;
    const ownTransaction = ownBefore.transactions.items[0]!.id;
    const debtor = { name: 'Attacker', account: { kind: 'other', id: 'rAttacker' } };
    for (const id of [theirTransaction, uuidv7()]) {
      attempts.push(['transactions.byId', { id }]);
      attempts.push(['transactions.explain', { id }]);
      attempts.push(['iso20022.exportPain001', { transactionIds: [ownTransaction, id], debtor }]);
    }

    const outcomes: string[] = [];
    for (const [who, credential] of attackers) {
      for (const [path, input] of attempts) {
        const result = await call(api.url, path, input, credential);
        outcomes.push(
          `${who} ${path} ${JSON.stringify(input)}: ${result.status} ${result.error?.data.code}`,
        );
      }
    }
    expect(outcomes).toEqual(outcomes.map((line) => line.replace(/: \d+ \S+$/, ': 404 NOT_FOUND')));
    // The other organization is exactly as it was; the attacker's own chain has no stray entries.
    expect(await stateOf(b)).toEqual(before);
    const ownAfter = await stateOf(a);
    expect(ownAfter.audit.items.length).toBe(ownBefore.audit.items.length);
    expect(ownAfter.users).toEqual(ownBefore.users);
  });

  it('lists and counts only its own records', async () => {
    const stateA = await stateOf(a);
    const stateB = await stateOf(b);
    const membersA = [a.admin.id, a.analyst.id, a.viewer.id].sort();
    const membersB = [b.admin.id, b.analyst.id, b.viewer.id].sort();

    expect(stateA.users.items.map((user) => user.id).sort()).toEqual(membersA);
    expect(stateB.users.items.map((user) => user.id).sort()).toEqual(membersB);
    expect(stateA.org.memberCount).toBe(3);
    expect(stateB.org.memberCount).toBe(3);
    expect(stateA.org.id).not.toBe(stateB.org.id);

    const ids = <T extends { id: string }>(items: T[]) => new Set(items.map((item) => item.id));
    const disjoint = (x: Set<string>, y: Set<string>) => [...x].filter((id) => y.has(id));
    expect(disjoint(ids(stateA.invitations.items), ids(stateB.invitations.items))).toEqual([]);
    expect(stateA.invitations.items.map((i) => i.id)).toContain(a.pendingInvitationId);
    expect(stateA.invitations.items.map((i) => i.id)).not.toContain(b.pendingInvitationId);

    expect(stateA.keys.items).toHaveLength(2);
    expect(stateA.keys.items.every((key) => membersA.includes(key.createdBy))).toBe(true);
    expect(disjoint(ids(stateA.keys.items), ids(stateB.keys.items))).toEqual([]);

    // The same ledger transaction is held by each organization separately, never a "duplicate".
    expect(stateA.transactions.items).toHaveLength(1);
    expect(stateB.transactions.items).toHaveLength(1);
    expect(stateA.transactions.items[0]!.txId).toBe(stateB.transactions.items[0]!.txId);
    expect(stateA.transactions.items[0]!.id).not.toBe(stateB.transactions.items[0]!.id);
    const exportA = await ok<Outputs['transactions']['exportCsv']>(
      api.url,
      'transactions.exportCsv',
      {},
      a.viewer.credential,
    );
    expect(exportA.rowCount).toBe(1);
    expect(exportA.csv).toContain(stateA.transactions.items[0]!.id);
    expect(exportA.csv).not.toContain(stateB.transactions.items[0]!.id);

    // Each audit chain holds only its own organization's entries, and verifies on its own.
    expect(disjoint(ids(stateA.audit.items), ids(stateB.audit.items))).toEqual([]);
    const actorsA = new Set([...membersA, ...stateA.keys.items.map((key) => `apikey:${key.id}`)]);
    for (const entry of stateA.audit.items) {
      if (entry.actor !== null && entry.actor.includes('@')) continue; // sign-in attempts name an email
      expect(actorsA.has(entry.actor ?? '')).toBe(true);
    }
    expect(stateA.verify).toEqual({ ok: true, checked: stateA.audit.items.length });
    expect(stateB.verify).toEqual({ ok: true, checked: stateB.audit.items.length });
  });

  it('filters the audit trail by an actor of the other organization to nothing', async () => {
    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { actor: b.admin.id },
      a.admin.credential,
    );
    expect(trail.items).toEqual([]);
  });

  it('cannot invite a member of the other organization (the account exists) and reveals nothing else', async () => {
    const result = await call(
      api.url,
      'org.invite',
      { email: b.viewer.email.toUpperCase(), role: 'admin' },
      a.admin.credential,
    );
    expect(result.status).toBe(409);
    const bUsers = await ok<Outputs['users']['list']>(
      api.url,
      'users.list',
      {},
      b.admin.credential,
    );
    expect(bUsers.items.find((user) => user.id === b.viewer.id)?.role).toBe('viewer');
  });

  it('keeps alerts apart: lists, ids, assignees and live streams', async () => {
    const raise = (t: Tenant) =>
      ok<Outputs['transactions']['ingest']>(
        api.url,
        'transactions.ingest',
        {
          transactions: [
            {
              chain: 'xrpl',
              txId: `ALERT${Date.now()}${Math.random()}`,
              timestamp: '2024-05-01T12:00:00Z',
              fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
              toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
              amount: '20000',
              currency: 'XRP',
              direction: 'out',
              tags: ['sanctioned'],
            },
          ],
        },
        t.analyst.credential,
      );
    type AlertPage = Outputs['alerts']['list'];
    const alertsOf = async (t: Tenant) =>
      (await ok<AlertPage>(api.url, 'alerts.list', {}, t.viewer.credential)).items;
    const ownIngest = await raise(a);
    const theirIngest = await raise(b);
    const [ownAlert] = await alertsOf(a);
    const theirsBefore = await alertsOf(b);
    expect(theirsBefore).toHaveLength(1);
    expect(ownAlert!.id).not.toBe(theirsBefore[0]!.id);

    const theirs = theirsBefore[0]!.id;
    const attempts: Array<[string, unknown]> = [
      ['alerts.byId', { id: theirs }],
      ['alerts.assign', { id: theirs, assigneeId: 'me' }],
      ['alerts.setStatus', { id: theirs, status: 'closed', outcome: 'false_positive' }],
      ['alerts.comment', { id: theirs, body: 'not yours' }],
      // Their member cannot be given one of our alerts either.
      ['alerts.assign', { id: ownAlert!.id, assigneeId: b.analyst.id }],
    ];
    for (const [path, input] of attempts) {
      const result = await call(api.url, path, input, a.admin.credential);
      expect(`${path}: ${result.status}`).toBe(`${path}: 404`);
    }
    expect(await alertsOf(b)).toEqual(theirsBefore);
    // Whom alerts may be assigned to: the caller's own analysts and admins only.
    const assigneesOf = async (t: Tenant) =>
      (
        await ok<Outputs['alerts']['assignees']>(
          api.url,
          'alerts.assignees',
          { limit: 200 },
          t.viewer.credential,
        )
      ).items.map((member) => member.id);
    expect((await assigneesOf(a)).sort()).toEqual([a.admin.id, a.analyst.id].sort());
    expect((await assigneesOf(b)).sort()).toEqual([b.admin.id, b.analyst.id].sort());
    // Each alert shows its own organization's transaction.
    expect(ownAlert!.transaction.txId).toBe(ownIngest.items[0]!.txId);
    expect(theirsBefore[0]!.transaction.txId).toBe(theirIngest.items[0]!.txId);
    const theirCase = await ok<Outputs['alerts']['byId']>(
      api.url,
      'alerts.byId',
      { id: theirs },
      b.viewer.credential,
    );
    expect(theirCase.history.map((line) => line.kind)).toEqual(['created']);

    // A stream replaying from the very start holds only the caller's own alerts.
    const replay = await call<{ id: string }>(
      api.url,
      'alerts.onAlert',
      { lastEventId: '00000000-0000-0000-0000-000000000000' },
      a.viewer.credential,
    );
    expect(replay.data?.id).toBe(ownAlert!.id);
  });
});
