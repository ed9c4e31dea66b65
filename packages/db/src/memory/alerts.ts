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
} from '../alert-input.js';
import {
  assigneePage,
  assigneesOf,
  compareCodePoints,
  decodeAssigneeCursor,
  isAssignable,
} from '../alert-assignees.js';
import { alertPage, decodeAlertCursor, matchesAlertFilter } from '../alert-list.js';
import { newAlertEventRecord, newAlertRecord } from '../alert-records.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { checkPageLimit, toIsoTimestamp } from '../normalize.js';
import type { Alert, AlertEvent, AlertRepository, Transaction } from '../ports.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import { copy, type MemoryState, type StoredAlert } from './state.js';

export interface AlertReferences {
  requireOrganization: (id: string) => void;
  requireUser: (organizationId: string, id: string) => void;
}

/** What an alert shows of its transaction (the SQL stores join it). */
function summaryOf({
  txId,
  chain,
  timestamp,
  fromAddress,
  toAddress,
  amount,
  currency,
  direction,
}: Transaction) {
  return { txId, chain, timestamp, fromAddress, toAddress, amount, currency, direction };
}

/** Without its transaction summary, as the state keeps it. */
function stored({ transaction: _transaction, ...alert }: Alert): StoredAlert {
  return alert;
}

/** Newest first, as the SQL stores (id descending). */
const byIdDescending = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

export function createMemoryAlerts(
  current: () => MemoryState,
  { requireOrganization, requireUser }: AlertReferences,
): AlertRepository {
  const keyOf = (organizationId: string, transactionId: string): string =>
    `${organizationId}\u0000${transactionId}`;
  const transactionOf = (organizationId: string, id: string): Transaction | undefined => {
    const transaction = current().transactions.get(id);
    return transaction?.organizationId === organizationId ? transaction : undefined;
  };
  /** The alert with its transaction's summary (a transaction is never removed from under it). */
  const withTransaction = (alert: StoredAlert): Alert => {
    const transaction = transactionOf(alert.organizationId, alert.transactionId);
    if (!transaction) throw new Error(`alert ${alert.id} lost its transaction`);
    return { ...copy(alert), transaction: summaryOf(transaction) };
  };
  const alertOf = (organizationId: string, id: string): StoredAlert | undefined => {
    const alert = current().alerts.get(id);
    return alert?.organizationId === organizationId ? alert : undefined;
  };
  const ofOrganization = (organizationId: string): StoredAlert[] =>
    [...current().alerts.values()].filter((alert) => alert.organizationId === organizationId);
  const appendEvent = (
    organizationId: string,
    alertId: string,
    event: CheckedAlertEvent,
  ): AlertEvent => {
    const record = newAlertEventRecord(organizationId, alertId, uuidv7(), event);
    current().alertEvents.set(record.id, record);
    return copy(record);
  };

  return {
    createMany: (organizationId, items) =>
      settle(() => {
        const checked = checkNewAlerts(items);
        if (checked.length === 0) return [];
        requireOrganization(organizationId);
        // Checked before anything is written: a failed batch writes nothing, as in SQL.
        const held = checked.map((item) => {
          const transaction = transactionOf(organizationId, item.transactionId);
          if (!transaction) throw new NotFoundError(UNKNOWN_TRANSACTION);
          if (item.ownerUserId !== null) requireUser(organizationId, item.ownerUserId);
          return { item, transaction };
        });
        const written: Alert[] = [];
        for (const { item, transaction } of held) {
          const key = keyOf(organizationId, item.transactionId);
          if (current().alertKeys.has(key)) continue;
          const alert = newAlertRecord(organizationId, uuidv7(), item, {
            ...transaction,
            timestamp: Date.parse(transaction.timestamp),
          });
          current().alerts.set(alert.id, stored(alert));
          current().alertKeys.set(key, alert.id);
          appendEvent(organizationId, alert.id, createdEvent(item));
          written.push(copy(alert));
        }
        return written;
      }),
    list: (organizationId, filter, page) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const checked = checkAlertFilter(filter);
        const afterId = page.cursor === undefined ? undefined : decodeAlertCursor(page.cursor);
        const rows = ofOrganization(organizationId)
          .filter(
            (alert) =>
              matchesAlertFilter(alert, checked) && (afterId === undefined || alert.id < afterId),
          )
          .sort(byIdDescending)
          .slice(0, limit + 1);
        return alertPage(rows.map(withTransaction), limit);
      }),
    byId: (organizationId, id) =>
      settle(() => {
        const alert = alertOf(organizationId, id);
        return alert ? withTransaction(alert) : null;
      }),
    update: (organizationId, id, expectedVersion, patch, event) =>
      settle(() => {
        const version = checkExpectedVersion(expectedVersion);
        const checkedPatch = checkAlertPatch(patch);
        const checkedEvent = checkAlertEvent(event);
        const alert = alertOf(organizationId, id);
        if (!alert) throw new NotFoundError(UNKNOWN_ALERT);
        if (alert.version !== version) throw new ConflictError(STALE_ALERT);
        const next = applyAlertPatch(
          {
            status: alert.status,
            outcome: alert.outcome,
            assigneeId: alert.assigneeId,
            closedAtMs: alert.closedAt === null ? null : Date.parse(alert.closedAt),
          },
          checkedPatch,
          checkedEvent.atMs,
        );
        if (next.assigneeId !== null) requireUser(organizationId, next.assigneeId);
        const updated: StoredAlert = {
          ...alert,
          status: next.status,
          outcome: next.outcome,
          assigneeId: next.assigneeId,
          updatedAt: toIsoTimestamp(checkedEvent.atMs),
          closedAt: next.closedAtMs === null ? null : toIsoTimestamp(next.closedAtMs),
          version: alert.version + 1,
        };
        current().alerts.set(id, updated);
        appendEvent(organizationId, id, checkedEvent);
        return withTransaction(updated);
      }),
    addEvent: (organizationId, id, event) =>
      settle(() => {
        const checked = checkAlertEvent(event);
        if (!alertOf(organizationId, id)) throw new NotFoundError(UNKNOWN_ALERT);
        return appendEvent(organizationId, id, checked);
      }),
    history: (organizationId, id) =>
      settle(() =>
        [...current().alertEvents.values()]
          .filter((event) => event.organizationId === organizationId && event.alertId === id)
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .map(copy),
      ),
    since: (organizationId, afterId, limit) =>
      settle(() => {
        const checked = checkSince(afterId, limit);
        return ofOrganization(organizationId)
          .filter((alert) => alert.id > checked.afterId)
          .sort((a, b) => byIdDescending(b, a))
          .slice(0, checked.limit)
          .map(withTransaction);
      }),
    assignees: (organizationId, page) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const afterEmail =
          page.cursor === undefined ? undefined : decodeAssigneeCursor(page.cursor);
        const rows = [...current().users.values()]
          .filter(
            (user) =>
              user.organizationId === organizationId &&
              isAssignable(user) &&
              (afterEmail === undefined || compareCodePoints(user.email, afterEmail) > 0),
          )
          .sort((a, b) => compareCodePoints(a.email, b.email))
          .slice(0, limit + 1);
        return assigneePage(assigneesOf(rows), limit);
      }),
  };
}
