/**
 * Alerts over real HTTP on a SQLite file: raised on ingest at the owner's threshold, listed and
 * filtered, worked as cases with a history of who did what and when.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import { call, createKey, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { manualClock } from '../testing/auth-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type Alert = Outputs['alerts']['list']['items'][number];
type AlertPage = Outputs['alerts']['list'];
type AlertCase = Outputs['alerts']['byId'];
type AssigneePage = Outputs['alerts']['assignees'];

const clock = manualClock(new Date('2025-03-01T10:00:00.000Z'));
let api: RunningTestServer;

beforeAll(async () => {
  api = await startTestServer({ env: { RISK_THRESHOLD: '0.75' }, clock: clock.now });
});
afterAll(() => api?.close());

/** Scores 0.8 (high): a very large outgoing payment to a sanctioned-tagged counterparty. */
export function risky(txId = randomUUID()) {
  return {
    chain: 'xrpl',
    txId,
    timestamp: '2025-02-01T12:00:00Z',
    fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
    toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
    amount: '20000',
    currency: 'XRP',
    direction: 'out',
    tags: ['sanctioned'],
  };
}

/** Scores 0.45 (medium): a large outgoing payment, nothing else. */
function medium(txId = randomUUID()) {
  return { ...risky(txId), amount: '5000', tags: [] };
}

/** Scores 0.05 (low): a small incoming payment. */
function harmless(txId = randomUUID()) {
  return { ...risky(txId), amount: '5', direction: 'in', tags: [] };
}

type Ingested = Outputs['transactions']['ingest'];

function ingest(member: Member, transactions: unknown[]) {
  return ok<Ingested>(api.url, 'transactions.ingest', { transactions }, member.credential);
}

const list = (member: Member, input: Record<string, unknown> = {}) =>
  ok<AlertPage>(api.url, 'alerts.list', input, member.credential);

interface Team {
  admin: Member;
  analyst: Member;
  viewer: Member;
}

async function team(): Promise<Team> {
  const admin = await signUp(api.url);
  return {
    admin,
    analyst: await join(api.url, admin, 'analyst'),
    viewer: await join(api.url, admin, 'viewer'),
  };
}

describe('alerts raised on ingest', () => {
  it('raises one alert per transaction at or above the threshold, none below', async () => {
    const { analyst, viewer } = await team();
    const written = await ingest(analyst, [risky(), harmless(), medium()]);
    const [high] = written.items;

    const page = await list(viewer);
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([
      {
        id: expect.any(String) as string,
        transactionId: high!.id,
        transaction: {
          txId: high!.txId,
          chain: 'xrpl',
          timestamp: '2025-02-01T12:00:00.000Z',
          fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
          toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
          amount: '20000',
          currency: 'XRP',
          direction: 'out',
        },
        status: 'open',
        outcome: null,
        assigneeId: null,
        assigneeEmail: null,
        ownerUserId: analyst.id,
        threshold: 0.75,
        riskScore: 0.8,
        riskBucket: 'high',
        riskFlags: high!.riskFlags,
        createdAt: clock.now().toISOString(),
        updatedAt: clock.now().toISOString(),
        closedAt: null,
        version: 1,
      },
    ]);
  });

  it("uses the ingesting user's own threshold over RISK_THRESHOLD", async () => {
    const { admin, analyst, viewer } = await team();
    await ok(api.url, 'settings.update', { riskThreshold: 0.45 }, analyst.credential);

    await ingest(analyst, [medium()]);
    await ingest(admin, [medium()]);

    const { items } = await list(viewer);
    expect(items.map((alert) => [alert.ownerUserId, alert.threshold, alert.riskScore])).toEqual([
      [analyst.id, 0.45, 0.45],
    ]);
  });

  it('raises no second alert for a transaction sent again (a duplicate)', async () => {
    const { analyst, viewer } = await team();
    const again = risky();
    await ingest(analyst, [again]);
    const second = await ingest(analyst, [again]);
    expect(second.duplicates).toHaveLength(1);
    expect((await list(viewer)).items).toHaveLength(1);
  });

  it('raises alerts from CSV imports too', async () => {
    const { analyst, viewer } = await team();
    const row = risky();
    const csv = `chain,txId,timestamp,fromAddress,toAddress,amount,currency,direction,tags\n${[
      row.chain,
      row.txId,
      row.timestamp,
      row.fromAddress,
      row.toAddress,
      row.amount,
      row.currency,
      row.direction,
      'sanctioned',
    ].join(',')}\n`;
    await ok(api.url, 'transactions.importCsv', { csv }, analyst.credential);
    expect((await list(viewer)).items.map((alert) => alert.riskScore)).toEqual([0.8]);
  });
});

