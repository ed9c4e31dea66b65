import type { FastifyInstance } from 'fastify';

/** How many calls a tRPC request carries: `a,b,c?batch=1` is three; without `batch=1`, one. */
export function callsInTrpcRequest(url: string, prefix: string): number {
  const queryStart = url.indexOf('?');
  const search = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
  if (search.get('batch') !== '1') return 1;
  const path = url.slice(prefix.length + 1, queryStart === -1 ? undefined : queryStart);
  try {
    return decodeURIComponent(path).split(',').length;
  } catch {
    return 1; // Malformed escapes: tRPC itself answers that request.
  }
}

/**
 * A tRPC batch of more than `maxBatchSize` calls is refused with 400 as soon as its request line
 * is read: before its body, its context or any of its calls. The answer is in tRPC's error shape
 * (the one a batch-level error has) with the request id, which tRPC's own `maxBatchSize` check
 * cannot give (it runs before the context exists); that check stays on behind this one.
 */
export function registerBatchLimit(
  app: FastifyInstance,
  prefix: string,
  maxBatchSize: number,
): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith(`${prefix}/`)) {
      done();
      return;
    }
    const calls = callsInTrpcRequest(request.url, prefix);
    if (calls <= maxBatchSize) {
      done();
      return;
    }
    request.log.info({ calls, maxBatchSize }, 'tRPC batch refused: too many calls');
    void reply.code(400).send({
      error: {
        message: `A batch may carry at most ${maxBatchSize} calls; this one has ${calls}. Send the calls in smaller batches.`,
        code: -32600,
        data: { code: 'BAD_REQUEST', httpStatus: 400, requestId: request.id, zodError: null },
      },
    });
  });
}
