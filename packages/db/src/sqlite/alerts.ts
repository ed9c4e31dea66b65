import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
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
  type CheckedAlertEvent,
  type CheckedAlertFilter,
  type CheckedNewAlert,
  STALE_ALERT,
  UNKNOWN_ALERT,
  UNKNOWN_TRANSACTION,
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
} from '../alert-records.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { lazy } from '../lazy.js';
import { BoundedCache } from '../list-statements.js';
import { checkPageLimit } from '../normalize.js';
import type { Alert, AlertEvent, AlertRepository } from '../ports.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { AtomicWrites } from './atomic-writes.js';
import type { SqliteConnection } from './connection.js';
import type { SqliteDatabase } from './database.js';
import { alertEvents, alerts, transactions, users } from './schema.js';

const p = {
  organizationId: sql.placeholder('organizationId'),
  id: sql.placeholder('id'),
  status: sql.placeholder('status'),
  assigneeId: sql.placeholder('assigneeId'),
  riskBucket: sql.placeholder('riskBucket'),
  fromMs: sql.placeholder('fromMs'),
  toMs: sql.placeholder('toMs'),
  afterId: sql.placeholder('afterId'),
  afterEmail: sql.placeholder('afterEmail'),
  limit: sql.placeholder('limit'),
};

/** An alert's columns and, under `transaction`, what it shows of its transaction. */
const joinedColumns = {
  ...getTableColumns(alerts),
  transaction: {
    txId: transactions.txId,
    chain: transactions.chain,
    timestamp: transactions.timestamp,
    fromAddress: transactions.fromAddress,
    toAddress: transactions.toAddress,
    amount: transactions.amount,
    currency: transactions.currency,
    direction: transactions.direction,
  },
};
/** One transaction row per alert: its own, within the same organization (primary key lookup). */
const ownTransaction = and(
  eq(transactions.organizationId, alerts.organizationId),
  eq(transactions.id, alerts.transactionId),
);

function listConditions(filter: CheckedAlertFilter, hasCursor: boolean): SQL[] {
  const conditions: SQL[] = [eq(alerts.organizationId, p.organizationId)];
  if (filter.status !== undefined) conditions.push(eq(alerts.status, p.status));
  if (filter.assignee !== undefined) {
    conditions.push(
      filter.assignee.id === null ? isNull(alerts.assigneeId) : eq(alerts.assigneeId, p.assigneeId),
    );
  }
  if (filter.riskBucket !== undefined) conditions.push(eq(alerts.riskBucket, p.riskBucket));
  if (filter.fromMs !== undefined) conditions.push(gte(alerts.createdAt, p.fromMs));
  if (filter.toMs !== undefined) conditions.push(lte(alerts.createdAt, p.toMs));
  if (hasCursor) conditions.push(lt(alerts.id, p.afterId));
  return conditions;
}

/**
 * Writes run as prepared single-row statements inside one transaction (a SAVEPOINT when the
 * caller's unit of work is open): in SQLite that beats multi-row statements (see transactions.ts).
 */
