import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  inArray,
  isNull,
  sql,
  type SQL,
} from 'drizzle-orm';
import {
  applyAlertPatch,
  checkAlertEvent,
  checkAlertFilter,
  checkAlertPatch,
  checkExpectedVersion,
  checkNewAlerts,
  checkSince,
  createdEvent,
  STALE_ALERT,
  UNKNOWN_ALERT,
  UNKNOWN_TRANSACTION,
  type CheckedAlertEvent,
  type CheckedAlertFilter,
  type CheckedNewAlert,
} from '../alert-input.js';
import {
  ASSIGNABLE_ROLES,
  assigneePage,
  assigneesOf,
  decodeAssigneeCursor,
} from '../alert-assignees.js';
import {
  ALERT_LIST_STATEMENT_CAPACITY,
  alertListShapeKey,
  alertPage,
  decodeAlertCursor,
} from '../alert-list.js';
import {
  newAlertEventRecord,
  newAlertRecord,
  toAlert,
  toAlertEvent,
  type AlertTransactionRow,
  type JoinedAlertRow,
} from '../alert-records.js';
import { chunks } from '../chunks.js';
import { canonicalDecimal } from '../decimal.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { lazy } from '../lazy.js';
import { BoundedCache } from '../list-statements.js';
import { checkPageLimit, toIsoTimestamp } from '../normalize.js';
import type { Alert, AlertEvent, AlertRepository, Direction } from '../ports.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import { UNKNOWN_USER } from '../wallet-settings-input.js';
import type { SubqueryWithSelection } from 'drizzle-orm/pg-core';
import type { PgHandle } from './database.js';
import { alertEvents, alerts, transactions, users } from './schema.js';

/** Alerts per statement; the rows travel as one jsonb parameter. */
const INSERT_CHUNK_ROWS = 1000;

const p = {
  organizationId: sql.placeholder('organizationId'),
  id: sql.placeholder('id'),
  status: sql.placeholder('status'),
  assigneeId: sql.placeholder('assigneeId'),
  riskBucket: sql.placeholder('riskBucket'),
  from: sql.placeholder('from'),
  to: sql.placeholder('to'),
  afterId: sql.placeholder('afterId'),
  afterEmail: sql.placeholder('afterEmail'),
  limit: sql.placeholder('limit'),
};

/** What an alert shows of its transaction. */
const summaryColumns = {
  txId: transactions.txId,
  chain: transactions.chain,
  timestamp: transactions.timestamp,
  fromAddress: transactions.fromAddress,
  toAddress: transactions.toAddress,
  amount: transactions.amount,
  currency: transactions.currency,
  direction: transactions.direction,
};
/** One transaction row per alert: its own, within the same organization (primary key lookup). */
const ownTransaction = and(
  eq(transactions.organizationId, alerts.organizationId),
  eq(transactions.id, alerts.transactionId),
);

type AlertPage = SubqueryWithSelection<typeof alerts._.columns, 'page'>;

/**
 * The alerts of `page` with their transactions. The page is chosen first (a subquery with a
 * LIMIT is not flattened), then each of its alerts looks its transaction up by primary key: the
 * planner cannot turn a page into a hash join of every alert and transaction of the organization,
 * which it did on tables not yet analyzed (from milliseconds up to a second per page).
 */
function withTransactions(db: PgHandle, page: AlertPage) {
  return db
    .select({ ...page._.selectedFields, transaction: summaryColumns })
    .from(page)
    .innerJoin(
      transactions,
      and(
        eq(transactions.organizationId, page.organizationId),
        eq(transactions.id, page.transactionId),
      ),
    );
}

/** `numeric` comes back as it was written; every store answers with the canonical form. */
function toJoinedAlert(row: JoinedAlertRow): Alert {
  return toAlert({
    ...row,
    transaction: { ...row.transaction, amount: canonicalDecimal(row.transaction.amount) },
  });
}

/** Email order by code point (UTF-8 bytes), whatever the database's collation: as every store. */
const emailInCodePointOrder = sql`${users.email} collate "C"`;

function listConditions(filter: CheckedAlertFilter, hasCursor: boolean): SQL[] {
  const conditions: SQL[] = [eq(alerts.organizationId, p.organizationId)];
  if (filter.status !== undefined) conditions.push(eq(alerts.status, p.status));
  if (filter.assignee !== undefined) {
    conditions.push(
      filter.assignee.id === null
        ? isNull(alerts.assigneeId)
        : sql`${alerts.assigneeId} = ${p.assigneeId}::uuid`,
    );
  }
  if (filter.riskBucket !== undefined) conditions.push(eq(alerts.riskBucket, p.riskBucket));
  if (filter.fromMs !== undefined) {
    conditions.push(sql`${alerts.createdAt} >= ${p.from}::timestamptz`);
  }
  if (filter.toMs !== undefined) conditions.push(sql`${alerts.createdAt} <= ${p.to}::timestamptz`);
  if (hasCursor) conditions.push(sql`${alerts.id} < ${p.afterId}::uuid`);
  return conditions;
}

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : toIsoTimestamp(ms);

