import { FilterForm, FilterInput } from '../filters/FilterForm.js';
import { useFilterDraft } from '../filters/use-filter-draft.js';
import type { FieldErrors } from '../filters/use-filter-draft.js';
import { riskBucketLabels } from '../transactions/labels.js';
import { SelectField } from '../ui/SelectField.js';
import { alertBuckets, alertStatuses, statusLabels } from './alert-filters.js';
import type { AlertFilters } from './alert-filters.js';
import { assigneeOptions } from './assignee-options.js';
import { useAssignees } from './use-assignees.js';

/** Status, assignee (me, nobody or a colleague), bucket and the days raised; applied on submit. */
export function AlertFilterBar({
  filters,
  userId,
  onApply,
  fieldErrors,
}: {
  filters: AlertFilters;
  userId: string;
  onApply: (filters: AlertFilters) => void;
  fieldErrors: FieldErrors;
}) {
  const { draft, field } = useFilterDraft(filters, fieldErrors);
  const members = useAssignees();
  const assignees = assigneeOptions({
    members: members.data ?? [],
    userId,
    selected: draft.assignee,
    loading: members.isPending,
  });
  return (
    <FilterForm label="Filter alerts" onApply={() => onApply(draft)} onClear={() => onApply({})}>
      <SelectField
        label="Status"
        options={alertStatuses}
        optionLabels={statusLabels}
        emptyLabel="Any"
        {...field('status')}
      />
      <SelectField
        label="Assignee"
        options={assignees.values}
        optionLabels={assignees.labels}
        emptyLabel="Anyone"
        {...field('assignee', 'assigneeId')}
      />
      <SelectField
        label="Risk"
        options={alertBuckets}
        optionLabels={riskBucketLabels}
        emptyLabel="Any"
        {...field('riskBucket')}
      />
      <FilterInput label="Raised from (UTC day)" type="date" {...field('from')} />
      <FilterInput label="Raised to (UTC day)" type="date" {...field('to')} />
    </FilterForm>
  );
}
