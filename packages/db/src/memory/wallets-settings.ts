import { ConflictError } from '../errors.js';
import {
  DEFAULT_TIME_RANGE_DAYS,
  type SettingsRepository,
  type UserSettings,
  type Wallet,
  type WalletRepository,
} from '../ports.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import {
  byAddressThenUser,
  checkNewWallet,
  checkSettingsPatch,
  thresholdOf,
} from '../wallet-settings-input.js';
import { copy, type MemoryState } from './state.js';

type RequireUser = (organizationId: string, userId: string) => void;

export function createMemoryWallets(
  current: () => MemoryState,
  requireUser: RequireUser,
): WalletRepository {
  const ofUser = (organizationId: string, userId: string): Wallet[] =>
    [...current().wallets.values()]
      .filter((row) => row.organizationId === organizationId && row.userId === userId)
      .sort(
        (a, b) =>
          Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );

  return {
    list: (organizationId, userId) => settle(() => ofUser(organizationId, userId).map(copy)),
    add: (organizationId, userId, input) =>
      settle(() => {
        const checked = checkNewWallet(input);
        requireUser(organizationId, userId);
        const held = ofUser(organizationId, userId).some(
          (row) => row.chain === checked.chain && row.address === checked.address,
        );
        if (held) throw new ConflictError('The user already watches that wallet.');
        const wallet: Wallet = {
          id: uuidv7(),
          organizationId,
          userId,
          ...checked,
          createdAt: new Date().toISOString(),
        };
        current().wallets.set(wallet.id, wallet);
        return copy(wallet);
      }),
    remove: (organizationId, userId, id) =>
      settle(() => {
        const row = current().wallets.get(id);
        if (!row || row.organizationId !== organizationId || row.userId !== userId) return false;
        current().wallets.delete(id);
        return true;
      }),
    watchers: (organizationId, chain, addresses) =>
      settle(() => {
        const wanted = new Set(addresses);
        return [...current().wallets.values()]
          .filter(
            (row) =>
              row.organizationId === organizationId &&
              row.chain === chain &&
              wanted.has(row.address),
          )
          .map(({ address, userId }) => ({ address, userId }))
          .sort(byAddressThenUser);
      }),
  };
}

export function createMemorySettings(
  current: () => MemoryState,
  requireUser: RequireUser,
): SettingsRepository {
  const keyOf = (organizationId: string, userId: string): string =>
    `${organizationId}\u0000${userId}`;
  const stored = (organizationId: string, userId: string): UserSettings =>
    current().userSettings.get(keyOf(organizationId, userId)) ?? {
      riskThreshold: null,
      timeRangeDays: DEFAULT_TIME_RANGE_DAYS,
    };

  return {
    get: (organizationId, userId) =>
      settle(() => {
        requireUser(organizationId, userId);
        return copy(stored(organizationId, userId));
      }),
    update: (organizationId, userId, patch) =>
      settle(() => {
        const checked = checkSettingsPatch(patch);
        requireUser(organizationId, userId);
        const before = stored(organizationId, userId);
        const after: UserSettings = {
          riskThreshold:
            checked.riskThresholdBp === undefined
              ? before.riskThreshold
              : thresholdOf(checked.riskThresholdBp),
          timeRangeDays: checked.timeRangeDays ?? before.timeRangeDays,
        };
        current().userSettings.set(keyOf(organizationId, userId), after);
        return copy(after);
      }),
  };
}
