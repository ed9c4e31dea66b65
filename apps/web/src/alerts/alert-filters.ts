import type { RouterInputs, RouterOutputs } from '../api/types.js';

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
/** "me" and "unassigned" stand for the caller and for nobody; anything else is not offered. */
export const assigneeChoices = ['me', 'unassigned'] as const;
export type AssigneeChoice = (typeof assigneeChoices)[number];

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
  assignee?: AssigneeChoice | undefined;
  riskBucket?: AlertBucket | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const order = ['status', 'assignee', 'riskBucket', 'from', 'to'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function oneOf<T extends string>(options: readonly T[], value: string | null): T | undefined {
  return value !== null && (options as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

export function alertFiltersFromSearch(search: string): AlertFilters {
  const params = new URLSearchParams(search);
  const day = (key: 'from' | 'to') => {
    const value = params.get(key);
    return value !== null && isCalendarDay(value) ? value : undefined;
  };
  const filters: AlertFilters = {
    status: oneOf(alertStatuses, params.get('status')),
    assignee: oneOf(assigneeChoices, params.get('assignee')),
    riskBucket: oneOf(alertBuckets, params.get('riskBucket')),
    from: day('from'),
    to: day('to'),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

export function searchOfAlertFilters(
  filters: AlertFilters,
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const key of order) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** alerts.list's filter fields. */
export function alertListInput(filters: AlertFilters): Omit<ListInput, 'cursor' | 'limit'> {
  const { status, assignee, riskBucket, from, to } = filters;
  return {
    ...(status ? { status } : {}),
    ...(assignee === 'me'
      ? { assigneeId: 'me' }
      : assignee === 'unassigned'
        ? { assigneeId: null }
        : {}),
    ...(riskBucket ? { riskBucket } : {}),
    ...(from ? { from: `${from}T00:00:00.000Z` } : {}),
    ...(to ? { to: `${to}T23:59:59.999Z` } : {}),
  };
}
