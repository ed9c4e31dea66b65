import type { UserSettings, UserSettingsPatch } from '@klerno/db';
import { recordCallerAudit, type AuthorizationContext } from '../authorization.js';
import type { AuditDetails } from './audit.js';

/** Settings belong to one user; an API key reads and changes its creator's. */
export interface SettingsCaller extends AuthorizationContext {
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

/** Each audited setting and the details key of its value before the change. */
const PREVIOUS_KEY = {
  riskThreshold: 'previousRiskThreshold',
  timeRangeDays: 'previousTimeRangeDays',
} as const satisfies Record<keyof UserSettings, string>;

/**
 * Each stored setting that changed, before and after (`riskThreshold: null` is the application
 * default); empty when nothing did.
 */
function changedSettings(before: UserSettings, after: UserSettings): AuditDetails {
  const changes: AuditDetails = {};
  for (const name of Object.keys(PREVIOUS_KEY) as Array<keyof UserSettings>) {
    if (before[name] === after[name]) continue;
    changes[name] = after[name];
    changes[PREVIOUS_KEY[name]] = before[name];
  }
  return changes;
}

/**
 * Applies the patch; a change (the alert threshold above all) lands with its `sensitive_update`
 * entry. An update that changes nothing writes no entry.
 */
export async function updateSettings(
  caller: SettingsCaller,
  patch: UserSettingsPatch,
): Promise<EffectiveSettings> {
  const { organizationId, id } = caller.user;
  const now = caller.clock();
  const stored = await caller.store.transaction(async (repos) => {
    const before = await repos.settings.get(organizationId, id);
    const after = await repos.settings.update(organizationId, id, patch);
    const changes = changedSettings(before, after);
    if (Object.keys(changes).length > 0) {
      await recordCallerAudit(
        repos,
        caller,
        {
          event: 'sensitive_update',
          target: `user_settings:${id}`,
          details: { object: 'user_settings', ...changes },
        },
        now,
      );
    }
    return after;
  });
  return effective(stored, caller.defaultRiskThreshold);
}
