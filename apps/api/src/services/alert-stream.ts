/**
 * `alerts.onAlert`: an organization's alerts as they are raised, resumable. The stream subscribes
 * to the feed BEFORE it reads the backlog, so nothing raised in between is lost, and remembers
 * what it delivered, so nothing is delivered twice. The database is the record: whenever the feed
 * says alerts may have been missed (a Redis subscription that was down), the stream reads them.
 */
import type { Alert, AlertRepository } from '@klerno/db';
import type { AlertFeed, AlertFeedListener } from '../alert-feed/index.js';

/** Alerts read from the database per query while catching up. */
export const CATCH_UP_PAGE_SIZE = 200;
/** Alerts waiting for a slow client before the stream forgets them and reads them back later. */
export const MAX_PENDING_ALERTS = 5_000;
/** How many delivered ids a stream remembers to drop duplicates (a catch-up overlapping the feed). */
export const REMEMBERED_IDS = 10_000;
/** Sorts before every UUID: "since the beginning". */
const BEFORE_EVERY_ID = '00000000-0000-0000-0000-000000000000';

export interface AlertStreamOptions {
  alerts: Pick<AlertRepository, 'list' | 'since'>;
  feed: AlertFeed;
  organizationId: string;
  /** Resume after this alert (the client's last event id); absent: alerts raised from now on. */
  lastEventId?: string | undefined;
  /** Ends the stream (client gone, server shutting down): it then throws an AbortError. */
  signal: AbortSignal;
  /**
   * Run every `everyMs` while the stream is open; it throws to end the stream (e.g. the caller
   * signed out, or the access token expired).
   */
  recheck?: { everyMs: number; check: () => Promise<void> } | undefined;
}

/** The ids delivered most recently, oldest forgotten first. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }
}

interface Inbox {
  listener: AlertFeedListener;
  /** What arrived since the last call. */
  take(): { alerts: Alert[]; gap: boolean };
  /** Resolves when something arrives, the signal aborts or `timeoutMs` passes. */
  wait(signal: AbortSignal, timeoutMs: number): Promise<void>;
}

function createInbox(): Inbox {
  let pending: Alert[] = [];
  let gap = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };

  return {
    listener: {
      alerts(alerts) {
        if (gap) return notify();
        pending.push(...alerts);
        // A client this far behind reads them back from the database when it catches up.
        if (pending.length > MAX_PENDING_ALERTS) {
          pending = [];
          gap = true;
        }
        notify();
      },
      gap() {
        pending = [];
        gap = true;
        notify();
      },
    },
    take() {
      const taken = { alerts: pending, gap };
      pending = [];
      gap = false;
      return taken;
    },
    wait(signal, timeoutMs) {
      if (pending.length > 0 || gap || signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          wake = null;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done, { once: true });
        wake = done;
      });
    },
  };
}

const later = (a: string, b: string) => (a > b ? a : b);

function streamClosed(): DOMException {
  return new DOMException('The alert stream was closed', 'AbortError');
}

/** Where "from now on" starts: the organization's newest alert (or before every id). */
async function newestId(options: AlertStreamOptions): Promise<string> {
  const page = await options.alerts.list(options.organizationId, {}, { limit: 1 });
  return page.items[0]?.id ?? BEFORE_EVERY_ID;
}

/**
 * The organization's alerts: first those after `lastEventId` (oldest first), then each new one
 * as it is raised. Ends only by throwing (an AbortError when `signal` aborts, or what `recheck`
 * threw), never by returning: a stream that returned would tell the client not to reconnect.
 */
export async function* streamAlerts(
  options: AlertStreamOptions,
): AsyncGenerator<Alert, never, undefined> {
  const { signal, recheck, organizationId } = options;
  const inbox = createInbox();
  const unsubscribe = options.feed.subscribe(organizationId, inbox.listener);
  const delivered = new RecentIds(REMEMBERED_IDS);
  let nextCheckAt = recheck ? Date.now() + recheck.everyMs : Infinity;
  try {
    let position = options.lastEventId ?? (await newestId(options));

    /** Everything after `position` the database holds, in id order, except what was delivered. */
    async function* catchUp(): AsyncGenerator<Alert, void, undefined> {
      for (;;) {
        const page = await options.alerts.since(organizationId, position, CATCH_UP_PAGE_SIZE);
        for (const alert of page) {
          position = later(position, alert.id);
          if (delivered.has(alert.id)) continue;
          delivered.add(alert.id);
          yield alert;
        }
        if (page.length < CATCH_UP_PAGE_SIZE) return;
      }
    }

    if (options.lastEventId !== undefined) yield* catchUp();
    for (;;) {
      if (signal.aborted) throw streamClosed();
      if (recheck && Date.now() >= nextCheckAt) {
        await recheck.check();
        nextCheckAt = Date.now() + recheck.everyMs;
      }
      const { alerts, gap } = inbox.take();
      if (gap) yield* catchUp();
      for (const alert of alerts) {
        position = later(position, alert.id);
        if (delivered.has(alert.id)) continue;
        delivered.add(alert.id);
        yield alert;
      }
      if (!gap && alerts.length === 0) {
        await inbox.wait(signal, Math.max(0, Math.min(nextCheckAt - Date.now(), 2 ** 31 - 1)));
      }
    }
  } finally {
    unsubscribe();
  }
}
