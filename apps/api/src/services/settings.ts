import type { Store, UserSettings, UserSettingsPatch } from '@klerno/db';
import type { CurrentUser } from './auth.js';

/** Settings belong to one user; an API key reads and changes its creator's. */
export interface SettingsCaller {
  store: Store;
  user: CurrentUser;
  /** The application's RISK_THRESHOLD, for users who never chose their own. */
  defaultRiskThreshold: number;
}

export interface EffectiveSettings {
  riskThreshold: number;
  riskThresholdIsDefault: boolean;
  timeRangeDays: number;
}

function effective(stored: UserSettings, defaultRiskThreshold: number): EffectiveSettings {
  return {
    riskThreshold: stored.riskThreshold ?? defaultRiskThreshold,
    riskThresholdIsDefault: stored.riskThreshold === null,
    timeRangeDays: stored.timeRangeDays,
  };
}

export async function getSettings(caller: SettingsCaller): Promise<EffectiveSettings> {
  const { organizationId, id } = caller.user;
  return effective(
    await caller.store.settings.get(organizationId, id),
    caller.defaultRiskThreshold,
  );
}

export async function updateSettings(
  caller: SettingsCaller,
  patch: UserSettingsPatch,
): Promise<EffectiveSettings> {
  const { organizationId, id } = caller.user;
  return effective(
    await caller.store.settings.update(organizationId, id, patch),
    caller.defaultRiskThreshold,
  );
}
