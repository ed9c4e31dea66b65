import type { FastifyInstance } from 'fastify';
import type { ConnectionCap } from './connection-cap.js';

/** The procedure a `GET <prefix>/<path>?…` names, or null (a batch, another route, bad escapes). */
function procedureOf(url: string, prefix: string): string | null {
  if (!url.startsWith(`${prefix}/`)) return null;
  const queryStart = url.indexOf('?');
  const path = url.slice(prefix.length + 1, queryStart === -1 ? undefined : queryStart);
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * At most `cap.maxPerKey` subscription streams (SSE) open at once per client IP on this instance.
 * The slot is taken when the request arrives and given back when its connection closes (the
 * client left, the stream ended, or the server shut down). A client over the cap gets 429, in
 * tRPC's error shape, before any credential is checked or anything streamed.
 */
export function registerSubscriptionCap(
  app: FastifyInstance,
  options: { prefix: string; subscriptions: ReadonlySet<string>; cap: ConnectionCap },
): void {
  const { prefix, subscriptions, cap } = options;
  app.addHook('onRequest', (request, reply, done) => {
    const procedure = request.method === 'GET' ? procedureOf(request.url, prefix) : null;
    if (procedure === null || !subscriptions.has(procedure)) {
      done();
      return;
    }
    const release = cap.tryAcquire(request.ip);
    if (release) {
      reply.raw.once('close', release);
      done();
      return;
    }
    request.log.info({ procedure, open: cap.openFor(request.ip) }, 'subscription refused: cap');
    void reply.code(429).send({
      error: {
        message: `At most ${cap.maxPerKey} subscriptions may be open at once from one address; close one first`,
        code: -32029,
        data: {
          code: 'TOO_MANY_REQUESTS',
          httpStatus: 429,
          path: procedure,
          requestId: request.id,
          zodError: null,
        },
      },
    });
  });
}
