/**
 * A view's filters as they travel in the address bar: one query parameter per filter, read
 * leniently (what cannot be meant is dropped) and written in a fixed order, so one view always
 * has one address.
 */
import { isCalendarDay } from './utc-days.js';

/** Filters whose values are all strings (choices, days, text). */
export type StringFilters<Filters> = { [Key in keyof Filters]?: string | undefined };

/** How one filter reads its query parameter. */
export interface SearchField<Value extends string> {
  /** The value the parameter stands for, or undefined when it cannot be meant. */
  read(raw: string): Value | undefined;
  /** A value left out of the address (the default it stands for anyway). */
  implied?: Value | undefined;
}

/** Every filter of a view, in the order the address lists them. */
export type SearchFields<Filters extends StringFilters<Filters>> = {
  readonly [Key in keyof Filters]-?: SearchField<NonNullable<Filters[Key]>>;
};

/** One of a fixed set of values, taken as written; `implied` (a default) stays out of the address. */
export function choiceField<Value extends string>(
  options: readonly Value[],
  implied?: Value,
): SearchField<Value> {
  return {
    read: (raw) => options.find((option) => option === raw),
    implied,
  };
}

/** Free text the API judges (an amount, a memo): trimmed, dropped when empty. */
export const textField: SearchField<string> = { read: (raw) => raw.trim() || undefined };

/** A UTC calendar day (YYYY-MM-DD) that exists. */
export const dayField: SearchField<string> = {
  read: (raw) => {
    const day = raw.trim();
    return isCalendarDay(day) ? day : undefined;
  },
};

function keysOf<Filters extends StringFilters<Filters>>(
  fields: SearchFields<Filters>,
): (keyof Filters & string)[] {
  return Object.keys(fields) as (keyof Filters & string)[];
}

/** The filters of a query string ("?a=1&b=2"); only those that can be meant are kept. */
export function readSearch<Filters extends StringFilters<Filters>>(
  fields: SearchFields<Filters>,
  search: string,
): Filters {
  const params = new URLSearchParams(search);
  const filters: StringFilters<Filters> = {};
  for (const key of keysOf(fields)) {
    const raw = params.get(key);
    const value = raw === null ? undefined : fields[key].read(raw);
    if (value !== undefined) filters[key] = value;
  }
  return filters as Filters;
}

/**
 * The query string of a view ("" when it shows everything): filters in the fields' order, empty
 * and implied values left out, then `extra` (an open row, say).
 */
export function writeSearch<Filters extends StringFilters<Filters>>(
  fields: SearchFields<Filters>,
  filters: Filters,
  extra: Readonly<Record<string, string | null | undefined>> = {},
): string {
  const params = new URLSearchParams();
  for (const key of keysOf(fields)) {
    const value = filters[key];
    if (value !== undefined && value !== '' && value !== fields[key].implied) {
      params.set(key, value);
    }
  }
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The filters without the ones left empty. */
export function withoutEmpty<Filters extends StringFilters<Filters>>(filters: Filters): Filters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''),
  ) as Filters;
}
