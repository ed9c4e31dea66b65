/**
 * Checks every store applies to alert input before touching the database, and the one rule for
 * what an `AlertPatch` does to a case (so the three stores cannot drift apart).
 */
import { InvalidInputError } from './errors.js';
import { checkPageLimit, parseTimestamp, scoreToBasisPoints } from './normalize.js';
import {
  ALERT_EVENT_KINDS,
  ALERT_OUTCOMES,
  ALERT_STATUSES,
  RISK_BUCKETS,
  type AlertEvent,
  type AlertEventKind,
  type AlertFilter,
  type AlertOutcome,
  type AlertPatch,
  type AlertStatus,
  type NewAlert,
  type RiskBucketName,
} from './ports.js';
import { isUuid } from './uuidv7.js';

/** The longest a history line's details may be, as JSON. */
export const MAX_ALERT_EVENT_DETAILS_CHARS = 16_384;
const MAX_ID_CHARS = 200;

export const UNKNOWN_ALERT = 'The alert does not exist.';
export const UNKNOWN_TRANSACTION = 'The transaction does not exist.';
export const STALE_ALERT = 'The alert was changed by someone else; reload it and retry.';

export type AlertEventInput = Omit<AlertEvent, 'id' | 'alertId' | 'organizationId'>;
export type AlertEventDetails = AlertEvent['details'];

export interface CheckedNewAlert {
  transactionId: string;
  ownerUserId: string | null;
  thresholdBp: number;
  riskScoreBp: number;
  riskBucket: RiskBucketName;
  riskFlags: string[];
  createdAtMs: number;
}

export interface CheckedAlertEvent {
  kind: AlertEventKind;
  actorId: string | null;
  atMs: number;
  details: AlertEventDetails;
}

export interface CheckedAlertFilter {
  status?: AlertStatus;
  /** Present when the filter names an assignee; `id: null` asks for unassigned alerts. */
  assignee?: { id: string | null };
  riskBucket?: RiskBucketName;
  fromMs?: number;
  toMs?: number;
}

