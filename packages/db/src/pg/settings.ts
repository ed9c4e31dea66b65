import { and, eq, sql } from 'drizzle-orm';
import { NotFoundError } from '../errors.js';
import { lazy } from '../lazy.js';
import { DEFAULT_TIME_RANGE_DAYS, type SettingsRepository } from '../ports.js';
import { isUuid } from '../uuidv7.js';
import { checkSettingsPatch, thresholdOf, UNKNOWN_USER } from '../wallet-settings-input.js';
import type { PgHandle } from './database.js';
import { guarded } from './guarded.js';
import { users, userSettings } from './schema.js';

export function createPgSettings(db: PgHandle, insideTransaction: boolean): SettingsRepository {
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
      .prepare('user_settings_get'),
  );

  return {
    async get(organizationId, userId) {
      if (!isUuid(organizationId) || !isUuid(userId)) throw new NotFoundError(UNKNOWN_USER);
      const [row] = await selectSettings().execute({ organizationId, userId });
      if (!row) throw new NotFoundError(UNKNOWN_USER);
      return {
        riskThreshold: thresholdOf(row.riskThreshold),
        timeRangeDays: row.timeRangeDays ?? DEFAULT_TIME_RANGE_DAYS,
      };
    },
    async update(organizationId, userId, patch) {
      const checked = checkSettingsPatch(patch);
      if (!isUuid(organizationId) || !isUuid(userId)) throw new NotFoundError(UNKNOWN_USER);
      const updatedAt = new Date();
      const changed = {
        ...(checked.riskThresholdBp !== undefined && { riskThreshold: checked.riskThresholdBp }),
        ...(checked.timeRangeDays !== undefined && { timeRangeDays: checked.timeRangeDays }),
        updatedAt,
      };
      // An unknown user fails the foreign key (→ NotFoundError): a savepoint inside a transaction.
      const [row] = await guarded(db, insideTransaction, (handle) =>
        handle
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
          .returning(),
      );
      if (!row) throw new NotFoundError(UNKNOWN_USER);
      return { riskThreshold: thresholdOf(row.riskThreshold), timeRangeDays: row.timeRangeDays };
    },
  };
}
