import type { Store } from '@klerno/db';
import type { AnalyticsSummaryDto } from '../dto/analytics.js';
import type { CurrentUser } from './auth.js';
import { resolveTimeRange, type TimeRange } from './time-range.js';

export interface SummaryRequest extends Partial<TimeRange> {
  currency?: string | undefined;
  topAddresses?: number | undefined;
}

/**
 * `analytics.summary`: aggregated by the store in one statement. A missing bound follows the
 * caller's settings (`timeRangeDays`, ending now); an API key uses its creator's.
 */
export async function analyticsSummary(
  store: Store,
  user: CurrentUser,
  request: SummaryRequest,
  now: Date,
): Promise<AnalyticsSummaryDto> {
  const needsDefault = request.from === undefined || request.to === undefined;
  const days = needsDefault
    ? (await store.settings.get(user.organizationId, user.id)).timeRangeDays
    : 0;
  const range = resolveTimeRange(request, days, now);
  const summary = await store.analytics.summary(user.organizationId, {
    ...range,
    currency: request.currency,
    topAddresses: request.topAddresses,
  });
  return { ...range, currency: request.currency ?? null, ...summary };
}
