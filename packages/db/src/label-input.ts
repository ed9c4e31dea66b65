import { InvalidInputError } from './errors.js';
import {
  ADDRESS_LABEL_KINDS,
  type AddressLabelFilter,
  type AddressLabelRecord,
  type NewAddressLabel,
} from './ports.js';

const MAX_TEXT = 500;

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT) {
    throw new InvalidInputError(`${field} must be a string of 1 to ${MAX_TEXT} characters`);
  }
  return value;
}

/** Checked rows, repeats of one (chain, address, label) folded into the last one. */
export function checkLabelRows(rows: readonly NewAddressLabel[]): NewAddressLabel[] {
  const byKey = new Map<string, NewAddressLabel>();
  rows.forEach((row, index) => {
    const at = `rows[${index}]`;
    const label: unknown = row.label;
    if (!(ADDRESS_LABEL_KINDS as readonly unknown[]).includes(label)) {
      throw new InvalidInputError(`${at}.label must be one of ${ADDRESS_LABEL_KINDS.join(', ')}`);
    }
    const checked: NewAddressLabel = {
      chain: text(row.chain, `${at}.chain`),
      address: text(row.address, `${at}.address`),
      label: row.label,
      source: text(row.source, `${at}.source`),
    };
    const key = `${checked.chain}\u0000${checked.address}\u0000${checked.label}`;
    byKey.delete(key);
    byKey.set(key, checked);
  });
  return [...byKey.values()];
}

export function checkLabelFilter(filter: AddressLabelFilter = {}): AddressLabelFilter {
  const label: unknown = filter.label;
  if (label !== undefined && !(ADDRESS_LABEL_KINDS as readonly unknown[]).includes(label)) {
    throw new InvalidInputError(`filter.label must be one of ${ADDRESS_LABEL_KINDS.join(', ')}`);
  }
  return {
    chain: filter.chain === undefined ? undefined : text(filter.chain, 'filter.chain'),
    address: filter.address === undefined ? undefined : text(filter.address, 'filter.address'),
    label: filter.label,
  };
}

/** `forAddresses` order on every store: address, then label (by code unit). */
export function byAddressThenLabel(a: AddressLabelRecord, b: AddressLabelRecord): number {
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
}