export function createSqliteAlerts(
  db: SqliteDatabase,
  connection: SqliteConnection,
  atomic: AtomicWrites,
): AlertRepository {
  // The transaction was read (so it is the organization's) in the same transaction just before.
  // A second alert for it is skipped.
  const insertAlert = lazy(() =>
    connection.prepare<{
      id: string;
      organizationId: string;
      transactionId: string;
      ownerUserId: string | null;
      threshold: number;
      riskScore: number;
      riskBucket: string;
      riskFlags: string;
      createdAt: number;
    }>(
      `insert into alerts (id, organization_id, transaction_id, owner_user_id, threshold,
         risk_score, risk_bucket, risk_flags, status, created_at, updated_at, version)
       select @id, @organizationId, @transactionId, @ownerUserId, @threshold, @riskScore,
         @riskBucket, @riskFlags, 'open', @createdAt, @createdAt, 1
       on conflict (organization_id, transaction_id) do nothing
       returning id`,
    ),
  );
  // What a new alert shows of its transaction; nothing when the organization does not hold it.
  const transactionSummary = lazy(() =>
    connection.prepare<{ organizationId: string; transactionId: string }, AlertTransactionRow>(
      `select tx_id as txId, chain, timestamp, from_address as fromAddress,
         to_address as toAddress, amount, currency, direction
       from transactions where organization_id = @organizationId and id = @transactionId`,
    ),
  );
  // Only onto an alert the organization holds; nothing is written otherwise.
  const insertEvent = lazy(() =>
    connection.prepare<{
      id: string;
      organizationId: string;
      alertId: string;
      kind: string;
      actorId: string | null;
      at: number;
      details: string;
    }>(
      `insert into alert_events (id, organization_id, alert_id, kind, actor_id, at, details)
       select @id, @organizationId, @alertId, @kind, @actorId, @at, @details
       where exists (select 1 from alerts where organization_id = @organizationId and id = @alertId)
       returning id`,
    ),
  );
  const updateCase = lazy(() =>
    connection.prepare<{
      organizationId: string;
      id: string;
      expectedVersion: number;
      status: string;
      outcome: string | null;
      assigneeId: string | null;
      updatedAt: number;
      closedAt: number | null;
    }>(
      `update alerts set status = @status, outcome = @outcome, assignee_id = @assigneeId,
         updated_at = @updatedAt, closed_at = @closedAt, version = version + 1
       where organization_id = @organizationId and id = @id and version = @expectedVersion
       returning id`,
    ),
  );
  const selectById = lazy(() =>
    db
      .select(joinedColumns)
      .from(alerts)
      .innerJoin(transactions, ownTransaction)
      .where(and(eq(alerts.organizationId, p.organizationId), eq(alerts.id, p.id)))
      .prepare(),
  );
  const selectHistory = lazy(() =>
    db
      .select()
      .from(alertEvents)
      .where(and(eq(alertEvents.organizationId, p.organizationId), eq(alertEvents.alertId, p.id)))
      .orderBy(asc(alertEvents.id))
      .prepare(),
  );
  const selectSince = lazy(() =>
    db
      .select(joinedColumns)
      .from(alerts)
      .innerJoin(transactions, ownTransaction)
      .where(and(eq(alerts.organizationId, p.organizationId), gt(alerts.id, p.afterId)))
      .orderBy(asc(alerts.id))
      .limit(p.limit)
      .prepare(),
  );
  const prepareList = (filter: CheckedAlertFilter, hasCursor: boolean) =>
    db
      .select(joinedColumns)
      .from(alerts)
      .innerJoin(transactions, ownTransaction)
      .where(and(...listConditions(filter, hasCursor)))
      .orderBy(desc(alerts.id))
      .limit(p.limit)
      .prepare();
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
          hasCursor ? gt(users.email, p.afterEmail) : undefined,
        ),
      )
      .orderBy(asc(users.email))
      .limit(p.limit)
      .prepare();
  const assigneesFirst = lazy(() => prepareAssignees(false));
  const assigneesAfter = lazy(() => prepareAssignees(true));

  const appendEvent = (owner: string, alertId: string, event: CheckedAlertEvent): AlertEvent => {
    const id = uuidv7();
    const written = insertEvent().get({
      id,
      organizationId: owner,
      alertId,
      kind: event.kind,
      actorId: event.actorId,
      at: event.atMs,
      details: JSON.stringify(event.details),
    });
    if (written === undefined) throw new NotFoundError(UNKNOWN_ALERT);
    return newAlertEventRecord(owner, alertId, id, event);
  };

  const writeAlerts = atomic.wrap((owner: string, items: CheckedNewAlert[]) => {
    const written: Alert[] = [];
    for (const item of items) {
      const transaction = transactionSummary().get({
        organizationId: owner,
        transactionId: item.transactionId,
      });
      if (transaction === undefined) throw new NotFoundError(UNKNOWN_TRANSACTION);
      const id = uuidv7();
      const inserted = insertAlert().get({
        id,
        organizationId: owner,
        transactionId: item.transactionId,
        ownerUserId: item.ownerUserId,
        threshold: item.thresholdBp,
        riskScore: item.riskScoreBp,
        riskBucket: item.riskBucket,
        riskFlags: JSON.stringify(item.riskFlags),
        createdAt: item.createdAtMs,
      });
      if (inserted === undefined) continue;
      appendEvent(owner, id, createdEvent(item));
      written.push(newAlertRecord(owner, id, item, transaction));
    }
    return written;
  });

  const writeUpdate = atomic.wrap(
    (
      owner: string,
      id: string,
      expectedVersion: number,
      patch: ReturnType<typeof checkAlertPatch>,
      event: CheckedAlertEvent,
    ): Alert => {
      const row = selectById().get({ organizationId: owner, id });
      if (!row) throw new NotFoundError(UNKNOWN_ALERT);
      if (row.version !== expectedVersion) {
        throw new ConflictError(STALE_ALERT);
      }
      const next = applyAlertPatch(
        {
          status: row.status,
          outcome: row.outcome,
          assigneeId: row.assigneeId,
          closedAtMs: row.closedAt,
        },
        patch,
        event.atMs,
      );
      const updated = updateCase().get({
        organizationId: owner,
        id,
        expectedVersion,
        status: next.status,
        outcome: next.outcome,
        assigneeId: next.assigneeId,
        updatedAt: event.atMs,
        closedAt: next.closedAtMs,
      });
      if (updated === undefined) {
        throw new ConflictError(STALE_ALERT);
      }
      appendEvent(owner, id, event);
      return toAlert({
        ...row,
        status: next.status,
        outcome: next.outcome,
        assigneeId: next.assigneeId,
        updatedAt: event.atMs,
        closedAt: next.closedAtMs,
        version: row.version + 1,
      });
    },
  );

  return {
    createMany: (owner, items) =>
      settle(() => {
        const checked = checkNewAlerts(items);
        if (checked.length === 0) return [];
        return writeAlerts(owner, checked);
      }),
    list: (owner, filter, page) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const checked = checkAlertFilter(filter);
        const afterId = page.cursor === undefined ? undefined : decodeAlertCursor(page.cursor);
        const hasCursor = afterId !== undefined;
        const statement = listStatements.get(alertListShapeKey(checked, hasCursor), () =>
          prepareList(checked, hasCursor),
        );
        const rows = statement.all({
          organizationId: owner,
          status: checked.status,
          assigneeId: checked.assignee?.id ?? undefined,
          riskBucket: checked.riskBucket,
          fromMs: checked.fromMs,
          toMs: checked.toMs,
          afterId,
          limit: limit + 1,
        });
        return alertPage(rows.map(toAlert), limit);
      }),
    byId: (owner, id) =>
      settle(() => {
        const row = selectById().get({ organizationId: owner, id });
        return row ? toAlert(row) : null;
      }),
    update: (owner, id, expectedVersion, patch, event) =>
      settle(() => {
        const version = checkExpectedVersion(expectedVersion);
        const checkedPatch = checkAlertPatch(patch);
        const checkedEvent = checkAlertEvent(event);
        return writeUpdate(owner, id, version, checkedPatch, checkedEvent);
      }),
    addEvent: (owner, id, event) =>
      settle(() => {
        const checked = checkAlertEvent(event);
        return appendEvent(owner, id, checked);
      }),
    history: (owner, id) =>
      settle(() => selectHistory().all({ organizationId: owner, id }).map(toAlertEvent)),
    since: (owner, afterId, limit) =>
      settle(() => {
        const checked = checkSince(afterId, limit);
        return selectSince()
          .all({ organizationId: owner, afterId: checked.afterId, limit: checked.limit })
          .map(toAlert);
      }),
    assignees: (owner, page) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const afterEmail =
          page.cursor === undefined ? undefined : decodeAssigneeCursor(page.cursor);
        const rows =
          afterEmail === undefined
            ? assigneesFirst().all({ organizationId: owner, limit: limit + 1 })
            : assigneesAfter().all({ organizationId: owner, afterEmail, limit: limit + 1 });
        return assigneePage(assigneesOf(rows), limit);
      }),
  };
}
