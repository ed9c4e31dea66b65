import { TRPCClientError } from '@trpc/client';
import type { Operation, TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { Unsubscribable } from '@trpc/server/observable';
import type { ClientAuth } from './auth.js';
import type { AppRouter } from './types.js';

/** A refusal this soon after subscribing again means the new credentials are refused too. */
const MIN_MS_BETWEEN_RECOVERIES = 5_000;

/** The operation again, resuming after the last event it delivered (tRPC's `lastEventId`). */
function resumedAfter(op: Operation, lastEventId: string | undefined): Operation {
  if (lastEventId === undefined) return op;
  const { input } = op;
  if (input != null && typeof input !== 'object') return op;
  return { ...op, input: { ...(input ?? {}), lastEventId } };
}

function eventIdOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('id' in result)) return undefined;
  const { id } = result;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * The subscriptions' counterpart of the auth link. A subscription outlives access tokens: the API
 * ends a stream whose caller is no longer signed in (expired token, sign-out) with UNAUTHORIZED.
 * The session then renews its tokens (sharing one refresh with every other call) and subscribes
 * again from the last event it delivered, so the subscriber misses nothing and sees no error.
 * Signs in lazily first when the session needs to.
 */
export function subscriptionAuthLink(auth: ClientAuth): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      if (op.type !== 'subscription') return next(op);
      return observable((observer) => {
        let current: Unsubscribable | null = null;
        let stopped = false;
        let lastEventId: string | undefined;
        let lastRecoveryAt = -Infinity;

        const fail = (cause: unknown) => {
          if (stopped) return;
          observer.error(
            TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))),
          );
        };

        const subscribe = () => {
          if (stopped) return;
          current = next(resumedAfter(op, lastEventId)).subscribe({
            next(envelope) {
              lastEventId = eventIdOf(envelope.result) ?? lastEventId;
              observer.next(envelope);
            },
            complete() {
              observer.complete();
            },
            error(error) {
              const refusedAgain = Date.now() - lastRecoveryAt < MIN_MS_BETWEEN_RECOVERIES;
              if (stopped || refusedAgain || error.data?.code !== 'UNAUTHORIZED') {
                observer.error(error);
                return;
              }
              lastRecoveryAt = Date.now();
              auth
                .recover(op.path, op.context)
                .then((retry) => (retry ? subscribe() : observer.error(error)), fail);
            },
          });
        };

        const preparing = auth.beforeCall(op.path);
        if (preparing) preparing.then(subscribe, fail);
        else subscribe();

        return () => {
          stopped = true;
          current?.unsubscribe();
        };
      });
    };
}
