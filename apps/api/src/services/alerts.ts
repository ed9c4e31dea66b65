/**
 * Alerts worked as cases (SPEC §4): an assignee, a status workflow with a closing outcome,
 * comments, and a history of who changed what and when. Every change is one compare-and-set
 * on the alert's version plus its history line, so a change made on stale data is refused (409)
 * and a refused change writes nothing.
 */
import {
  ConflictError,
  NotFoundError,
  type Alert,
  type AlertAssignee,
  type AlertEvent,
  type AlertEventKind,
  type AlertFilter,
  type AlertOutcome,
  type AlertPatch,
  type AlertStatus,
  type Page,
  type PageRequest,
  type Store,
} from '@klerno/db';
import type { Clock } from '../context.js';
import { AlertAssigneeError, AlertChangedError, AlertTransitionError } from './alert-errors.js';
import type { CurrentUser } from './auth.js';
import { RecordNotFoundError } from './errors.js';
import { hasRole } from './roles.js';
import { explainTransaction } from './transaction-risk.js';
import { transactionById } from './transactions.js';

/**
 * The case workflow. open → investigating → closed is the usual path; an open alert may also be
 * closed at once (a plain false positive), one under investigation put back in the queue, and a
 * closed one reopened for investigation (its outcome is cleared).
 */
export const ALERT_TRANSITIONS: Readonly<Record<AlertStatus, readonly AlertStatus[]>> = {
  open: ['investigating', 'closed'],
  investigating: ['open', 'closed'],
  closed: ['investigating'],
};

export interface AlertCaller {
  store: Store;
  user: CurrentUser;
  clock: Clock;
}

/** A member named in a filter or an assignment: an id, "me" (the caller), or null (nobody). */
export type UserRef = string | null;

const resolveUser = (caller: AlertCaller, ref: UserRef): string | null =>
  ref === 'me' ? caller.user.id : ref;

/** The emails of the members with these ids (one point read each, at once). */
export async function emailsOf(
  store: Pick<Store, 'users'>,
  organizationId: string,
  ids: Iterable<string | null>,
): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  const users = await Promise.all(wanted.map((id) => store.users.byId(organizationId, id)));
  return new Map(users.flatMap((user) => (user ? [[user.id, user.email] as const] : [])));
}

export interface AlertListRequest extends PageRequest {
  status?: AlertStatus | undefined;
  assigneeId?: UserRef | undefined;
  riskBucket?: AlertFilter['riskBucket'];
  from?: string | undefined;
  to?: string | undefined;
}

/** Newest first; `assigneeId: null` lists the unassigned ones. */
export function listAlerts(caller: AlertCaller, request: AlertListRequest): Promise<Page<Alert>> {
  const { cursor, limit, status, assigneeId, riskBucket, from, to } = request;
  return caller.store.alerts.list(
    caller.user.organizationId,
    {
      status,
      assigneeId: assigneeId === undefined ? undefined : resolveUser(caller, assigneeId),
      riskBucket,
      from,
      to,
    },
    { cursor, limit },
  );
}

async function alertById(caller: AlertCaller, id: string): Promise<Alert> {
  const alert = await caller.store.alerts.byId(caller.user.organizationId, id);
  if (!alert) throw new RecordNotFoundError('alert');
  return alert;
}

/** The alert with its transaction, the transaction's explanation and the case history. */
export async function alertCase(caller: AlertCaller, id: string) {
  const { store, user } = caller;
  const alert = await alertById(caller, id);
  const [transaction, explanation, history] = await Promise.all([
    transactionById(store, user.organizationId, alert.transactionId),
    explainTransaction(store, user.organizationId, alert.transactionId),
    store.alerts.history(user.organizationId, id),
  ]);
  return { alert, transaction, explanation, history };
}

/** Who made a change, as the history records it: the user (an API key's creator) and the key. */
function changeBy(caller: AlertCaller, kind: AlertEventKind, details: AlertEvent['details']) {
  const { user } = caller;
  return {
    kind,
    actorId: user.id,
    at: caller.clock().toISOString(),
    details:
      user.via === 'apiKey' && user.apiKeyId ? { ...details, apiKeyId: user.apiKeyId } : details,
  };
}

