import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '@klerno/db';
import { errorBody } from '../http/errors.js';
import type { RateLimitClass } from './classes.js';
import { limitClientIp, type LimitContext } from './enforce.js';
import { RateLimitedError } from './errors.js';
import { RateLimitReport } from './headers.js';
import type { RateLimits } from './service.js';

export interface RouteLimitDeps {
  rateLimits: RateLimits;
  store: Store;
  clock?: () => Date;
}

/** What the limiter needs of a plain HTTP request; its headers go on `reply`. */
export function limitContextOf(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Required<RouteLimitDeps>,
): LimitContext {
  return {
    rateLimits: deps.rateLimits,
    rateLimitReport: new RateLimitReport((name, value) => void reply.header(name, value)),
    store: deps.store,
    clock: deps.clock,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  };
}

/**
 * An `onRequest` hook for a plain HTTP route (before its body is even read): one point of the
 * class per client IP, the headers of SPEC §6, and 429 in the SPEC §3 error shape when refused.
 */
export function limitRoute(deps: RouteLimitDeps, rateClass: RateLimitClass) {
  const clock = deps.clock ?? (() => new Date());
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> => {
    if (!deps.rateLimits.enabled) return;
    const target = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
    const ctx = limitContextOf(request, reply, { ...deps, clock });
    try {
      await limitClientIp(ctx, rateClass, target);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) {
        // The audit entry could not be written; the refusal itself still stands.
        request.log.error({ err: error }, 'recording a rate-limit refusal failed');
      }
      const message =
        error instanceof RateLimitedError ? error.message : 'Too many requests; try again later';
      return reply.code(429).send(errorBody(request, 'TOO_MANY_REQUESTS', message));
    }
  };
}
