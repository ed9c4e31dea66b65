import { useState } from 'react';
import type { FormEvent } from 'react';
import { FormField } from '../ui/FormField.js';
import { SelectField } from '../ui/SelectField.js';
import {
  alertBuckets,
  alertStatuses,
  assigneeChoices,
  assigneeLabels,
  statusLabels,
} from './alert-filters.js';
import type { AlertFilters } from './alert-filters.js';
import { riskBucketLabels } from '../transactions/labels.js';

/** Status, assignee, bucket and the days raised; applied together on submit. */
export function AlertFilterBar({
  filters,
  onApply,
  fieldErrors,
}: {
  filters: AlertFilters;
  onApply: (filters: AlertFilters) => void;
  fieldErrors: Readonly<Record<string, readonly string[]>>;
}) {
  const [draft, setDraft] = useState<AlertFilters>(filters);
  const set =
    <Key extends keyof AlertFilters>(key: Key) =>
    (value: AlertFilters[Key] | '') =>
      setDraft((current) => ({ ...current, [key]: value === '' ? undefined : value }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="filter-bar" role="search" aria-label="Filter alerts" onSubmit={submit}>
      <SelectField
        label="Status"
        name="status"
        value={draft.status ?? ''}
        options={alertStatuses}
        optionLabels={statusLabels}
        emptyLabel="Any"
        onChange={set('status')}
        errors={fieldErrors.status}
      />
      <SelectField
        label="Assignee"
        name="assignee"
        value={draft.assignee ?? ''}
        options={assigneeChoices}
        optionLabels={assigneeLabels}
        emptyLabel="Anyone"
        onChange={set('assignee')}
        errors={fieldErrors.assigneeId}
      />
      <SelectField
        label="Risk"
        name="riskBucket"
        value={draft.riskBucket ?? ''}
        options={alertBuckets}
        optionLabels={riskBucketLabels}
        emptyLabel="Any"
        onChange={set('riskBucket')}
        errors={fieldErrors.riskBucket}
      />
      <FormField
        label="Raised from (UTC day)"
        name="from"
        type="date"
        autoComplete="off"
        required={false}
        value={draft.from ?? ''}
        onChange={set('from')}
        errors={fieldErrors.from}
      />
      <FormField
        label="Raised to (UTC day)"
        name="to"
        type="date"
        autoComplete="off"
        required={false}
        value={draft.to ?? ''}
        onChange={set('to')}
        errors={fieldErrors.to}
      />
      <div className="filter-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button type="button" className="button button-secondary" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}
