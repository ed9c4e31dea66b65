import { z } from 'zod';
import { MAX_TIME_RANGE_DAYS } from '@klerno/db';

/** True when `value` has at most four decimals (the threshold is stored as basis points). */
function hasAtMostFourDecimals(value: number): boolean {
  const scaled = value * 10_000;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

const riskThresholdSchema = z
  .number()
  .min(0, 'riskThreshold must be between 0 and 1')
  .max(1, 'riskThreshold must be between 0 and 1')
  .refine(hasAtMostFourDecimals, 'riskThreshold must have at most 4 decimals');

const timeRangeDaysSchema = z
  .number()
  .int('timeRangeDays must be a whole number')
  .min(1, 'timeRangeDays must be at least 1')
  .max(MAX_TIME_RANGE_DAYS, `timeRangeDays must be at most ${MAX_TIME_RANGE_DAYS}`);

/** Omitted fields keep their value; `riskThreshold: null` goes back to the application default. */
export const updateSettingsInput = z.object({
  riskThreshold: riskThresholdSchema.nullable().optional(),
  timeRangeDays: timeRangeDaysSchema.optional(),
});

export const settingsDto = z.object({
  /** The threshold that applies: the user's own, else the application's RISK_THRESHOLD. */
  riskThreshold: z.number(),
  /** True when the user has not chosen a threshold (the application default applies). */
  riskThresholdIsDefault: z.boolean(),
  timeRangeDays: z.number().int(),
});
export type SettingsDto = z.infer<typeof settingsDto>;
