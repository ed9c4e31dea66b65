/**
 * SPEC §5: "An alert is raised when score ≥ the owner's threshold." Called inside the unit of
 * work that writes (or re-scores) the transactions, so the alerts commit or roll back with them.
 */
import type { Alert, NewAlert, Repositories, Transaction } from '@klerno/db';
import type { AlertFeed } from '../alert-feed/index.js';

/** Scores and thresholds have four decimals: compared as basis points, never as floats. */
const basisPoints = (value: number) => Math.round(value * 10_000);

export function reachesThreshold(riskScore: number, threshold: number): boolean {
  return basisPoints(riskScore) >= basisPoints(threshold);
}

/**
 * The threshold that decides whether `ownerUserId`'s transactions raise alerts: the user's own
 * (`settings.riskThreshold`), else the application's RISK_THRESHOLD; RISK_THRESHOLD as well for
 * an ingest without a user.
 */
export async function effectiveRiskThreshold(
  repos: Pick<Repositories, 'settings'>,
  organizationId: string,
  ownerUserId: string | null,
  defaultRiskThreshold: number,
): Promise<number> {
  if (ownerUserId === null) return defaultRiskThreshold;
  const stored = await repos.settings.get(organizationId, ownerUserId);
  return stored.riskThreshold ?? defaultRiskThreshold;
}

/** One NewAlert per transaction at or above `threshold`, in input order; nothing is written. */
export function alertsFor(
  transactions: readonly Transaction[],
  ownerUserId: string | null,
  threshold: number,
  now: Date,
): NewAlert[] {
  const createdAt = now.toISOString();
  return transactions
    .filter((row) => reachesThreshold(row.riskScore, threshold))
    .map((row) => ({
      transactionId: row.id,
      ownerUserId,
      threshold,
      riskScore: row.riskScore,
      riskBucket: row.riskBucket,
      riskFlags: [...row.riskFlags],
      createdAt,
    }));
}

/**
 * Creates the alerts the transactions raise (score ≥ threshold), through `repos` — pass the
 * repositories of the unit of work that wrote or re-scored them. A transaction that already has
 * an alert gets no second one (the repository skips it). Returns the alerts written; publish them
 * to the feed only once the unit of work has committed.
 */
export async function raiseAlerts(
  repos: Pick<Repositories, 'alerts'>,
  organizationId: string,
  ownerUserId: string | null,
  threshold: number,
  transactions: readonly Transaction[],
  now: Date,
): Promise<Alert[]> {
  const raised = alertsFor(transactions, ownerUserId, threshold, now);
  if (raised.length === 0) return [];
  return repos.alerts.createMany(organizationId, raised);
}

/** What an ingest needs to raise alerts and announce them. */
export interface AlertRaising {
  /** RISK_THRESHOLD: for owners without a threshold of their own and ingests without an owner. */
  defaultRiskThreshold: number;
  /** When the alerts are raised. */
  clock: () => Date;
  /** Told about the alerts once the unit of work has committed (never before: a rollback un-raises them). */
  feed: Pick<AlertFeed, 'publish'>;
}

/** The request context's way of raising alerts. */
export function alertRaisingOf(ctx: {
  settings: { riskThreshold: number };
  clock: () => Date;
  alertFeed: Pick<AlertFeed, 'publish'>;
}): AlertRaising {
  return {
    defaultRiskThreshold: ctx.settings.riskThreshold,
    clock: ctx.clock,
    feed: ctx.alertFeed,
  };
}
