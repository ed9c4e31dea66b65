import { InvalidInputError } from './errors.js';
import { scoreToBasisPoints } from './normalize.js';
import {
  MAX_TIME_RANGE_DAYS,
  type NewWallet,
  type UserSettingsPatch,
  type Watcher,
} from './ports.js';

const MAX_CHAIN = 32;
const MAX_ADDRESS = 256;
const MAX_LABEL = 200;

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new InvalidInputError(`${field} must be a string of 1 to ${max} characters`);
  }
  if (value.includes('\u0000')) throw new InvalidInputError(`${field} must not contain NUL`);
  return value;
}

export interface CheckedWallet {
  chain: string;
  address: string;
  label: string | null;
}

export function checkNewWallet(input: NewWallet): CheckedWallet {
  return {
    chain: text(input.chain, 'chain', MAX_CHAIN),
    address: text(input.address, 'address', MAX_ADDRESS),
    label:
      input.label === undefined || input.label === null
        ? null
        : text(input.label, 'label', MAX_LABEL),
  };
}

/** A patch as stored: the threshold in basis points; absent fields stay absent. */
export interface CheckedSettingsPatch {
  riskThresholdBp?: number | null;
  timeRangeDays?: number;
}

export function checkSettingsPatch(patch: UserSettingsPatch): CheckedSettingsPatch {
  const checked: CheckedSettingsPatch = {};
  if (patch.riskThreshold !== undefined) {
    checked.riskThresholdBp =
      patch.riskThreshold === null
        ? null
        : scoreToBasisPoints(patch.riskThreshold, 'riskThreshold');
  }
  if (patch.timeRangeDays !== undefined) {
    const days: unknown = patch.timeRangeDays;
    if (
      typeof days !== 'number' ||
      !Number.isInteger(days) ||
      days < 1 ||
      days > MAX_TIME_RANGE_DAYS
    ) {
      throw new InvalidInputError(
        `timeRangeDays must be a whole number from 1 to ${MAX_TIME_RANGE_DAYS}`,
      );
    }
    checked.timeRangeDays = days;
  }
  return checked;
}

export function thresholdOf(basisPoints: number | null): number | null {
  return basisPoints === null ? null : basisPoints / 10000;
}

export const UNKNOWN_USER = 'The user does not exist.';

/** The order `wallets.watchers` answers in, by code unit whatever the database's collation. */
export function byAddressThenUser(a: Watcher, b: Watcher): number {
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}