/** The compare-and-set: from the version the caller saw (else the one just read). */
async function change(
  caller: AlertCaller,
  alert: Alert,
  seenVersion: number | undefined,
  patch: AlertPatch,
  event: ReturnType<typeof changeBy>,
): Promise<Alert> {
  if (seenVersion !== undefined && seenVersion !== alert.version) {
    throw new AlertChangedError(alert.version);
  }
  try {
    return await caller.store.alerts.update(
      caller.user.organizationId,
      alert.id,
      seenVersion ?? alert.version,
      patch,
      event,
    );
  } catch (error) {
    if (error instanceof ConflictError) throw new AlertChangedError();
    if (error instanceof NotFoundError) throw new RecordNotFoundError('alert');
    throw error;
  }
}

/**
 * Whom alerts may be assigned to (what `checkAssignee` accepts), by email: viewers read it too,
 * so anyone working a case can hand it to a colleague without the admin-only member list.
 */
export function listAssignees(
  caller: Pick<AlertCaller, 'store' | 'user'>,
  page: PageRequest,
): Promise<Page<AlertAssignee>> {
  return caller.store.alerts.assignees(caller.user.organizationId, page);
}

/** An assignee must be an active analyst or admin of the organization (see listAssignees). */
async function checkAssignee(caller: AlertCaller, userId: string): Promise<void> {
  const member = await caller.store.users.byId(caller.user.organizationId, userId);
  if (!member) throw new RecordNotFoundError('user');
  if (member.disabled) {
    throw new AlertAssigneeError(`${member.email} is disabled and cannot be assigned alerts`);
  }
  if (!hasRole(member.role, 'analyst')) {
    throw new AlertAssigneeError(
      `${member.email} is a viewer; alerts are worked by analysts and admins`,
    );
  }
}

export interface AssignRequest {
  id: string;
  assigneeId: UserRef;
  version?: number | undefined;
}

/** Assigns (or, with null, unassigns) the alert. The current assignee again changes nothing. */
export async function assignAlert(caller: AlertCaller, request: AssignRequest): Promise<Alert> {
  const alert = await alertById(caller, request.id);
  const to = resolveUser(caller, request.assigneeId);
  if (to !== null) await checkAssignee(caller, to);
  if (to === alert.assigneeId) {
    if (request.version !== undefined && request.version !== alert.version) {
      throw new AlertChangedError(alert.version);
    }
    return alert;
  }
  return change(
    caller,
    alert,
    request.version,
    { assigneeId: to },
    changeBy(caller, 'assigned', { from: alert.assigneeId, to }),
  );
}

export interface StatusRequest {
  id: string;
  status: AlertStatus;
  /** Given exactly when `status` is 'closed' (the DTO checks it). */
  outcome?: AlertOutcome | undefined;
  version?: number | undefined;
}

/** Moves the alert along ALERT_TRANSITIONS; closing records the outcome, reopening clears it. */
export async function setAlertStatus(caller: AlertCaller, request: StatusRequest): Promise<Alert> {
  const alert = await alertById(caller, request.id);
  const allowed = ALERT_TRANSITIONS[alert.status];
  if (!allowed.includes(request.status)) {
    throw new AlertTransitionError(alert.status, request.status, allowed);
  }
  const outcome = request.status === 'closed' ? (request.outcome ?? null) : null;
  return change(
    caller,
    alert,
    request.version,
    { status: request.status, outcome },
    changeBy(caller, 'status_changed', { from: alert.status, to: request.status, outcome }),
  );
}

/** Adds a comment to the case history; the alert itself (and its version) does not change. */
export async function commentOnAlert(
  caller: AlertCaller,
  request: { id: string; body: string },
): Promise<AlertEvent> {
  try {
    return await caller.store.alerts.addEvent(
      caller.user.organizationId,
      request.id,
      changeBy(caller, 'commented', { body: request.body }),
    );
  } catch (error) {
    if (error instanceof NotFoundError) throw new RecordNotFoundError('alert');
    throw error;
  }
}
