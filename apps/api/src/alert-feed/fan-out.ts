import type { Alert } from '@klerno/db';
import type { AlertFeedListener } from './types.js';

/** The listeners of this process, by organization; both feeds deliver through one. */
export interface LocalFanOut {
  deliver(organizationId: string, alerts: readonly Alert[]): void;
  /** Tells the organization's listeners (every organization's without one) they may have missed alerts. */
  gap(organizationId?: string): void;
  subscribe(organizationId: string, listener: AlertFeedListener): () => void;
  clear(): void;
}

/** Calls a listener; one that throws must not keep the others from their alerts. */
function safely(call: () => void, onError: (error: unknown) => void): void {
  try {
    call();
  } catch (error) {
    onError(error);
  }
}

export function createLocalFanOut(onListenerError: (error: unknown) => void): LocalFanOut {
  const byOrganization = new Map<string, Set<AlertFeedListener>>();

  return {
    deliver(organizationId, alerts) {
      if (alerts.length === 0) return;
      const ordered = [...alerts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      // A copy: a listener may unsubscribe while it is being called.
      for (const listener of [...(byOrganization.get(organizationId) ?? [])]) {
        safely(() => listener.alerts(ordered), onListenerError);
      }
    },
    gap(organizationId) {
      const groups =
        organizationId === undefined
          ? [...byOrganization.values()]
          : [byOrganization.get(organizationId) ?? new Set<AlertFeedListener>()];
      for (const listeners of groups) {
        for (const listener of [...listeners]) safely(() => listener.gap(), onListenerError);
      }
    },
    subscribe(organizationId, listener) {
      const listeners = byOrganization.get(organizationId) ?? new Set<AlertFeedListener>();
      listeners.add(listener);
      byOrganization.set(organizationId, listeners);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && byOrganization.get(organizationId) === listeners) {
          byOrganization.delete(organizationId);
        }
      };
    },
    clear() {
      byOrganization.clear();
    },
  };
}
