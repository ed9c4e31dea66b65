import { useState } from 'react';
import type { FormEvent } from 'react';
import { FormField } from '../ui/FormField.js';
import { SelectField } from '../ui/SelectField.js';
import { categories, directions, riskBuckets } from './filters.js';
import type { ExplorerFilters } from './filters.js';
import { categoryLabels, directionLabels, riskBucketLabels } from './labels.js';

interface FilterBarProps {
  /** The applied filters; the form starts from them (remount it when they change). */
  filters: ExplorerFilters;
  onApply: (filters: ExplorerFilters) => void;
  /** The API's complaints about the applied filters, by field. */
  fieldErrors: Readonly<Record<string, readonly string[]>>;
}

const trimmed = (value: string | undefined) => value?.trim() || undefined;

/** Every filter of transactions.list; applied together on submit, not on each keystroke. */
export function FilterBar({ filters, onApply, fieldErrors }: FilterBarProps) {
  const [draft, setDraft] = useState<ExplorerFilters>(filters);
  const set =
    <Key extends keyof ExplorerFilters>(key: Key) =>
    (value: ExplorerFilters[Key] | '') =>
      setDraft((current) => ({ ...current, [key]: value === '' ? undefined : value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply({
      ...draft,
      wallet: trimmed(draft.wallet),
      minAmount: trimmed(draft.minAmount),
      maxAmount: trimmed(draft.maxAmount),
      memo: trimmed(draft.memo),
    });
  };

  return (
    <form className="filter-bar" role="search" aria-label="Filter transactions" onSubmit={submit}>
      <FormField
        label="Wallet address"
        name="wallet"
        type="text"
        autoComplete="off"
        required={false}
        value={draft.wallet ?? ''}
        onChange={set('wallet')}
        errors={fieldErrors.wallet}
      />
      <SelectField
        label="Direction"
        name="direction"
        value={draft.direction ?? ''}
        options={directions}
        optionLabels={directionLabels}
        emptyLabel="Any"
        onChange={set('direction')}
        errors={fieldErrors.direction}
      />
      <SelectField
        label="Category"
        name="category"
        value={draft.category ?? ''}
        options={categories}
        optionLabels={categoryLabels}
        emptyLabel="Any"
        onChange={set('category')}
        errors={fieldErrors.category}
      />
      <SelectField
        label="Risk"
        name="riskBucket"
        value={draft.riskBucket ?? ''}
        options={riskBuckets}
        optionLabels={riskBucketLabels}
        emptyLabel="Any"
        onChange={set('riskBucket')}
        errors={fieldErrors.riskBucket}
      />
      <FormField
        label="From (UTC day)"
        name="from"
        type="date"
        autoComplete="off"
        required={false}
        value={draft.from ?? ''}
        onChange={set('from')}
        errors={fieldErrors.from}
      />
      <FormField
        label="To (UTC day)"
        name="to"
        type="date"
        autoComplete="off"
        required={false}
        value={draft.to ?? ''}
        onChange={set('to')}
        errors={fieldErrors.to}
      />
      <FormField
        label="Min amount"
        name="minAmount"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        required={false}
        value={draft.minAmount ?? ''}
        onChange={set('minAmount')}
        errors={fieldErrors.minAmount}
      />
      <FormField
        label="Max amount"
        name="maxAmount"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        required={false}
        value={draft.maxAmount ?? ''}
        onChange={set('maxAmount')}
        errors={fieldErrors.maxAmount}
      />
      <FormField
        label="Memo contains"
        name="memo"
        type="text"
        autoComplete="off"
        required={false}
        value={draft.memo ?? ''}
        onChange={set('memo')}
        errors={fieldErrors.memo}
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
