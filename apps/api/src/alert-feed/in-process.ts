import { createLocalFanOut } from './fan-out.js';
import type { AlertFeed, AlertFeedLogger } from './types.js';

/** One API process (REDIS_URL unset): alerts go straight to this process's subscribers. */
export function createInProcessAlertFeed(logger?: AlertFeedLogger): AlertFeed {
  const local = createLocalFanOut((error) =>
    logger?.warn({ err: error }, 'an alert subscriber failed to take an alert'),
  );
  return {
    publish: (organizationId, alerts) => local.deliver(organizationId, alerts),
    subscribe: (organizationId, listener) => local.subscribe(organizationId, listener),
    close() {
      local.clear();
      return Promise.resolve();
    },
  };
}
