import { TRPCError } from '@trpc/server';
import { isRateLimitClass, type RateLimitClass, type RateLimitMeta } from './classes.js';
import { RateLimitedError } from './errors.js';

/**
 * The class a procedure declared in its meta. A procedure without one is a programming error
 * (the router test fails first): it is refused rather than run unlimited.
 */
export function rateLimitClassOf(
  meta: Partial<RateLimitMeta> | undefined,
  path: string,
): RateLimitClass {
  const declared = meta?.rateLimit;
  if (isRateLimitClass(declared)) return declared;
  throw new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: `The procedure ${path} declares no rate-limit class in its meta`,
  });
}

/** `data.retryAfter` (seconds) of a 429, for the error formatter; nothing for other errors. */
export function retryAfterField(error: TRPCError): { retryAfter?: number } {
  return error.code === 'TOO_MANY_REQUESTS' && error.cause instanceof RateLimitedError
    ? { retryAfter: error.cause.retryAfterSeconds }
    : {};
}
