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
import { alertPage, decodeAlertCursor, matchesAlertFilter } from '../alert-list.js';
import { newAlertEventRecord, newAlertRecord } from '../alert-records.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { checkPageLimit, toIsoTimestamp } from '../normalize.js';
import type { Alert, AlertEvent, AlertRepository } from '../ports.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import { copy, type MemoryState } from './state.js';

export interface AlertReferences {
  requireOrganization: (id: string) => void;
  requireUser: (organizationId: string, id: string) => void;
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
  const alertOf = (organizationId: string, id: string): Alert | undefined => {
    const alert = current().alerts.get(id);
    return alert?.organizationId === organizationId ? alert : undefined;
  };
  const ofOrganization = (organizationId: string): Alert[] =>
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
        for (const item of checked) {
          const transaction = current().transactions.get(item.transactionId);
          if (transaction?.organizationId !== organizationId) {
            throw new NotFoundError(UNKNOWN_TRANSACTION);
          }
          if (item.ownerUserId !== null) requireUser(organizationId, item.ownerUserId);
        }
        const written: Alert[] = [];
        for (const item of checked) {
          const key = keyOf(organizationId, item.transactionId);
          if (current().alertKeys.has(key)) continue;
          const alert = newAlertRecord(organizationId, uuidv7(), item);
          current().alerts.set(alert.id, alert);
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
        return alertPage(rows.map(copy), limit);
      }),
    byId: (organizationId, id) => settle(() => copy(alertOf(organizationId, id) ?? null)),
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
        const updated: Alert = {
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
        return copy(updated);
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
          .map(copy);
      }),
  };
}
