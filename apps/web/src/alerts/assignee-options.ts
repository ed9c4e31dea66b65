import { assigneeChoices, assigneeLabels } from './alert-filters.js';
import type { AssigneeFilter } from './alert-filters.js';
import type { Assignee } from './use-assignees.js';

/** The values of the assignee filter's select and what each one reads as. */
export interface AssigneeOptions {
  values: AssigneeFilter[];
  labels: Record<AssigneeFilter, string>;
}

/**
 * The assignee filter's choices: me, unassigned, then each colleague alerts.assignees lists (by
 * email; the caller is "me"). A member the view already filters by who is not listed (they left,
 * or the list is still loading) stays a choice, so the select shows what the list is filtered by.
 */
export function assigneeOptions({
  members,
  userId,
  selected,
  loading,
}: {
  members: readonly Assignee[];
  userId: string;
  selected: AssigneeFilter | undefined;
  loading: boolean;
}): AssigneeOptions {
  const colleagues = members.filter((member) => member.id !== userId);
  const values: AssigneeFilter[] = [...assigneeChoices, ...colleagues.map((member) => member.id)];
  const labels: Record<AssigneeFilter, string> = { ...assigneeLabels };
  for (const colleague of colleagues) labels[colleague.id] = colleague.email;
  if (selected !== undefined && !values.includes(selected)) {
    values.push(selected);
    labels[selected] =
      members.find((member) => member.id === selected)?.email ??
      (loading ? 'Loading members…' : 'Another member');
  }
  return { values, labels };
}