describe('alerts.list', () => {
  it('filters by status, assignee (id, "me", unassigned), bucket and time, newest first, paged', async () => {
    const { admin, analyst, viewer } = await team();
    await ok(api.url, 'settings.update', { riskThreshold: 0.4 }, analyst.credential);
    const raisedAt = (minutes: number) => {
      clock.advance(minutes * 60);
      return clock.now().toISOString();
    };
    const early = raisedAt(1);
    const [mediumTx] = (await ingest(analyst, [medium()])).items;
    const middle = raisedAt(1);
    await ingest(analyst, [risky()]);
    raisedAt(1);
    await ingest(analyst, [risky()]);
    const all = (await list(viewer)).items;
    expect(all).toHaveLength(3);
    const [newest, second, oldest] = all;
    expect(oldest!.transactionId).toBe(mediumTx!.id);

    await ok(api.url, 'alerts.assign', { id: newest!.id, assigneeId: 'me' }, analyst.credential);
    await ok(api.url, 'alerts.assign', { id: second!.id, assigneeId: admin.id }, admin.credential);
    await ok(
      api.url,
      'alerts.setStatus',
      { id: second!.id, status: 'investigating' },
      admin.credential,
    );

    const ids = async (input: Record<string, unknown>, member = viewer) =>
      (await list(member, input)).items.map((alert) => alert.id);
    expect(await ids({ status: 'investigating' })).toEqual([second!.id]);
    expect(await ids({ status: 'open' })).toEqual([newest!.id, oldest!.id]);
    expect(await ids({ assigneeId: analyst.id })).toEqual([newest!.id]);
    expect(await ids({ assigneeId: 'me' }, admin)).toEqual([second!.id]);
    expect(await ids({ assigneeId: null })).toEqual([oldest!.id]);
    expect(await ids({ riskBucket: 'medium' })).toEqual([oldest!.id]);
    expect(await ids({ riskBucket: 'high' })).toEqual([newest!.id, second!.id]);
    expect(await ids({ from: middle })).toEqual([newest!.id, second!.id]);
    expect(await ids({ from: early, to: middle })).toEqual([second!.id, oldest!.id]);

    const first = await list(viewer, { limit: 2 });
    expect(first.items.map((alert) => alert.id)).toEqual([newest!.id, second!.id]);
    const rest = await list(viewer, { limit: 2, cursor: first.nextCursor });
    expect(rest.items.map((alert) => alert.id)).toEqual([oldest!.id]);
    expect(rest.nextCursor).toBeNull();

    expect((await list(viewer, { assigneeId: analyst.id })).items[0]!.assigneeEmail).toBe(
      analyst.email,
    );
  });

  it('tells alerts of one ingest apart: each carries its own transaction summary', async () => {
    const { analyst, viewer } = await team();
    await ok(api.url, 'settings.update', { riskThreshold: 0.2 }, analyst.credential);
    const outgoing = {
      ...risky(),
      txId: 'OUT-1',
      amount: '20000.50',
      timestamp: '2025-02-01T09:30:00+02:00',
    };
    const incoming = {
      ...risky(),
      txId: 'IN-1',
      fromAddress: 'rsA2LpzuawewSBQXkiju3YQTMzW13pAAdW',
      toAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
      amount: '0.000001',
      currency: 'USD',
      direction: 'in',
    };
    const written = await ingest(analyst, [outgoing, incoming]);
    const summaries = (await list(viewer)).items.map((alert) => [
      alert.transactionId,
      alert.transaction,
    ]);
    expect(summaries).toEqual(
      expect.arrayContaining([
        [
          written.items[0]!.id,
          {
            txId: 'OUT-1',
            chain: 'xrpl',
            timestamp: '2025-02-01T07:30:00.000Z',
            fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
            toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
            amount: '20000.5',
            currency: 'XRP',
            direction: 'out',
          },
        ],
        [
          written.items[1]!.id,
          {
            txId: 'IN-1',
            chain: 'xrpl',
            timestamp: '2025-02-01T12:00:00.000Z',
            fromAddress: 'rsA2LpzuawewSBQXkiju3YQTMzW13pAAdW',
            toAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
            amount: '0.000001',
            currency: 'USD',
            direction: 'in',
          },
        ],
      ]),
    );
    expect(summaries).toHaveLength(2);
    // The same summary wherever an alert is returned: by id and after a change.
    const [alert] = (await list(viewer)).items;
    const found = await ok<AlertCase>(api.url, 'alerts.byId', { id: alert!.id }, viewer.credential);
    expect(found.alert.transaction).toEqual(alert!.transaction);
    const assigned = await ok<Alert>(
      api.url,
      'alerts.assign',
      { id: alert!.id, assigneeId: 'me' },
      analyst.credential,
    );
    expect(assigned.transaction).toEqual(alert!.transaction);
  });

  it('refuses bad filters with 400', async () => {
    const { viewer } = await team();
    for (const input of [
      { status: 'pending' },
      { assigneeId: 'someone' },
      { riskBucket: 'extreme' },
      { from: 'yesterday' },
      { from: '2025-02-02T00:00:00Z', to: '2025-02-01T00:00:00Z' },
      { cursor: 'not-a-cursor' },
      { limit: 0 },
    ]) {
      const result = await call(api.url, 'alerts.list', input, viewer.credential);
      expect(result.status, JSON.stringify(input)).toBe(400);
      expect(result.error?.data.code).toBe('BAD_REQUEST');
    }
  });
});

