import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { Unsubscribable } from '@trpc/server/observable';
import { isRateLimited, retryAfter } from './errors.js';
import type { AppRouter } from './types.js';

/** How a client waits out rate limits (429) instead of failing at once. */
export interface RateLimitRetryOptions {
  /** How many times one call is sent again after a 429 (default 3). */
  maxRetries?: number;
  /**
   * The longest Retry-After the client waits for (default 60 s); a longer one fails the call at
   * once with the 429, so a locked sign-in never stalls a program for 15 minutes.
   */
  maxWaitSeconds?: number;
}

export interface KlernoRetryOptions {
  /**
   * Off unless given. A call the API refused with 429 is sent again after the `Retry-After` it
   * named. Refused calls never ran on the server, so mutations are retried too.
   */
  rateLimited?: RateLimitRetryOptions;
}

const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_MAX_WAIT_SECONDS = 60;

/** Sits before the HTTP link: waits out 429 answers (each call on its own) and tries again. */
export function rateLimitRetryLink(options: RateLimitRetryOptions): TRPCLink<AppRouter> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxWaitSeconds = options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS;
  return () =>
    ({ op, next }) => {
      if (op.type === 'subscription') return next(op);
      return observable((observer) => {
        let current: Unsubscribable | null = null;
        let timer: ReturnType<typeof setTimeout> | undefined;
        let stopped = false;

        const send = (retriesLeft: number) => {
          current = next(op).subscribe({
            next: (envelope) => observer.next(envelope),
            complete: () => observer.complete(),
            error(error) {
              const wait = isRateLimited(error) ? retryAfter(error) : undefined;
              if (stopped || retriesLeft <= 0 || wait === undefined || wait > maxWaitSeconds) {
                observer.error(error);
                return;
              }
              timer = setTimeout(() => send(retriesLeft - 1), wait * 1000);
            },
          });
        };
        send(maxRetries);

        return () => {
          stopped = true;
          clearTimeout(timer);
          current?.unsubscribe();
        };
      });
    };
}