/** What a patch may change; `closedAtMs` follows from the status. */
export interface AlertCaseState {
  status: AlertStatus;
  outcome: AlertOutcome | null;
  assigneeId: string | null;
  closedAtMs: number | null;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new InvalidInputError(`${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function idText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_CHARS) {
    throw new InvalidInputError(`${field} must be a string of 1 to ${MAX_ID_CHARS} characters`);
  }
  return value;
}

function idOrNull(value: unknown, field: string): string | null {
  return value === null ? null : idText(value, field);
}

export function checkNewAlerts(items: readonly NewAlert[]): CheckedNewAlert[] {
  return items.map((item: NewAlert, index) => {
    const at = `alerts[${index}]`;
    const flags: unknown = item.riskFlags;
    if (!Array.isArray(flags) || !flags.every((flag) => typeof flag === 'string')) {
      throw new InvalidInputError(`${at}.riskFlags must be an array of strings`);
    }
    return {
      transactionId: idText(item.transactionId, `${at}.transactionId`),
      ownerUserId: idOrNull(item.ownerUserId, `${at}.ownerUserId`),
      thresholdBp: scoreToBasisPoints(item.threshold, `${at}.threshold`),
      riskScoreBp: scoreToBasisPoints(item.riskScore, `${at}.riskScore`),
      riskBucket: oneOf(item.riskBucket, RISK_BUCKETS, `${at}.riskBucket`),
      riskFlags: [...flags] as string[],
      createdAtMs: parseTimestamp(item.createdAt, `${at}.createdAt`),
    };
  });
}

/** The history line every new alert starts with. */
export function createdEvent(alert: CheckedNewAlert): CheckedAlertEvent {
  return {
    kind: 'created',
    actorId: null,
    atMs: alert.createdAtMs,
    details: { score: alert.riskScoreBp / 10000, threshold: alert.thresholdBp / 10000 },
  };
}

export function checkAlertEvent(event: AlertEventInput): CheckedAlertEvent {
  if (event === null || typeof event !== 'object') {
    throw new InvalidInputError('event must be an object');
  }
  return {
    kind: oneOf(event.kind, ALERT_EVENT_KINDS, 'event.kind'),
    actorId: idOrNull(event.actorId, 'event.actorId'),
    atMs: parseTimestamp(event.at, 'event.at'),
    details: checkDetails(event.details),
  };
}

function checkDetails(details: unknown): AlertEventDetails {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new InvalidInputError('event.details must be an object');
  }
  const checked: AlertEventDetails = {};
  for (const [key, value] of Object.entries(details)) {
    const primitive =
      value === null ||
      typeof value === 'string' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!primitive) {
      throw new InvalidInputError(`event.details.${key} must be a string, a finite number or null`);
    }
    checked[key] = value as string | number | null;
  }
  if (JSON.stringify(checked).length > MAX_ALERT_EVENT_DETAILS_CHARS) {
    throw new InvalidInputError(
      `event.details must be at most ${MAX_ALERT_EVENT_DETAILS_CHARS} characters as JSON`,
    );
  }
  return checked;
}

export function checkAlertFilter(filter: AlertFilter = {}): CheckedAlertFilter {
  const checked: CheckedAlertFilter = {};
  if (filter.status !== undefined) {
    checked.status = oneOf(filter.status, ALERT_STATUSES, 'filter.status');
  }
  if (filter.assigneeId !== undefined) {
    checked.assignee = { id: idOrNull(filter.assigneeId, 'filter.assigneeId') };
  }
  if (filter.riskBucket !== undefined) {
    checked.riskBucket = oneOf(filter.riskBucket, RISK_BUCKETS, 'filter.riskBucket');
  }
  if (filter.from !== undefined) checked.fromMs = parseTimestamp(filter.from, 'filter.from');
  if (filter.to !== undefined) checked.toMs = parseTimestamp(filter.to, 'filter.to');
  return checked;
}

export function checkAlertPatch(patch: AlertPatch): AlertPatch {
  if (patch === null || typeof patch !== 'object') {
    throw new InvalidInputError('patch must be an object');
  }
  const checked: AlertPatch = {};
  if (patch.status !== undefined) {
    checked.status = oneOf(patch.status, ALERT_STATUSES, 'patch.status');
  }
  if (patch.outcome !== undefined) {
    checked.outcome =
      patch.outcome === null ? null : oneOf(patch.outcome, ALERT_OUTCOMES, 'patch.outcome');
  }
  if (patch.assigneeId !== undefined) {
    checked.assigneeId = idOrNull(patch.assigneeId, 'patch.assigneeId');
  }
  return checked;
}

export function checkExpectedVersion(version: unknown): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidInputError('expectedVersion must be a whole number from 1');
  }
  return version;
}

/**
 * The case after `patch`, applied at `atMs`. Leaving 'closed' clears the outcome (unless the
 * patch names one, which is refused) and the closing time; becoming 'closed' needs an outcome
 * and stamps the closing time; staying closed keeps it.
 */
export function applyAlertPatch(
  current: AlertCaseState,
  patch: AlertPatch,
  atMs: number,
): AlertCaseState {
  const status = patch.status ?? current.status;
  const closed = status === 'closed';
  const outcome = patch.outcome !== undefined ? patch.outcome : closed ? current.outcome : null;
  if (closed && outcome === null) {
    throw new InvalidInputError('A closed alert needs an outcome.');
  }
  if (!closed && outcome !== null) {
    throw new InvalidInputError('Only a closed alert has an outcome.');
  }
  return {
    status,
    outcome,
    assigneeId: patch.assigneeId !== undefined ? patch.assigneeId : current.assigneeId,
    closedAtMs: closed ? (current.status === 'closed' ? current.closedAtMs : atMs) : null,
  };
}

export interface CheckedSince {
  afterId: string;
  limit: number;
}

export function checkSince(afterId: unknown, limit: number): CheckedSince {
  if (typeof afterId !== 'string' || !isUuid(afterId)) {
    throw new InvalidInputError('afterId must be an alert id');
  }
  return { afterId, limit: checkPageLimit({ limit }) };
}
