import { and, eq, sql } from 'drizzle-orm';
import { NotFoundError } from '../errors.js';
import { lazy } from '../lazy.js';
import { DEFAULT_TIME_RANGE_DAYS, type SettingsRepository } from '../ports.js';
import { settle } from '../settle.js';
import { checkSettingsPatch, thresholdOf, UNKNOWN_USER } from '../wallet-settings-input.js';
import type { SqliteDatabase } from './database.js';
import { users, userSettings } from './schema.js';

export function createSqliteSettings(db: SqliteDatabase): SettingsRepository {
  // From users, so that an unknown user is told apart from one who never changed a setting.
  const selectSettings = lazy(() =>
    db
      .select({
        riskThreshold: userSettings.riskThreshold,
        timeRangeDays: userSettings.timeRangeDays,
      })
      .from(users)
      .leftJoin(
        userSettings,
        and(
          eq(userSettings.organizationId, users.organizationId),
          eq(userSettings.userId, users.id),
        ),
      )
      .where(
        and(
          eq(users.organizationId, sql.placeholder('organizationId')),
          eq(users.id, sql.placeholder('userId')),
        ),
      )
      .prepare(),
  );

  return {
    get: (organizationId, userId) =>
      settle(() => {
        const row = selectSettings().get({ organizationId, userId });
        if (!row) throw new NotFoundError(UNKNOWN_USER);
        return {
          riskThreshold: thresholdOf(row.riskThreshold),
          timeRangeDays: row.timeRangeDays ?? DEFAULT_TIME_RANGE_DAYS,
        };
      }),
    update: (organizationId, userId, patch) =>
      settle(() => {
        const checked = checkSettingsPatch(patch);
        const updatedAt = Date.now();
        const changed = {
          ...(checked.riskThresholdBp !== undefined && { riskThreshold: checked.riskThresholdBp }),
          ...(checked.timeRangeDays !== undefined && { timeRangeDays: checked.timeRangeDays }),
          updatedAt,
        };
        // An unknown user (or one of another organization) fails the foreign key → NotFoundError.
        const row = db
          .insert(userSettings)
          .values({
            organizationId,
            userId,
            riskThreshold: checked.riskThresholdBp ?? null,
            timeRangeDays: checked.timeRangeDays ?? DEFAULT_TIME_RANGE_DAYS,
            updatedAt,
          })
          .onConflictDoUpdate({
            target: [userSettings.organizationId, userSettings.userId],
            set: changed,
          })
          .returning()
          .get();
        return { riskThreshold: thresholdOf(row.riskThreshold), timeRangeDays: row.timeRangeDays };
      }),
  };
}