/**
 * `createMany` writes a chunk of alerts and their 'created' events in one statement (the rows
 * travel as one jsonb parameter), joined to the organization's transactions so that an alert can
 * only point at a transaction of its own organization.
 */
export function createPgAlerts(db: PgHandle): AlertRepository {
  // One alert by its key: a join cannot go wrong here.
  const selectById = lazy(() =>
    db
      .select({ ...getTableColumns(alerts), transaction: summaryColumns })
      .from(alerts)
      .innerJoin(transactions, ownTransaction)
      .where(and(eq(alerts.organizationId, p.organizationId), eq(alerts.id, p.id)))
      .prepare('alerts_by_id'),
  );
  const selectHistory = lazy(() =>
    db
      .select()
      .from(alertEvents)
      .where(and(eq(alertEvents.organizationId, p.organizationId), eq(alertEvents.alertId, p.id)))
      .orderBy(asc(alertEvents.id))
      .prepare('alert_events_history'),
  );
  const selectSince = lazy(() => {
    const page = db
      .select()
      .from(alerts)
      .where(and(eq(alerts.organizationId, p.organizationId), gt(alerts.id, p.afterId)))
      .orderBy(asc(alerts.id))
      .limit(p.limit)
      .as('page');
    return withTransactions(db, page).orderBy(asc(page.id)).prepare('alerts_since');
  });
  const prepareList = (filter: CheckedAlertFilter, hasCursor: boolean) => {
    const page = db
      .select()
      .from(alerts)
      .where(and(...listConditions(filter, hasCursor)))
      .orderBy(desc(alerts.id))
      .limit(p.limit)
      .as('page');
    return withTransactions(db, page)
      .orderBy(desc(page.id))
      .prepare(`alerts_list_${alertListShapeKey(filter, hasCursor)}`);
  };
  const listStatements = new BoundedCache<ReturnType<typeof prepareList>>(
    ALERT_LIST_STATEMENT_CAPACITY,
  );
  const prepareAssignees = (hasCursor: boolean) =>
    db
      .select({ id: users.id, email: users.email, role: users.role })
      .from(users)
      .where(
        and(
          eq(users.organizationId, p.organizationId),
          eq(users.disabled, false),
          inArray(users.role, [...ASSIGNABLE_ROLES]),
          hasCursor ? sql`${emailInCodePointOrder} > ${p.afterEmail}::text` : undefined,
        ),
      )
      .orderBy(emailInCodePointOrder)
      .limit(p.limit)
      .prepare(hasCursor ? 'alert_assignees_after' : 'alert_assignees_first');
  const assigneesFirst = lazy(() => prepareAssignees(false));
  const assigneesAfter = lazy(() => prepareAssignees(true));

  /**
   * The alerts written, by id, with what they show of their transactions; the others'
   * transactions already had one or are not held.
   */
  async function insertChunk(
    tx: PgHandle,
    owner: string,
    part: { id: string; eventId: string; item: CheckedNewAlert }[],
  ): Promise<Map<string, AlertTransactionRow>> {
    const payload = JSON.stringify(
      part.map(({ id, eventId, item }, ord) => ({
        ord,
        id,
        event_id: eventId,
        transaction_id: item.transactionId,
        owner_user_id: item.ownerUserId,
        threshold: item.thresholdBp,
        risk_score: item.riskScoreBp,
        risk_bucket: item.riskBucket,
        risk_flags: item.riskFlags,
        created_at: toIsoTimestamp(item.createdAtMs),
        details: createdEvent(item).details,
      })),
    );
    const rows = await tx.execute<{
      alert_id: string;
      tx_id: string;
      chain: string;
      timestamp_ms: string;
      from_address: string;
      to_address: string;
      amount: string;
      currency: string;
      direction: Direction;
    }>(sql`
      with input as (
        select * from jsonb_to_recordset(${payload}::jsonb) as v(ord int, id uuid, event_id uuid,
          transaction_id uuid, owner_user_id uuid, threshold int, risk_score int,
          risk_bucket text, risk_flags jsonb, created_at timestamptz, details jsonb)
      ), written as (
        insert into alerts (id, organization_id, transaction_id, owner_user_id, threshold,
          risk_score, risk_bucket, risk_flags, status, created_at, updated_at, version)
        select v.id, ${owner}::uuid, v.transaction_id, v.owner_user_id, v.threshold,
          v.risk_score, v.risk_bucket, array(select jsonb_array_elements_text(v.risk_flags)),
          'open', v.created_at, v.created_at, 1
        from input v
        join transactions t on t.organization_id = ${owner}::uuid and t.id = v.transaction_id
        order by v.ord
        on conflict (organization_id, transaction_id) do nothing
        returning id, transaction_id
      ), events as (
        insert into alert_events (id, organization_id, alert_id, kind, actor_id, at, details)
        select v.event_id, ${owner}::uuid, v.id, 'created', null, v.created_at, v.details
        from written w join input v on v.id = w.id
      )
      select w.id as alert_id, t.tx_id, t.chain,
        (extract(epoch from t.timestamp) * 1000)::bigint::text as timestamp_ms,
        t.from_address, t.to_address, t.amount::text as amount, t.currency, t.direction
      from written w
      join transactions t on t.organization_id = ${owner}::uuid and t.id = w.transaction_id`);
    return new Map(
      rows.map((row) => [
        row.alert_id,
        {
          txId: row.tx_id,
          chain: row.chain,
          timestamp: Number(row.timestamp_ms),
          fromAddress: row.from_address,
          toAddress: row.to_address,
          amount: canonicalDecimal(row.amount),
          currency: row.currency,
          direction: row.direction,
        },
      ]),
    );
  }

  /** The transactions among `ids` that already have an alert. */
  async function alerted(tx: PgHandle, owner: string, ids: string[]): Promise<Set<string>> {
    const rows = await tx
      .select({ transactionId: alerts.transactionId })
      .from(alerts)
      .where(and(eq(alerts.organizationId, owner), inArray(alerts.transactionId, ids)));
    return new Set(rows.map((row) => row.transactionId));
  }

  async function appendEvent(
    handle: PgHandle,
    owner: string,
    alertId: string,
    event: CheckedAlertEvent,
  ): Promise<AlertEvent> {
    const id = uuidv7();
    // Only onto an alert the organization holds; nothing is written otherwise.
    const rows = await handle.execute<{ id: string }>(sql`
      insert into alert_events (id, organization_id, alert_id, kind, actor_id, at, details)
      select ${id}::uuid, ${owner}::uuid, ${alertId}::uuid, ${event.kind}, ${event.actorId},
        ${toIsoTimestamp(event.atMs)}::timestamptz, ${JSON.stringify(event.details)}::jsonb
      where exists (select 1 from alerts where organization_id = ${owner}::uuid
                    and id = ${alertId}::uuid)
      returning id`);
    if (rows.length === 0) throw new NotFoundError(UNKNOWN_ALERT);
    return newAlertEventRecord(owner, alertId, id, event);
  }

  return {
    async createMany(owner, items) {
      const checked = checkNewAlerts(items);
      if (checked.length === 0) return [];
      if (checked.some((item) => !isUuid(item.transactionId))) {
        throw new NotFoundError(UNKNOWN_TRANSACTION);
      }
      if (checked.some((item) => item.ownerUserId !== null && !isUuid(item.ownerUserId))) {
        throw new NotFoundError(UNKNOWN_USER);
      }
      if (!isUuid(owner)) throw new NotFoundError(UNKNOWN_TRANSACTION);
      const planned = checked.map((item) => ({ id: uuidv7(), eventId: uuidv7(), item }));
      // A savepoint when the caller's unit of work is already open: all alerts or none.
      return db.transaction(async (tx) => {
        const written = new Map<string, AlertTransactionRow>();
        for (const part of chunks(planned, INSERT_CHUNK_ROWS)) {
          for (const [id, transaction] of await insertChunk(tx, owner, part)) {
            written.set(id, transaction);
          }
        }
        const skipped = planned.filter(({ id }) => !written.has(id));
        for (const part of chunks(skipped, INSERT_CHUNK_ROWS)) {
          const held = await alerted(
            tx,
            owner,
            part.map(({ item }) => item.transactionId),
          );
          if (part.some(({ item }) => !held.has(item.transactionId))) {
            throw new NotFoundError(UNKNOWN_TRANSACTION);
          }
        }
        return planned.flatMap(({ id, item }) => {
          const transaction = written.get(id);
          return transaction ? [newAlertRecord(owner, id, item, transaction)] : [];
        });
      });
    },
    async list(owner, filter, page) {
      const limit = checkPageLimit(page);
      const checked = checkAlertFilter(filter);
      const afterId = page.cursor === undefined ? undefined : decodeAlertCursor(page.cursor);
      const assigneeId = checked.assignee?.id;
      if (!isUuid(owner) || (typeof assigneeId === 'string' && !isUuid(assigneeId))) {
        return { items: [], nextCursor: null };
      }
      const hasCursor = afterId !== undefined;
      const statement = listStatements.get(alertListShapeKey(checked, hasCursor), () =>
        prepareList(checked, hasCursor),
      );
      const rows = await statement.execute({
        organizationId: owner,
        status: checked.status,
        assigneeId: assigneeId ?? undefined,
        riskBucket: checked.riskBucket,
        from: iso(checked.fromMs),
        to: iso(checked.toMs),
        afterId,
        limit: limit + 1,
      });
      return alertPage(rows.map(toJoinedAlert), limit);
    },
    async byId(owner, id) {
      if (!isUuid(owner) || !isUuid(id)) return null;
      const [row] = await selectById().execute({ organizationId: owner, id });
      return row ? toJoinedAlert(row) : null;
    },
    async update(owner, id, expectedVersion, patch, event) {
      const version = checkExpectedVersion(expectedVersion);
      const checkedPatch = checkAlertPatch(patch);
      const checkedEvent = checkAlertEvent(event);
      if (!isUuid(owner) || !isUuid(id)) throw new NotFoundError(UNKNOWN_ALERT);
      const assigneeId = checkedPatch.assigneeId;
      if (typeof assigneeId === 'string' && !isUuid(assigneeId)) {
        throw new NotFoundError(UNKNOWN_USER);
      }
      // A savepoint inside the caller's unit of work: an unknown assignee (a foreign key) or a
      // lost race leaves the caller's transaction usable.
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select({ ...getTableColumns(alerts), transaction: summaryColumns })
          .from(alerts)
          .innerJoin(transactions, ownTransaction)
          .where(and(eq(alerts.organizationId, owner), eq(alerts.id, id)));
        if (!row) throw new NotFoundError(UNKNOWN_ALERT);
        if (row.version !== version) throw new ConflictError(STALE_ALERT);
        const next = applyAlertPatch(
          {
            status: row.status,
            outcome: row.outcome,
            assigneeId: row.assigneeId,
            closedAtMs: row.closedAt === null ? null : row.closedAt.getTime(),
          },
          checkedPatch,
          checkedEvent.atMs,
        );
        const at = new Date(checkedEvent.atMs);
        const [updated] = await tx
          .update(alerts)
          .set({
            status: next.status,
            outcome: next.outcome,
            assigneeId: next.assigneeId,
            updatedAt: at,
            closedAt: next.closedAtMs === null ? null : new Date(next.closedAtMs),
            version: sql`${alerts.version} + 1`,
          })
          .where(
            and(eq(alerts.organizationId, owner), eq(alerts.id, id), eq(alerts.version, version)),
          )
          .returning();
        if (!updated) throw new ConflictError(STALE_ALERT);
        await appendEvent(tx, owner, id, checkedEvent);
        return toJoinedAlert({ ...updated, transaction: row.transaction });
      });
    },
    async addEvent(owner, id, event) {
      const checked = checkAlertEvent(event);
      if (!isUuid(owner) || !isUuid(id)) throw new NotFoundError(UNKNOWN_ALERT);
      return appendEvent(db, owner, id, checked);
    },
    async history(owner, id) {
      if (!isUuid(owner) || !isUuid(id)) return [];
      const rows = await selectHistory().execute({ organizationId: owner, id });
      return rows.map(toAlertEvent);
    },
    async since(owner, afterId, limit) {
      const checked = checkSince(afterId, limit);
      if (!isUuid(owner)) return [];
      const rows = await selectSince().execute({
        organizationId: owner,
        afterId: checked.afterId,
        limit: checked.limit,
      });
      return rows.map(toJoinedAlert);
    },
    async assignees(owner, page) {
      const limit = checkPageLimit(page);
      const afterEmail = page.cursor === undefined ? undefined : decodeAssigneeCursor(page.cursor);
      if (!isUuid(owner)) return { items: [], nextCursor: null };
      const rows =
        afterEmail === undefined
          ? await assigneesFirst().execute({ organizationId: owner, limit: limit + 1 })
          : await assigneesAfter().execute({ organizationId: owner, afterEmail, limit: limit + 1 });
      return assigneePage(assigneesOf(rows), limit);
    },
  };
}
