/**
 * What the dashboard charts: the fields of analytics.summary it reads. Declared here so the
 * charts stay presentational (and testable without the API).
 */
export interface BucketCounts {
  low: number;
  medium: number;
  high: number;
}

export interface DailyRisk extends BucketCounts {
  /** YYYY-MM-DD (UTC). */
  day: string;
  count: number;
  averageRisk: number;
}

export interface CategoryCount {
  category: string;
  count: number;
}

export const bucketColors: Record<keyof BucketCounts, string> = {
  low: '#1f8a4c',
  medium: '#d19a00',
  high: '#b42318',
};

export const averageRiskColor = '#0f3d5e';

/** 0.1234 → "12.3 %". */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** "2025-01-15" → "01-15": the trend's ticks within one range. */
export function shortDay(day: string): string {
  return day.slice(5);
}

/**
 * The time range a dashboard covers: the last `days` days up to `now`, as the API takes it
 * (inclusive ISO instants).
 */
export function lastDays(days: number, now: Date): { from: string; to: string } {
  const from = new Date(now.getTime() - days * 86_400_000);
  return { from: from.toISOString(), to: now.toISOString() };
}
