/**
 * Alert rows ↔ records, shared by every store. Rows hold scores as basis points and instants as
 * the driver gives them (SQLite: epoch ms; PostgreSQL: `Date`); records hold 0..1 scores and ISO
 * strings.
 */
import type { CheckedAlertEvent, CheckedNewAlert } from './alert-input.js';
import type {
  Alert,
  AlertEvent,
  AlertEventKind,
  AlertOutcome,
  AlertStatus,
  AlertTransactionSummary,
  Direction,
  RiskBucketName,
} from './ports.js';
import { isoOf, type RowInstant } from './records.js';
import { toIsoTimestamp } from './normalize.js';

export interface AlertRow {
  id: string;
  organizationId: string;
  transactionId: string;
  ownerUserId: string | null;
  threshold: number;
  riskScore: number;
  riskBucket: RiskBucketName;
  riskFlags: string[];
  status: AlertStatus;
  outcome: AlertOutcome | null;
  assigneeId: string | null;
  createdAt: RowInstant;
  updatedAt: RowInstant;
  closedAt: RowInstant | null;
  version: number;
}

/** The transaction columns an alert is read with (the join), amount already canonical. */
export interface AlertTransactionRow {
  txId: string;
  chain: string;
  timestamp: RowInstant;
  fromAddress: string;
  toAddress: string;
  amount: string;
  currency: string;
  direction: Direction;
}

/** An alert row joined to its transaction. */
export interface JoinedAlertRow extends AlertRow {
  transaction: AlertTransactionRow;
}

export interface AlertEventRow {
  id: string;
  organizationId: string;
  alertId: string;
  kind: AlertEventKind;
  actorId: string | null;
  at: RowInstant;
  details: AlertEvent['details'];
}

export function toAlertTransaction(row: AlertTransactionRow): AlertTransactionSummary {
  return {
    txId: row.txId,
    chain: row.chain,
    timestamp: isoOf(row.timestamp),
    fromAddress: row.fromAddress,
    toAddress: row.toAddress,
    amount: row.amount,
    currency: row.currency,
    direction: row.direction,
  };
}

export function toAlert(row: JoinedAlertRow): Alert {
  return {
    id: row.id,
    organizationId: row.organizationId,
    transactionId: row.transactionId,
    transaction: toAlertTransaction(row.transaction),
    ownerUserId: row.ownerUserId,
    threshold: row.threshold / 10000,
    riskScore: row.riskScore / 10000,
    riskBucket: row.riskBucket,
    riskFlags: row.riskFlags,
    createdAt: isoOf(row.createdAt),
    status: row.status,
    outcome: row.outcome,
    assigneeId: row.assigneeId,
    updatedAt: isoOf(row.updatedAt),
    closedAt: row.closedAt === null ? null : isoOf(row.closedAt),
    version: row.version,
  };
}

export function toAlertEvent(row: AlertEventRow): AlertEvent {
  return {
    id: row.id,
    alertId: row.alertId,
    organizationId: row.organizationId,
    kind: row.kind,
    actorId: row.actorId,
    at: isoOf(row.at),
    details: row.details,
  };
}

/** The record of an alert just written from `input`: open, unassigned, version 1. */
export function newAlertRecord(
  organizationId: string,
  id: string,
  input: CheckedNewAlert,
  transaction: AlertTransactionRow,
): Alert {
  return toAlert({
    id,
    organizationId,
    transactionId: input.transactionId,
    transaction,
    ownerUserId: input.ownerUserId,
    threshold: input.thresholdBp,
    riskScore: input.riskScoreBp,
    riskBucket: input.riskBucket,
    riskFlags: [...input.riskFlags],
    status: 'open',
    outcome: null,
    assigneeId: null,
    createdAt: input.createdAtMs,
    updatedAt: input.createdAtMs,
    closedAt: null,
    version: 1,
  });
}

export function newAlertEventRecord(
  organizationId: string,
  alertId: string,
  id: string,
  event: CheckedAlertEvent,
): AlertEvent {
  return {
    id,
    alertId,
    organizationId,
    kind: event.kind,
    actorId: event.actorId,
    at: toIsoTimestamp(event.atMs),
    details: { ...event.details },
  };
}
