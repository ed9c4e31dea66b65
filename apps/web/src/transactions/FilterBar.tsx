import { FilterForm, FilterInput } from '../filters/FilterForm.js';
import { useFilterDraft } from '../filters/use-filter-draft.js';
import type { FieldErrors } from '../filters/use-filter-draft.js';
import { SelectField } from '../ui/SelectField.js';
import { categories, directions, riskBuckets } from './filters.js';
import type { ExplorerFilters } from './filters.js';
import { categoryLabels, directionLabels, riskBucketLabels } from './labels.js';

interface FilterBarProps {
  /** The applied filters; the form starts from them (remount it when they change). */
  filters: ExplorerFilters;
  onApply: (filters: ExplorerFilters) => void;
  /** The API's complaints about the applied filters, by field. */
  fieldErrors: FieldErrors;
}

const trimmed = (value: string | undefined) => value?.trim() || undefined;

/** Every filter of transactions.list; applied together on submit, not on each keystroke. */
export function FilterBar({ filters, onApply, fieldErrors }: FilterBarProps) {
  const { draft, field } = useFilterDraft(filters, fieldErrors);
  const apply = () =>
    onApply({
      ...draft,
      wallet: trimmed(draft.wallet),
      minAmount: trimmed(draft.minAmount),
      maxAmount: trimmed(draft.maxAmount),
      memo: trimmed(draft.memo),
    });

  return (
    <FilterForm label="Filter transactions" onApply={apply} onClear={() => onApply({})}>
      <FilterInput label="Wallet address" type="text" {...field('wallet')} />
      <SelectField
        label="Direction"
        options={directions}
        optionLabels={directionLabels}
        emptyLabel="Any"
        {...field('direction')}
      />
      <SelectField
        label="Category"
        options={categories}
        optionLabels={categoryLabels}
        emptyLabel="Any"
        {...field('category')}
      />
      <SelectField
        label="Risk"
        options={riskBuckets}
        optionLabels={riskBucketLabels}
        emptyLabel="Any"
        {...field('riskBucket')}
      />
      <FilterInput label="From (UTC day)" type="date" {...field('from')} />
      <FilterInput label="To (UTC day)" type="date" {...field('to')} />
      <FilterInput label="Min amount" type="text" inputMode="decimal" {...field('minAmount')} />
      <FilterInput label="Max amount" type="text" inputMode="decimal" {...field('maxAmount')} />
      <FilterInput label="Memo contains" type="text" {...field('memo')} />
    </FilterForm>
  );
}
