/**
 * Part of the one store contract (see ./contract.ts): alerts worked as cases — one per
 * transaction, list filters and paging, compare-and-set updates, the case history, the resume
 * feed, isolation between organizations and rollback with the unit of work.
 */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-identity.js';
import { ConflictError, InvalidCursorError, InvalidInputError, NotFoundError } from './errors.js';
import type {
  Alert,
  AlertEvent,
  AlertFilter,
  AlertTransactionSummary,
  NewAlert,
  Repositories,
  RiskBucketName,
  Role,
  ScoredTransaction,
  Transaction,
  User,
} from './ports.js';
import { uuidv7 } from './uuidv7.js';

const BASE = Date.parse('2024-07-01T00:00:00.000Z');
const MINUTE = 60_000;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Smaller than every UUIDv7 we make. */
const FIRST_POSITION = '00000000-0000-7000-8000-000000000000';
const at = (minutes: number): string => new Date(BASE + minutes * MINUTE).toISOString();

export function alertsContract({ store, unique, newOrganization }: ContractContext): void {
  const newUser = (
    organizationId: string,
    role: Role = 'analyst',
    emailPrefix = 'analyst',
  ): Promise<User> =>
    store().users.create({
      organizationId,
      email: `${emailPrefix}.${unique()}@example.com`,
      passwordHash: 'hash',
      role,
    });
  const ingest = async (
    organizationId: string,
    count: number,
    repos: Pick<Repositories, 'transactions'> = store(),
    overrides: Partial<ScoredTransaction> = {},
  ): Promise<Transaction[]> => {
    const items = Array.from({ length: count }, () => ({
      chain: 'xrpl',
      txId: `TX-${unique()}`,
      timestamp: at(0),
      fromAddress: 'rSender',
      toAddress: 'rReceiver',
      amount: '5000',
      currency: 'XRP',
      direction: 'out' as const,
      memo: null,
      fee: '0',
      tags: [],
      category: 'expense' as const,
      riskScore: 0.8,
      riskFlags: ['outgoing', 'large_outgoing'],
      riskBucket: 'high' as const,
      rulesetVersion: '2024.1',
      ...overrides,
    }));
    return (await repos.transactions.ingest(organizationId, items)).created;
  };
  /** What an alert of `transaction` must show of it. */
  const summaryOf = (transaction: Transaction): AlertTransactionSummary => ({
    txId: transaction.txId,
    chain: transaction.chain,
    timestamp: transaction.timestamp,
    fromAddress: transaction.fromAddress,
    toAddress: transaction.toAddress,
    amount: transaction.amount,
    currency: transaction.currency,
    direction: transaction.direction,
  });
  const raise = (
    transaction: Transaction,
    overrides: Partial<NewAlert> = {},
    ownerUserId: string | null = null,
  ): NewAlert => ({
    transactionId: transaction.id,
    ownerUserId,
    threshold: 0.75,
    riskScore: transaction.riskScore,
    riskBucket: transaction.riskBucket,
    riskFlags: transaction.riskFlags,
    createdAt: at(0),
    ...overrides,
  });
  const listAll = async (
    organizationId: string,
    filter: AlertFilter = {},
    limit = 2,
  ): Promise<Alert[]> => {
    const items: Alert[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().alerts.list(organizationId, filter, { cursor, limit });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  };
  const ids = (rows: { id: string }[]): string[] => rows.map((row) => row.id);
  const newestFirst = (rows: Alert[]): string[] => ids(rows).sort().reverse();
  const event = (
    kind: AlertEvent['kind'],
    actorId: string | null,
    minutes: number,
    details: AlertEvent['details'] = {},
  ) => ({ kind, actorId, at: at(minutes), details });

  describe('alerts.createMany', () => {
    it('writes one open alert per transaction, in input order, with a created event', async () => {
      const organization = await newOrganization();
      const owner = await newUser(organization.id);
      const [first, second] = await ingest(organization.id, 2);
      if (!first || !second) throw new Error('ingest wrote nothing');
      const created = await store().alerts.createMany(organization.id, [
        raise(second, { riskScore: 0.9123, riskBucket: 'high', riskFlags: ['a', 'b'] }, owner.id),
        raise(first, { threshold: 0.5, riskScore: 0.5, riskBucket: 'medium', createdAt: at(3) }),
      ]);
      expect(created).toEqual([
        {
          id: expect.any(String) as string,
          organizationId: organization.id,
          transactionId: second.id,
          transaction: summaryOf(second),
          ownerUserId: owner.id,
          threshold: 0.75,
          riskScore: 0.9123,
          riskBucket: 'high',
          riskFlags: ['a', 'b'],
          createdAt: at(0),
          status: 'open',
          outcome: null,
          assigneeId: null,
          updatedAt: at(0),
          closedAt: null,
          version: 1,
        },
        expect.objectContaining({
          transactionId: first.id,
          transaction: summaryOf(first),
          ownerUserId: null,
          threshold: 0.5,
          riskScore: 0.5,
          riskBucket: 'medium',
          createdAt: at(3),
          updatedAt: at(3),
        }) as unknown,
      ]);
      const [alert] = created;
      if (!alert) throw new Error('no alert');
      expect(await store().alerts.byId(organization.id, alert.id)).toEqual(alert);
      expect(await store().alerts.history(organization.id, alert.id)).toEqual([
        {
          id: expect.any(String) as string,
          alertId: alert.id,
          organizationId: organization.id,
          kind: 'created',
          actorId: null,
          at: at(0),
          details: { score: 0.9123, threshold: 0.75 },
        },
      ]);
    });

    it('skips transactions that already have an alert (re-scoring), also within one batch', async () => {
      const organization = await newOrganization();
      const [first, second, third] = await ingest(organization.id, 3);
      if (!first || !second || !third) throw new Error('ingest wrote nothing');
      const initial = await store().alerts.createMany(organization.id, [raise(first)]);
      const again = await store().alerts.createMany(organization.id, [
        raise(second),
        raise(first, { riskScore: 0.99 }),
        raise(third),
        raise(second, { riskScore: 0.95 }),
      ]);
      expect(again.map((alert) => alert.transactionId)).toEqual([second.id, third.id]);
      expect(again[0]?.riskScore).toBe(0.8);
      const all = await listAll(organization.id);
      expect(all).toHaveLength(3);
      expect(all.find((alert) => alert.transactionId === first.id)).toEqual(initial[0]);
      expect(await store().alerts.createMany(organization.id, [raise(first)])).toEqual([]);
      expect(await store().alerts.createMany(organization.id, [])).toEqual([]);
      for (const alert of all) {
        expect(await store().alerts.history(organization.id, alert.id)).toHaveLength(1);
      }
    });

    it('refuses a transaction or owner it does not hold with NotFoundError, writing nothing', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const stranger = await newUser(other.id);
      const [mine] = await ingest(organization.id, 1);
      const [theirs] = await ingest(other.id, 1);
      if (!mine || !theirs) throw new Error('ingest wrote nothing');
      await expect(
        store().alerts.createMany(organization.id, [raise(mine), raise(theirs)]),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store().alerts.createMany(organization.id, [
          raise(mine),
          { ...raise(mine), transactionId: uuidv7() },
        ]),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store().alerts.createMany(organization.id, [
          raise(mine),
          { ...raise(mine), transactionId: 'not-an-id' },
        ]),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store().alerts.createMany(organization.id, [raise(mine, {}, stranger.id)]),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store().alerts.createMany(organization.id, [raise(mine, {}, uuidv7())]),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(store().alerts.createMany(uuidv7(), [raise(mine)])).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await listAll(organization.id)).toEqual([]);
      expect(await listAll(other.id)).toEqual([]);
    });

    it.each<[string, Partial<NewAlert>]>([
      ['a score above 1', { riskScore: 1.5 }],
      ['a threshold with five decimals', { threshold: 0.12345 }],
      ['an unknown bucket', { riskBucket: 'extreme' as RiskBucketName }],
      ['flags that are not strings', { riskFlags: [1] as unknown as string[] }],
      ['a time without offset', { createdAt: '2024-07-01 10:00:00' }],
      ['an empty transaction id', { transactionId: '' }],
    ])('refuses %s with InvalidInputError', async (_name, overrides) => {
      const organization = await newOrganization();
      const [transaction] = await ingest(organization.id, 1);
      if (!transaction) throw new Error('ingest wrote nothing');
      await expect(
        store().alerts.createMany(organization.id, [raise(transaction, overrides)]),
      ).rejects.toBeInstanceOf(InvalidInputError);
      expect(await listAll(organization.id)).toEqual([]);
    });
  });

  describe('alerts.list', () => {
    /** Six alerts: buckets, times, two assigned to alice, one to bob, one closed. */
    const seed = async () => {
      const organization = await newOrganization();
      const alice = await newUser(organization.id);
      const bob = await newUser(organization.id);
      const transactions = await ingest(organization.id, 6);
      const buckets: RiskBucketName[] = ['high', 'medium', 'high', 'low', 'high', 'medium'];
      const created = await store().alerts.createMany(
        organization.id,
        transactions.map((transaction, index) =>
          raise(transaction, {
            riskBucket: buckets[index] ?? 'high',
            createdAt: at(index * 10),
          }),
        ),
      );
      const [a0, a1, a2, a3, a4] = created;
      if (!a0 || !a1 || !a2 || !a3 || !a4) throw new Error('seed wrote too few alerts');
      const assign = (alert: Alert, userId: string) =>
        store().alerts.update(
          organization.id,
          alert.id,
          alert.version,
          { assigneeId: userId },
          event('assigned', alice.id, 100, { from: null, to: userId }),
        );
      const assigned0 = await assign(a0, alice.id);
      await assign(a2, alice.id);
      await assign(a3, bob.id);
      await store().alerts.update(
        organization.id,
        a1.id,
        1,
        { status: 'investigating' },
        event('status_changed', alice.id, 101),
      );
      await store().alerts.update(
        organization.id,
        a0.id,
        assigned0.version,
        { status: 'closed', outcome: 'false_positive' },
        event('status_changed', alice.id, 102),
      );
      const all = await listAll(organization.id);
      return { organization, alice, bob, created, all };
    };

    it('lists newest first (id descending) through every page', async () => {
      const { organization, created, all } = await seed();
      expect(ids(all)).toEqual(newestFirst(created));
      const firstPage = await store().alerts.list(organization.id, {}, { limit: 4 });
      expect(firstPage.items).toHaveLength(4);
      expect(firstPage.nextCursor).not.toBeNull();
      const lastPage = await store().alerts.list(
        organization.id,
        {},
        {
          limit: 4,
          cursor: firstPage.nextCursor ?? undefined,
        },
      );
      expect(lastPage.items).toHaveLength(2);
      expect(lastPage.nextCursor).toBeNull();
      const exact = await store().alerts.list(organization.id, {}, { limit: 6 });
      expect(exact.nextCursor).toBeNull();
    });

    it('filters by status, assignee (null = unassigned), bucket and time, alone and combined', async () => {
      const { alice, bob, created, all } = await seed();
      const organizationId = created[0]?.organizationId ?? '';
      const expectIds = async (filter: AlertFilter, predicate: (alert: Alert) => boolean) => {
        const expected = newestFirst(all.filter(predicate));
        expect(ids(await listAll(organizationId, filter))).toEqual(expected);
        return expected;
      };
      const createdMs = (alert: Alert) => Date.parse(alert.createdAt);

      expect(await expectIds({ status: 'open' }, (a) => a.status === 'open')).toHaveLength(4);
      expect(await expectIds({ status: 'closed' }, (a) => a.status === 'closed')).toHaveLength(1);
      expect(
        await expectIds({ status: 'investigating' }, (a) => a.status === 'investigating'),
      ).toHaveLength(1);
      expect(
        await expectIds({ assigneeId: alice.id }, (a) => a.assigneeId === alice.id),
      ).toHaveLength(2);
      expect(await expectIds({ assigneeId: null }, (a) => a.assigneeId === null)).toHaveLength(3);
      expect(await expectIds({ riskBucket: 'high' }, (a) => a.riskBucket === 'high')).toHaveLength(
        3,
      );
      // Inclusive bounds on createdAt (alerts at 0, 10, 20, 30, 40, 50 minutes).
      expect(
        await expectIds(
          { from: at(10), to: at(30) },
          (a) => createdMs(a) >= BASE + 10 * MINUTE && createdMs(a) <= BASE + 30 * MINUTE,
        ),
      ).toHaveLength(3);
      expect(
        await expectIds({ from: at(50) }, (a) => createdMs(a) >= BASE + 50 * MINUTE),
      ).toHaveLength(1);
      expect(await expectIds({ to: at(0) }, (a) => createdMs(a) <= BASE)).toHaveLength(1);
      expect(
        await expectIds(
          { status: 'open', riskBucket: 'high', assigneeId: alice.id },
          (a) => a.status === 'open' && a.riskBucket === 'high' && a.assigneeId === alice.id,
        ),
      ).toHaveLength(1);
      expect(
        await expectIds(
          { status: 'open', assigneeId: null, from: at(20), to: at(50), riskBucket: 'high' },
          (a) =>
            a.status === 'open' &&
            a.assigneeId === null &&
            a.riskBucket === 'high' &&
            createdMs(a) >= BASE + 20 * MINUTE &&
            createdMs(a) <= BASE + 50 * MINUTE,
        ),
      ).toHaveLength(1);
      expect(await expectIds({ assigneeId: bob.id, riskBucket: 'high' }, () => false)).toEqual([]);
      expect(await listAll(organizationId, { assigneeId: uuidv7() })).toEqual([]);
      expect(await listAll(organizationId, { assigneeId: 'not-an-id' })).toEqual([]);
    });

    it('keeps its pages stable while new alerts arrive', async () => {
      const organization = await newOrganization();
      const transactions = await ingest(organization.id, 8);
      const before = await store().alerts.createMany(
        organization.id,
        transactions.slice(0, 5).map((transaction) => raise(transaction)),
      );
      const first = await store().alerts.list(organization.id, {}, { limit: 2 });
      const arrived = await store().alerts.createMany(
        organization.id,
        transactions.slice(5).map((transaction) => raise(transaction)),
      );
      const rest: Alert[] = [];
      let cursor = first.nextCursor ?? undefined;
      while (cursor !== undefined) {
        const page = await store().alerts.list(organization.id, {}, { limit: 2, cursor });
        rest.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      }
      expect([...ids(first.items), ...ids(rest)]).toEqual(newestFirst(before));
      expect(ids(await listAll(organization.id))).toEqual([
        ...newestFirst(arrived),
        ...newestFirst(before),
      ]);
    });

    it('refuses bad filters, limits and cursors with typed errors', async () => {
      const organization = await newOrganization();
      const list = (filter: AlertFilter, cursor?: string, limit = 10) =>
        store().alerts.list(organization.id, filter, { limit, cursor });
      await expect(list({ status: 'done' as 'open' })).rejects.toBeInstanceOf(InvalidInputError);
      await expect(list({ riskBucket: 'x' as RiskBucketName })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      await expect(list({ from: 'yesterday' })).rejects.toBeInstanceOf(InvalidInputError);
      await expect(list({}, undefined, 0)).rejects.toBeInstanceOf(InvalidInputError);
      await expect(list({}, undefined, 1001)).rejects.toBeInstanceOf(InvalidInputError);
      await expect(list({}, 'garbage!')).rejects.toBeInstanceOf(InvalidCursorError);
      await ingest(organization.id, 2);
      const transactions = await store().transactions.list(organization.id, { limit: 1 });
      await expect(list({}, transactions.nextCursor ?? '')).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });
  });

  describe('alerts.update and the case history', () => {
    const oneAlert = async () => {
      const organization = await newOrganization();
      const alice = await newUser(organization.id);
      const bob = await newUser(organization.id);
      const [transaction] = await ingest(organization.id, 1);
      if (!transaction) throw new Error('ingest wrote nothing');
      const [alert] = await store().alerts.createMany(organization.id, [raise(transaction)]);
      if (!alert) throw new Error('no alert');
      return { organization, alice, bob, alert };
    };

    it('is a compare-and-set on version: a stale version is a ConflictError and changes nothing', async () => {
      const { organization, alice, bob, alert } = await oneAlert();
      const assigned = await store().alerts.update(
        organization.id,
        alert.id,
        1,
        { assigneeId: alice.id },
        event('assigned', alice.id, 5, { from: null, to: alice.id }),
      );
      expect(assigned).toEqual({
        ...alert,
        assigneeId: alice.id,
        updatedAt: at(5),
        version: 2,
      });
      await expect(
        store().alerts.update(
          organization.id,
          alert.id,
          1,
          { assigneeId: bob.id },
          event('assigned', bob.id, 6, { from: alice.id, to: bob.id }),
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      expect(await store().alerts.byId(organization.id, alert.id)).toEqual(assigned);
      expect(await store().alerts.history(organization.id, alert.id)).toHaveLength(2);
    });

    it('refuses alerts and assignees the organization does not hold with NotFoundError', async () => {
      const { organization, alice, alert } = await oneAlert();
      const other = await newOrganization();
      const stranger = await newUser(other.id);
      const assign = (organizationId: string, id: string, assigneeId: string) =>
        store().alerts.update(
          organizationId,
          id,
          1,
          { assigneeId },
          event('assigned', alice.id, 5, { from: null, to: assigneeId }),
        );
      await expect(assign(other.id, alert.id, stranger.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(assign(organization.id, uuidv7(), alice.id)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(assign(organization.id, 'not-an-id', alice.id)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(assign(organization.id, alert.id, stranger.id)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(assign(organization.id, alert.id, uuidv7())).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(assign(organization.id, alert.id, 'someone')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      expect(await store().alerts.byId(organization.id, alert.id)).toEqual(alert);
      expect(await store().alerts.history(organization.id, alert.id)).toHaveLength(1);
    });

    it('sets closedAt and the outcome when closed, keeps them while closed, clears them on reopening', async () => {
      const { organization, alice, bob, alert } = await oneAlert();
      const update = (
        version: number,
        patch: Parameters<Repositories['alerts']['update']>[3],
        minutes: number,
      ) =>
        store().alerts.update(
          organization.id,
          alert.id,
          version,
          patch,
          event('status_changed', alice.id, minutes),
        );
      await expect(update(1, { status: 'closed' }, 1)).rejects.toBeInstanceOf(InvalidInputError);
      await expect(update(1, { outcome: 'escalated' }, 1)).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      await expect(
        update(1, { status: 'investigating', outcome: 'reported' }, 1),
      ).rejects.toBeInstanceOf(InvalidInputError);
      await expect(update(1, { status: 'done' as 'open' }, 1)).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      await expect(update(0, { status: 'investigating' }, 1)).rejects.toBeInstanceOf(
        InvalidInputError,
      );

      const investigating = await update(1, { status: 'investigating' }, 2);
      expect(investigating).toMatchObject({ status: 'investigating', closedAt: null, version: 2 });
      const closed = await update(2, { status: 'closed', outcome: 'escalated' }, 3);
      expect(closed).toMatchObject({
        status: 'closed',
        outcome: 'escalated',
        closedAt: at(3),
        updatedAt: at(3),
        version: 3,
      });
      const recast = await update(3, { outcome: 'reported', assigneeId: bob.id }, 4);
      expect(recast).toMatchObject({
        status: 'closed',
        outcome: 'reported',
        assigneeId: bob.id,
        closedAt: at(3),
        updatedAt: at(4),
        version: 4,
      });
      await expect(update(4, { outcome: null }, 5)).rejects.toBeInstanceOf(InvalidInputError);
      const reopened = await update(4, { status: 'investigating' }, 6);
      expect(reopened).toMatchObject({
        status: 'investigating',
        outcome: null,
        closedAt: null,
        assigneeId: bob.id,
        updatedAt: at(6),
        version: 5,
      });
      expect(await store().alerts.byId(organization.id, alert.id)).toEqual(reopened);
      const unassigned = await update(5, { assigneeId: null }, 7);
      expect(unassigned.assigneeId).toBeNull();
      expect(closed.closedAt).toMatch(ISO_MILLIS);
    });

    it('records who changed what and when, oldest first; comments do not move the version', async () => {
      const { organization, alice, bob, alert } = await oneAlert();
      const assigned = await store().alerts.update(
        organization.id,
        alert.id,
        1,
        { assigneeId: bob.id },
        event('assigned', alice.id, 1, { from: null, to: bob.id }),
      );
      const comment = await store().alerts.addEvent(
        organization.id,
        alert.id,
        event('commented', bob.id, 2, { body: 'Looks like a mixer — checking the counterparty.' }),
      );
      expect(comment).toEqual({
        id: expect.any(String) as string,
        alertId: alert.id,
        organizationId: organization.id,
        kind: 'commented',
        actorId: bob.id,
        at: at(2),
        details: { body: 'Looks like a mixer — checking the counterparty.' },
      });
      expect(await store().alerts.byId(organization.id, alert.id)).toEqual(assigned);
      await store().alerts.update(
        organization.id,
        alert.id,
        2,
        { status: 'closed', outcome: 'reported' },
        event('status_changed', `apikey:${uuidv7()}`, 3, {
          from: 'open',
          to: 'closed',
          outcome: 'reported',
        }),
      );
      const history = await store().alerts.history(organization.id, alert.id);
      expect(history.map((line) => [line.kind, line.actorId, line.at])).toEqual([
        ['created', null, at(0)],
        ['assigned', alice.id, at(1)],
        ['commented', bob.id, at(2)],
        ['status_changed', expect.stringMatching(/^apikey:/) as string, at(3)],
      ]);
      expect(history[1]?.details).toEqual({ from: null, to: bob.id });
      expect(history[3]?.details).toEqual({ from: 'open', to: 'closed', outcome: 'reported' });
      expect(history[2]).toEqual(comment);
      expect(ids(history)).toEqual(ids(history).sort());
    });

    it('refuses events for unknown alerts and malformed events', async () => {
      const { organization, alice, alert } = await oneAlert();
      const other = await newOrganization();
      const comment = event('commented', alice.id, 1, { body: 'hi' });
      await expect(store().alerts.addEvent(other.id, alert.id, comment)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        store().alerts.addEvent(organization.id, uuidv7(), comment),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store().alerts.addEvent(organization.id, alert.id, {
          ...comment,
          kind: 'deleted' as 'commented',
        }),
      ).rejects.toBeInstanceOf(InvalidInputError);
      await expect(
        store().alerts.addEvent(organization.id, alert.id, { ...comment, at: 'now' }),
      ).rejects.toBeInstanceOf(InvalidInputError);
      await expect(
        store().alerts.addEvent(organization.id, alert.id, {
          ...comment,
          details: { nested: { no: 1 } } as unknown as AlertEvent['details'],
        }),
      ).rejects.toBeInstanceOf(InvalidInputError);
      await expect(
        store().alerts.addEvent(organization.id, alert.id, {
          ...comment,
          details: { body: 'x'.repeat(20_000) },
        }),
      ).rejects.toBeInstanceOf(InvalidInputError);
      expect(await store().alerts.history(organization.id, alert.id)).toHaveLength(1);
    });
  });

  describe('alerts: resuming, isolation and units of work', () => {
    it('resumes after an id, oldest first, at most `limit` at a time', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const transactions = await ingest(organization.id, 5);
      const [theirs] = await ingest(other.id, 1);
      if (!theirs) throw new Error('ingest wrote nothing');
      const created = await store().alerts.createMany(
        organization.id,
        transactions.map((transaction) => raise(transaction)),
      );
      await store().alerts.createMany(other.id, [raise(theirs)]);
      const oldestFirst = ids(created).sort();
      const [firstId] = oldestFirst;
      if (!firstId) throw new Error('no alert');
      const resumed = await store().alerts.since(organization.id, firstId, 2);
      expect(ids(resumed)).toEqual(oldestFirst.slice(1, 3));
      const next = await store().alerts.since(organization.id, resumed[1]?.id ?? '', 10);
      expect(ids(next)).toEqual(oldestFirst.slice(3));
      expect(await store().alerts.since(organization.id, oldestFirst[4] ?? '', 10)).toEqual([]);
      // A position before any of them (the smallest UUIDv7) replays them all.
      const beforeAll = FIRST_POSITION;
      expect(ids(await store().alerts.since(organization.id, beforeAll, 10))).toEqual(oldestFirst);
      expect(await store().alerts.since(organization.id, firstId, 10)).toEqual(
        created.filter((alert) => alert.id !== firstId).sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
      await expect(store().alerts.since(organization.id, 'last', 10)).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      await expect(store().alerts.since(organization.id, firstId, 0)).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    });

    it('never reads, lists, resumes or changes alerts across organizations', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const stranger = await newUser(other.id);
      const [transaction] = await ingest(organization.id, 1);
      if (!transaction) throw new Error('ingest wrote nothing');
      const [alert] = await store().alerts.createMany(organization.id, [raise(transaction)]);
      if (!alert) throw new Error('no alert');
      expect(await store().alerts.byId(other.id, alert.id)).toBeNull();
      expect(await store().alerts.byId(organization.id, 'not-an-id')).toBeNull();
      expect(await store().alerts.byId(organization.id, uuidv7())).toBeNull();
      expect(await listAll(other.id)).toEqual([]);
      expect(await store().alerts.history(other.id, alert.id)).toEqual([]);
      expect(await store().alerts.history(organization.id, 'not-an-id')).toEqual([]);
      expect(await store().alerts.since(other.id, FIRST_POSITION, 10)).toEqual([]);
      await expect(
        store().alerts.update(
          other.id,
          alert.id,
          1,
          { status: 'investigating' },
          event('status_changed', stranger.id, 1),
        ),
      ).rejects.toBeInstanceOf(NotFoundError);
      // Nor can another organization raise an alert on this organization's transaction.
      await expect(
        store().alerts.createMany(other.id, [raise(transaction)]),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await store().alerts.byId(organization.id, alert.id)).toEqual(alert);
    });

    it('rolls alerts and their history back with the unit of work', async () => {
      const organization = await newOrganization();
      const alice = await newUser(organization.id);
      const [kept] = await ingest(organization.id, 1);
      if (!kept) throw new Error('ingest wrote nothing');
      const [alert] = await store().alerts.createMany(organization.id, [raise(kept)]);
      if (!alert) throw new Error('no alert');
      const failure = new Error('the ingest failed after raising alerts');
      let raisedInside: Alert[] = [];
      await expect(
        store().transaction(async (repos) => {
          const written = await ingest(organization.id, 2, repos);
          raisedInside = await repos.alerts.createMany(
            organization.id,
            written.map((transaction) => raise(transaction)),
          );
          await repos.alerts.update(
            organization.id,
            alert.id,
            1,
            { assigneeId: alice.id },
            event('assigned', alice.id, 1, { from: null, to: alice.id }),
          );
          await repos.alerts.addEvent(
            organization.id,
            alert.id,
            event('commented', alice.id, 2, { body: 'gone' }),
          );
          expect(await repos.alerts.list(organization.id, {}, { limit: 10 })).toMatchObject({
            items: expect.arrayContaining(raisedInside) as unknown,
          });
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(raisedInside).toHaveLength(2);
      expect(ids(await listAll(organization.id))).toEqual([alert.id]);
      for (const gone of raisedInside) {
        expect(await store().alerts.byId(organization.id, gone.id)).toBeNull();
        expect(await store().alerts.history(organization.id, gone.id)).toEqual([]);
      }
      expect(await store().alerts.byId(organization.id, alert.id)).toEqual(alert);
      expect(await store().alerts.history(organization.id, alert.id)).toHaveLength(1);

      const committed = await store().transaction(async (repos) => {
        const written = await ingest(organization.id, 1, repos);
        return repos.alerts.createMany(
          organization.id,
          written.map((transaction) => raise(transaction)),
        );
      });
      expect(await store().alerts.byId(organization.id, committed[0]?.id ?? '')).toEqual(
        committed[0],
      );
    });

    it('inside a unit of work, a refused change leaves the rest of the work usable', async () => {
      const organization = await newOrganization();
      const [transaction] = await ingest(organization.id, 1);
      if (!transaction) throw new Error('ingest wrote nothing');
      const [alert] = await store().alerts.createMany(organization.id, [raise(transaction)]);
      if (!alert) throw new Error('no alert');
      const result = await store().transaction(async (repos) => {
        await expect(
          repos.alerts.update(
            organization.id,
            alert.id,
            1,
            { assigneeId: uuidv7() },
            event('assigned', null, 1, { from: null, to: null }),
          ),
        ).rejects.toBeInstanceOf(NotFoundError);
        await expect(
          repos.alerts.update(
            organization.id,
            alert.id,
            7,
            { status: 'investigating' },
            event('status_changed', null, 1),
          ),
        ).rejects.toBeInstanceOf(ConflictError);
        return repos.alerts.update(
          organization.id,
          alert.id,
          1,
          { status: 'investigating' },
          event('status_changed', null, 2),
        );
      });
      expect(result).toMatchObject({ status: 'investigating', version: 2 });
      expect(await store().alerts.history(organization.id, alert.id)).toHaveLength(2);
    });
  });

  describe('alerts: what they show of their transactions', () => {
    const byIdAscending = (a: Alert, b: Alert): number => (a.id < b.id ? -1 : 1);

    it('reads each alert with its transaction summary: raised, listed, by id, changed and resumed', async () => {
      const organization = await newOrganization();
      const alice = await newUser(organization.id);
      const [outgoing] = await ingest(organization.id, 1, store(), {
        timestamp: '2024-06-30T23:59:59.123Z',
        fromAddress: 'rTreasury',
        toAddress: 'rCounterparty',
        amount: '12345678901234567890.123456789012345678',
        currency: 'USD',
        direction: 'out',
      });
      const [incoming] = await ingest(organization.id, 1, store(), {
        chain: 'xrpl-testnet',
        timestamp: '2024-07-02T08:00:00.000Z',
        fromAddress: 'rPayer',
        toAddress: 'rTreasury',
        amount: '0.10',
        currency: 'XRP',
        direction: 'in',
      });
      if (!outgoing || !incoming) throw new Error('ingest wrote nothing');
      const created = await store().alerts.createMany(organization.id, [
        raise(outgoing),
        raise(incoming),
      ]);
      expect(created.map((alert) => alert.transaction)).toEqual([
        {
          txId: outgoing.txId,
          chain: 'xrpl',
          timestamp: '2024-06-30T23:59:59.123Z',
          fromAddress: 'rTreasury',
          toAddress: 'rCounterparty',
          amount: '12345678901234567890.123456789012345678',
          currency: 'USD',
          direction: 'out',
        },
        {
          txId: incoming.txId,
          chain: 'xrpl-testnet',
          timestamp: '2024-07-02T08:00:00.000Z',
          fromAddress: 'rPayer',
          toAddress: 'rTreasury',
          amount: '0.1',
          currency: 'XRP',
          direction: 'in',
        },
      ]);
      const [first, second] = created;
      if (!first || !second) throw new Error('no alerts');

      expect(await listAll(organization.id)).toEqual([...created].sort(byIdAscending).reverse());
      expect(await listAll(organization.id, { status: 'open', riskBucket: 'high' })).toEqual(
        [...created].sort(byIdAscending).reverse(),
      );
      expect(await store().alerts.byId(organization.id, second.id)).toEqual(second);
      expect(await store().alerts.since(organization.id, FIRST_POSITION, 10)).toEqual(
        [...created].sort(byIdAscending),
      );
      const assigned = await store().alerts.update(
        organization.id,
        first.id,
        first.version,
        { assigneeId: alice.id },
        event('assigned', alice.id, 1, { from: null, to: alice.id }),
      );
      expect(assigned.transaction).toEqual(first.transaction);
      expect(await listAll(organization.id, { assigneeId: alice.id })).toEqual([assigned]);
    });

    it("joins only the organization's own transaction, even where another holds the same chain and txId", async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const stranger = await newUser(other.id);
      const txId = `SHARED-${unique()}`;
      const [mine] = await ingest(organization.id, 1, store(), {
        txId,
        toAddress: 'rMine',
        amount: '1',
      });
      const [theirs] = await ingest(other.id, 1, store(), {
        txId,
        fromAddress: 'rTheirs',
        amount: '2',
        currency: 'EUR',
        direction: 'in',
      });
      if (!mine || !theirs) throw new Error('ingest wrote nothing');
      const [myAlert] = await store().alerts.createMany(organization.id, [raise(mine)]);
      const [theirAlert] = await store().alerts.createMany(other.id, [raise(theirs)]);
      if (!myAlert || !theirAlert) throw new Error('no alerts');
      expect(myAlert.transaction).toEqual(summaryOf(mine));
      expect(theirAlert.transaction).toEqual(summaryOf(theirs));
      expect(myAlert.transaction).toMatchObject({ toAddress: 'rMine', amount: '1' });
      expect(theirAlert.transaction).toMatchObject({ fromAddress: 'rTheirs', amount: '2' });

      expect(await listAll(organization.id)).toEqual([myAlert]);
      expect(await listAll(other.id)).toEqual([theirAlert]);
      expect(await store().alerts.byId(organization.id, myAlert.id)).toEqual(myAlert);
      expect(await store().alerts.since(other.id, FIRST_POSITION, 10)).toEqual([theirAlert]);
      const moved = await store().alerts.update(
        other.id,
        theirAlert.id,
        1,
        { status: 'investigating' },
        event('status_changed', stranger.id, 1),
      );
      expect(moved.transaction).toEqual(summaryOf(theirs));
    });
  });

  describe('alerts.assignees', () => {
    const asAssignee = ({ id, email, role }: User) => ({ id, email, role });
    const allAssignees = async (organizationId: string, limit: number) => {
      const items: { id: string; email: string; role: Role }[] = [];
      let cursor: string | undefined;
      do {
        const page = await store().alerts.assignees(organizationId, { cursor, limit });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return items;
    };

    it('lists the active analysts and admins by email (code point order), through every page', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const carol = await newUser(organization.id, 'admin', 'carol');
      const zed = await newUser(organization.id, 'analyst', 'zed');
      // After "zed" by code point (as SQLite and PostgreSQL's "C" collation order UTF-8 bytes).
      const ulrich = await newUser(organization.id, 'analyst', '\u00fclrich');
      const alice = await newUser(organization.id, 'analyst', 'alice');
      await newUser(organization.id, 'viewer', 'bob');
      const leaver = await newUser(organization.id, 'analyst', 'dave');
      await store().users.update(organization.id, leaver.id, { disabled: true });
      await newUser(other.id, 'analyst', 'aaron');

      const expected = [alice, carol, zed, ulrich].map(asAssignee);
      expect(await store().alerts.assignees(organization.id, { limit: 4 })).toEqual({
        items: expected,
        nextCursor: null,
      });
      for (const limit of [1, 3, 5]) {
        expect(await allAssignees(organization.id, limit)).toEqual(expected);
      }
      expect(await allAssignees(other.id, 10)).toHaveLength(1);
      expect(await store().alerts.assignees(uuidv7(), { limit: 10 })).toEqual({
        items: [],
        nextCursor: null,
      });
      expect(await store().alerts.assignees('not-an-id', { limit: 10 })).toEqual({
        items: [],
        nextCursor: null,
      });
    });

    it('keeps its pages stable while members join, and follows role changes and disabling', async () => {
      const organization = await newOrganization();
      const alice = await newUser(organization.id, 'analyst', 'alice');
      const carol = await newUser(organization.id, 'analyst', 'carol');
      const erin = await newUser(organization.id, 'admin', 'erin');
      const first = await store().alerts.assignees(organization.id, { limit: 2 });
      expect(first.items).toEqual([alice, carol].map(asAssignee));
      // Sorts before the cursor: the next page neither repeats nor skips anyone.
      const aaron = await newUser(organization.id, 'analyst', 'aaron');
      const rest = await store().alerts.assignees(organization.id, {
        limit: 2,
        cursor: first.nextCursor ?? undefined,
      });
      expect(rest).toEqual({ items: [asAssignee(erin)], nextCursor: null });

      await store().users.update(organization.id, carol.id, { role: 'viewer' });
      await store().users.update(organization.id, alice.id, { disabled: true });
      const promoted = await store().users.update(organization.id, erin.id, { role: 'analyst' });
      expect(await allAssignees(organization.id, 10)).toEqual([aaron, promoted].map(asAssignee));
      await store().users.update(organization.id, alice.id, { disabled: false });
      expect(await allAssignees(organization.id, 10)).toEqual(
        [aaron, alice, promoted].map(asAssignee),
      );
    });

    it('refuses bad cursors and limits with typed errors', async () => {
      const organization = await newOrganization();
      // Garbage, an empty pair, and a cursor of another list.
      for (const cursor of [
        'not a cursor',
        'W10',
        Buffer.from('["alerts","x"]').toString('base64url'),
      ]) {
        await expect(
          store().alerts.assignees(organization.id, { cursor, limit: 10 }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
      }
      for (const limit of [0, -1, 1.5, 10_000]) {
        await expect(store().alerts.assignees(organization.id, { limit })).rejects.toBeInstanceOf(
          InvalidInputError,
        );
      }
    });
  });
}
