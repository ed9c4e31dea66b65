import type { RouterInputs, RouterOutputs } from '../api/types.js';
import type { AddressView } from '../filters/address-view.js';
import { choiceField, dayField, readSearch, writeSearch } from '../filters/search-fields.js';
import type { SearchField, SearchFields } from '../filters/search-fields.js';
import { dayRange } from '../filters/utc-days.js';
import { pagePaths } from '../shell/navigation.js';

type ListInput = Exclude<RouterInputs['alerts']['list'], void | undefined>;
export type Alert = RouterOutputs['alerts']['list']['items'][number];
export type AlertStatus = Alert['status'];
export type AlertOutcome = NonNullable<Alert['outcome']>;
export type AlertBucket = Alert['riskBucket'];

export const alertStatuses = [
  'open',
  'investigating',
  'closed',
] as const satisfies readonly AlertStatus[];
export const alertOutcomes = [
  'false_positive',
  'escalated',
  'reported',
] as const satisfies readonly AlertOutcome[];
export const alertBuckets = ['low', 'medium', 'high'] as const satisfies readonly AlertBucket[];
/** "me" and "unassigned" stand for the caller and for nobody; a member's id names a colleague. */
export const assigneeChoices = ['me', 'unassigned'] as const;
export type AssigneeChoice = (typeof assigneeChoices)[number];
/** Whose alerts a view shows: one of `assigneeChoices`, or a member's id. */
export type AssigneeFilter = string;

export const statusLabels: Record<AlertStatus, string> = {
  open: 'Open',
  investigating: 'Investigating',
  closed: 'Closed',
};
export const outcomeLabels: Record<AlertOutcome, string> = {
  false_positive: 'False positive',
  escalated: 'Escalated',
  reported: 'Reported',
};
export const assigneeLabels: Record<AssigneeChoice, string> = {
  me: 'Assigned to me',
  unassigned: 'Unassigned',
};

/** The alerts view as it travels in the address bar; days are UTC (YYYY-MM-DD), both included. */
export interface AlertFilters {
  status?: AlertStatus | undefined;
  assignee?: AssigneeFilter | undefined;
  riskBucket?: AlertBucket | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** A member's id: a lower-case, hyphenated UUID, as the API hands them out. */
const MEMBER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const assigneeChoice = choiceField(assigneeChoices);
const assigneeField: SearchField<AssigneeFilter> = {
  read: (raw) => assigneeChoice.read(raw) ?? (MEMBER_ID.test(raw) ? raw : undefined),
};

/** In the order parameters are written, so one view always has one address. */
const alertFields: SearchFields<AlertFilters> = {
  status: choiceField(alertStatuses),
  assignee: assigneeField,
  riskBucket: choiceField(alertBuckets),
  from: dayField,
  to: dayField,
};

/** The alerts page's address: its filters and `alert`, the case open beside the list. */
export const alertsView: AddressView<AlertFilters> = {
  path: pagePaths.alerts,
  fields: alertFields,
  openParam: 'alert',
};

export function alertFiltersFromSearch(search: string): AlertFilters {
  return readSearch(alertFields, search);
}

export function searchOfAlertFilters(
  filters: AlertFilters,
  extra: Record<string, string | undefined> = {},
): string {
  return writeSearch(alertFields, filters, extra);
}

/** alerts.list's filter fields: "unassigned" asks for null, "me" and member ids go as they are. */
export function alertListInput(filters: AlertFilters): Omit<ListInput, 'cursor' | 'limit'> {
  const { status, assignee, riskBucket, from, to } = filters;
  return {
    ...(status ? { status } : {}),
    ...(assignee ? { assigneeId: assignee === 'unassigned' ? null : assignee } : {}),
    ...(riskBucket ? { riskBucket } : {}),
    ...dayRange({ from, to }),
  };
}
