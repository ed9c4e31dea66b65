import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';
import type { Alert } from './alert-filters.js';

export type LiveState = 'connecting' | 'live' | 'failed';

/**
 * alerts.onAlert over server-sent events: every alert raised in the organization arrives here
 * within a second, and the alert lists are fetched again so it shows at their top. After a
 * dropped connection the link reconnects with the last alert's id and gets what it missed.
 */
export function useLiveAlerts(): { state: LiveState; latest: Alert | null } {
  const trpc = useTRPC();
  const refreshLists = useInvalidate(trpc.alerts.list.pathFilter());
  const [latest, setLatest] = useState<Alert | null>(null);
  const subscription = useSubscription(
    trpc.alerts.onAlert.subscriptionOptions(
      {},
      {
        onData: (event) => {
          setLatest(event.data);
          void refreshLists();
        },
      },
    ),
  );
  const state: LiveState =
    subscription.status === 'pending'
      ? 'live'
      : subscription.status === 'error'
        ? 'failed'
        : 'connecting';
  return { state, latest };
}
