import type { Alert } from '@klerno/db';

/** What a subscriber to one organization's alerts is told. */
export interface AlertFeedListener {
  /** Alerts just raised (committed), oldest first. */
  alerts(alerts: readonly Alert[]): void;
  /**
   * Alerts may have been missed (the instance's Redis subscription was down and is back):
   * catch up from the database, which holds every alert.
   */
  gap(): void;
}

/**
 * Where raised alerts are announced to live subscribers (`alerts.onAlert`): in this process when
 * REDIS_URL is unset, on every instance through Redis pub/sub when it is set. The database is the
 * record; the feed only says "there is something new", so nothing in it needs to be durable.
 */
export interface AlertFeed {
  /**
   * Announces committed alerts. Never throws and never waits on Redis: a failure is logged and
   * the caller (an ingest) carries on.
   */
  publish(organizationId: string, alerts: readonly Alert[]): void;
  /** Calls the listener for the organization's alerts until the returned function is called. */
  subscribe(organizationId: string, listener: AlertFeedListener): () => void;
  /** Stops delivering and closes the feed's own connections. */
  close(): Promise<void>;
}

export interface AlertFeedLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}