describe('alerts.byId', () => {
  it('returns the alert with its transaction, the explanation and the history', async () => {
    const { analyst, viewer } = await team();
    const [tx] = (await ingest(analyst, [risky()])).items;
    const [alert] = (await list(viewer)).items;

    const found = await ok<AlertCase>(api.url, 'alerts.byId', { id: alert!.id }, viewer.credential);
    expect(found.alert).toEqual(alert);
    expect(found.transaction).toEqual(tx);
    expect(found.explanation).toMatchObject({
      transactionId: tx!.id,
      score: 0.8,
      bucket: 'high',
      flags: tx!.riskFlags,
    });
    const points = found.explanation.contributions.reduce((sum, c) => sum + c.points, 0);
    expect(points).toBeCloseTo(0.8, 10);
    expect(found.history).toEqual([
      {
        id: expect.any(String) as string,
        kind: 'created',
        actorId: null,
        actorEmail: null,
        at: alert!.createdAt,
        details: { score: 0.8, threshold: 0.75 },
      },
    ]);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const { viewer } = await team();
    const missing = await call(api.url, 'alerts.byId', { id: uuidv7() }, viewer.credential);
    expect(missing.status).toBe(404);
    expect(missing.error?.message).toBe('No alert with this id in your organization');
    expect((await call(api.url, 'alerts.byId', { id: 'x' }, viewer.credential)).status).toBe(400);
  });
});

