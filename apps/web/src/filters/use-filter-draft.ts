import { useState } from 'react';
import type { StringFilters } from './search-fields.js';

/** The API's complaints about applied filters, by field. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/** What one input of a filter bar needs (spread onto FilterInput or SelectField). */
export interface FilterFieldProps<Value extends string> {
  name: string;
  value: Value | '';
  onChange: (value: Value | '') => void;
  errors: readonly string[] | undefined;
}

/**
 * The filters a filter bar is editing, starting from the applied ones (remount the bar when they
 * change). `field(key)` wires one input: its name, value, change handler and the API's complaints
 * (under `errorKey` when the API names the field differently).
 */
export function useFilterDraft<Filters extends StringFilters<Filters>>(
  applied: Filters,
  fieldErrors: FieldErrors,
) {
  const [draft, setDraft] = useState<Filters>(applied);
  const field = <Key extends keyof Filters & string>(
    key: Key,
    errorKey: string = key,
  ): FilterFieldProps<NonNullable<Filters[Key]>> => ({
    name: key,
    value: draft[key] ?? '',
    onChange: (value: NonNullable<Filters[Key]> | '') =>
      setDraft((current) => ({ ...current, [key]: value === '' ? undefined : value })),
    errors: fieldErrors[errorKey],
  });
  return { draft, field };
}
