import { TRPCClientError } from '@trpc/client';
import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { Unsubscribable } from '@trpc/server/observable';
import type { ClientAuth } from './auth.js';
import type { AppRouter } from './types.js';

/**
 * Sits before the HTTP link. Signs in first when the session needs to; on an UNAUTHORIZED
 * answer asks the session to recover (one shared refresh for every refused call) and sends the
 * call once more with the new token; if that is not possible the original error stands.
 * Successful results pass through the session so it can adopt issued tokens.
 */
export function authLink(auth: ClientAuth): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      if (op.type === 'subscription') return next(op);
      return observable((observer) => {
        let current: Unsubscribable | null = null;
        let stopped = false;
        /** A result that brought tokens is passed on once the session has adopted them. */
        let delivered: Promise<void> = Promise.resolve();

        const fail = (cause: unknown) => {
          if (stopped) return;
          observer.error(
            TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))),
          );
        };

        const send = (isRetry: boolean) => {
          if (stopped) return;
          current = next(op).subscribe({
            next(envelope) {
              const data = 'data' in envelope.result ? envelope.result.data : undefined;
              const adopting = auth.afterSuccess(op.path, data);
              if (adopting) delivered = adopting.then(() => observer.next(envelope));
              else observer.next(envelope);
            },
            complete() {
              delivered.then(() => observer.complete(), fail);
            },
            error(error) {
              if (isRetry || error.data?.code !== 'UNAUTHORIZED') {
                observer.error(error);
                return;
              }
              auth
                .recover(op.path, op.context)
                .then((retry) => (retry ? send(true) : observer.error(error)), fail);
            },
          });
        };

        const preparing = auth.beforeCall(op.path);
        if (preparing) preparing.then(() => send(false), fail);
        else send(false);

        return () => {
          stopped = true;
          current?.unsubscribe();
        };
      });
    };
}