describe('working an alert as a case', () => {
  async function openAlert(): Promise<Team & { alert: Alert }> {
    const members = await team();
    await ingest(members.analyst, [risky()]);
    const [alert] = (await list(members.viewer)).items;
    return { ...members, alert: alert! };
  }

  const history = async (member: Member, id: string) =>
    (await ok<AlertCase>(api.url, 'alerts.byId', { id }, member.credential)).history;

  it('records who assigned, moved, closed, reopened and commented, and when', async () => {
    const { admin, analyst, viewer, alert } = await openAlert();
    const at = () => clock.now().toISOString();

    clock.advance(60);
    const assigned = await ok<Alert>(
      api.url,
      'alerts.assign',
      { id: alert.id, assigneeId: analyst.id },
      admin.credential,
    );
    expect(assigned).toMatchObject({
      assigneeId: analyst.id,
      assigneeEmail: analyst.email,
      version: 2,
      updatedAt: at(),
    });
    const assignedAt = at();

    clock.advance(60);
    const investigating = await ok<Alert>(
      api.url,
      'alerts.setStatus',
      { id: alert.id, status: 'investigating', version: 2 },
      analyst.credential,
    );
    expect(investigating).toMatchObject({ status: 'investigating', version: 3 });
    const investigatingAt = at();

    clock.advance(60);
    const comment = await ok<AlertCase['history'][number]>(
      api.url,
      'alerts.comment',
      { id: alert.id, body: '  Counterparty is on the OFAC list.\nEscalating.  ' },
      analyst.credential,
    );
    expect(comment).toMatchObject({
      kind: 'commented',
      actorId: analyst.id,
      actorEmail: analyst.email,
      at: at(),
      details: { body: 'Counterparty is on the OFAC list.\nEscalating.' },
    });
    const commentedAt = at();

    clock.advance(60);
    const closed = await ok<Alert>(
      api.url,
      'alerts.setStatus',
      { id: alert.id, status: 'closed', outcome: 'escalated' },
      analyst.credential,
    );
    expect(closed).toMatchObject({
      status: 'closed',
      outcome: 'escalated',
      closedAt: at(),
      version: 4,
    });
    const closedAt = at();

    clock.advance(60);
    const reopened = await ok<Alert>(
      api.url,
      'alerts.setStatus',
      { id: alert.id, status: 'investigating' },
      admin.credential,
    );
    expect(reopened).toMatchObject({
      status: 'investigating',
      outcome: null,
      closedAt: null,
      version: 5,
    });

    const lines = (await history(viewer, alert.id)).map(
      ({ kind, actorId, actorEmail, at, details }) => ({
        kind,
        actorId,
        actorEmail,
        at,
        details,
      }),
    );
    expect(lines).toEqual([
      {
        kind: 'created',
        actorId: null,
        actorEmail: null,
        at: alert.createdAt,
        details: { score: 0.8, threshold: 0.75 },
      },
      {
        kind: 'assigned',
        actorId: admin.id,
        actorEmail: admin.email,
        at: assignedAt,
        details: { from: null, to: analyst.id },
      },
      {
        kind: 'status_changed',
        actorId: analyst.id,
        actorEmail: analyst.email,
        at: investigatingAt,
        details: { from: 'open', to: 'investigating', outcome: null },
      },
      {
        kind: 'commented',
        actorId: analyst.id,
        actorEmail: analyst.email,
        at: commentedAt,
        details: { body: 'Counterparty is on the OFAC list.\nEscalating.' },
      },
      {
        kind: 'status_changed',
        actorId: analyst.id,
        actorEmail: analyst.email,
        at: closedAt,
        details: { from: 'investigating', to: 'closed', outcome: 'escalated' },
      },
      {
        kind: 'status_changed',
        actorId: admin.id,
        actorEmail: admin.email,
        at: at(),
        details: { from: 'closed', to: 'investigating', outcome: null },
      },
    ]);
  });

  it('closes an open alert at once as a false positive, and unassigns', async () => {
    const { analyst, alert } = await openAlert();
    await ok(api.url, 'alerts.assign', { id: alert.id, assigneeId: 'me' }, analyst.credential);
    const closed = await ok<Alert>(
      api.url,
      'alerts.setStatus',
      { id: alert.id, status: 'closed', outcome: 'false_positive' },
      analyst.credential,
    );
    expect(closed).toMatchObject({ status: 'closed', outcome: 'false_positive' });
    const unassigned = await ok<Alert>(
      api.url,
      'alerts.assign',
      { id: alert.id, assigneeId: null },
      analyst.credential,
    );
    expect(unassigned).toMatchObject({ assigneeId: null, assigneeEmail: null, version: 4 });
  });

  it('refuses transitions outside the workflow (409) and bad outcomes (400), writing nothing', async () => {
    const { analyst, viewer, alert } = await openAlert();
    const setStatus = (input: Record<string, unknown>) =>
      call(api.url, 'alerts.setStatus', { id: alert.id, ...input }, analyst.credential);

    const again = await setStatus({ status: 'open' });
    expect(again.status).toBe(409);
    expect(again.error?.message).toBe('The alert is already open');

    const noOutcome = await setStatus({ status: 'closed' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.error?.data.zodError?.fieldErrors.outcome).toEqual([
      'closing an alert needs an outcome: false_positive, escalated or reported',
    ]);
    expect((await setStatus({ status: 'investigating', outcome: 'reported' })).status).toBe(400);
    expect((await setStatus({ status: 'closed', outcome: 'ignored' })).status).toBe(400);

    await ok(
      api.url,
      'alerts.setStatus',
      { id: alert.id, status: 'closed', outcome: 'reported' },
      analyst.credential,
    );
    const toOpen = await setStatus({ status: 'open' });
    expect(toOpen.status).toBe(409);
    expect(toOpen.error?.data.code).toBe('CONFLICT');
    expect(toOpen.error?.message).toBe(
      'An alert that is closed cannot become open; it can become investigating',
    );

    const found = await ok<AlertCase>(api.url, 'alerts.byId', { id: alert.id }, viewer.credential);
    expect(found.alert).toMatchObject({ status: 'closed', outcome: 'reported', version: 2 });
    expect(found.history.map((line) => line.kind)).toEqual(['created', 'status_changed']);
  });

  it('refuses a change made from a stale version with 409, writing nothing', async () => {
    const { admin, analyst, viewer, alert } = await openAlert();
    await ok(
      api.url,
      'alerts.setStatus',
      { id: alert.id, status: 'investigating', version: 1 },
      analyst.credential,
    );
    const stale = await call(
      api.url,
      'alerts.assign',
      { id: alert.id, assigneeId: admin.id, version: 1 },
      admin.credential,
    );
    expect(stale.status).toBe(409);
    expect(stale.error?.message).toBe(
      'The alert was changed by someone else (it is now at version 2); reload it and try again',
    );
    const found = await ok<AlertCase>(api.url, 'alerts.byId', { id: alert.id }, viewer.credential);
    expect(found.alert).toMatchObject({ assigneeId: null, version: 2 });
    expect(found.history).toHaveLength(2);
  });

  it('assigns only active analysts and admins of the organization', async () => {
    const { admin, analyst, viewer, alert } = await openAlert();
    const assign = (assigneeId: string) =>
      call(api.url, 'alerts.assign', { id: alert.id, assigneeId }, analyst.credential);

    const toViewer = await assign(viewer.id);
    expect(toViewer.status).toBe(400);
    expect(toViewer.error?.message).toBe(
      `${viewer.email} is a viewer; alerts are worked by analysts and admins`,
    );

    const leaver = await join(api.url, admin, 'analyst');
    await ok(api.url, 'users.setDisabled', { userId: leaver.id, disabled: true }, admin.credential);
    const toDisabled = await assign(leaver.id);
    expect(toDisabled.status).toBe(400);
    expect(toDisabled.error?.message).toBe(
      `${leaver.email} is disabled and cannot be assigned alerts`,
    );

    const stranger = await signUp(api.url);
    const toStranger = await assign(stranger.id);
    expect(toStranger.status).toBe(404);
    expect(toStranger.error?.message).toBe('No user with this id in your organization');

    expect((await assign('not-an-id')).status).toBe(400);
    expect(
      (await ok<AlertCase>(api.url, 'alerts.byId', { id: alert.id }, viewer.credential)).history,
    ).toHaveLength(1);
  });

  it('takes comments of 1 to 2000 characters', async () => {
    const { analyst, alert } = await openAlert();
    const comment = (body: string) =>
      call(api.url, 'alerts.comment', { id: alert.id, body }, analyst.credential);
    expect((await comment('x'.repeat(2000))).status).toBe(200);
    expect((await comment('x'.repeat(2001))).status).toBe(400);
    expect((await comment('   ')).status).toBe(400);
    expect((await comment('bell \u0007')).status).toBe(400);
    const unknown = await call(
      api.url,
      'alerts.comment',
      { id: uuidv7(), body: 'hello' },
      analyst.credential,
    );
    expect(unknown.status).toBe(404);
  });

  it('lets viewers read but not work alerts', async () => {
    const { viewer, alert } = await openAlert();
    for (const [path, input] of [
      ['alerts.assign', { id: alert.id, assigneeId: null }],
      ['alerts.setStatus', { id: alert.id, status: 'investigating' }],
      ['alerts.comment', { id: alert.id, body: 'hi' }],
    ] as const) {
      const refused = await call(api.url, path, input, viewer.credential);
      expect(refused.status, path).toBe(403);
    }
  });
});

describe('alerts.assignees', () => {
  const assignees = (member: Member | { credential: { apiKey: string } }, input = {}) =>
    ok<AssigneePage>(api.url, 'alerts.assignees', input, member.credential);

  it('lists the active analysts and admins by email, to viewers, analysts, admins and keys', async () => {
    const admin = await signUp(api.url, `m-admin-${randomUUID()}@example.com`);
    const zoe = await join(api.url, admin, 'analyst', `z-analyst-${randomUUID()}@example.com`);
    const amy = await join(api.url, admin, 'analyst', `a-analyst-${randomUUID()}@example.com`);
    const boss = await join(api.url, admin, 'admin', `b-admin-${randomUUID()}@example.com`);
    const viewer = await join(api.url, admin, 'viewer', `c-viewer-${randomUUID()}@example.com`);
    const leaver = await join(api.url, admin, 'analyst', `d-leaver-${randomUUID()}@example.com`);
    await ok(api.url, 'users.setDisabled', { userId: leaver.id, disabled: true }, admin.credential);
    await signUp(api.url, `a-stranger-${randomUUID()}@example.com`);

    const expected = [amy, boss, admin, zoe].map(({ id, email, role }) => ({ id, email, role }));
    const key = await createKey(api.url, admin, 'viewer');
    for (const caller of [viewer, amy, admin, { credential: { apiKey: key.secret } }]) {
      expect(await assignees(caller, { limit: 200 })).toEqual({
        items: expected,
        nextCursor: null,
      });
    }

    const first = await assignees(viewer, { limit: 3 });
    expect(first.items).toEqual(expected.slice(0, 3));
    const rest = await assignees(viewer, { limit: 3, cursor: first.nextCursor });
    expect(rest).toEqual({ items: expected.slice(3), nextCursor: null });
  });

  it('lists exactly the members alerts.assign accepts, following role changes', async () => {
    const { admin, analyst, viewer } = await team();
    const leaver = await join(api.url, admin, 'analyst');
    await ok(api.url, 'users.setDisabled', { userId: leaver.id, disabled: true }, admin.credential);
    await ingest(analyst, [risky()]);
    const [alert] = (await list(viewer)).items;
    const listed = new Set((await assignees(viewer)).items.map((member) => member.id));
    expect([...listed].sort()).toEqual([admin.id, analyst.id].sort());
    for (const member of [admin, analyst, viewer, leaver]) {
      const result = await call(
        api.url,
        'alerts.assign',
        { id: alert!.id, assigneeId: member.id },
        analyst.credential,
      );
      expect(result.status === 200, member.email).toBe(listed.has(member.id));
    }

    await ok(api.url, 'users.setRole', { userId: viewer.id, role: 'analyst' }, admin.credential);
    await ok(api.url, 'users.setRole', { userId: analyst.id, role: 'viewer' }, admin.credential);
    expect((await assignees(admin)).items.map((member) => member.id).sort()).toEqual(
      [admin.id, viewer.id].sort(),
    );
  });

  it('refuses bad paging with 400 and anonymous callers with 401', async () => {
    const { viewer } = await team();
    for (const input of [{ cursor: 'not-a-cursor' }, { limit: 0 }, { limit: 201 }]) {
      const result = await call(api.url, 'alerts.assignees', input, viewer.credential);
      expect(result.status, JSON.stringify(input)).toBe(400);
      expect(result.error?.data.code).toBe('BAD_REQUEST');
    }
    expect((await call(api.url, 'alerts.assignees', {}, null)).status).toBe(401);
  });
});
