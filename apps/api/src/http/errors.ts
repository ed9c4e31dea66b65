import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The body of every error outside tRPC (SPEC §3). */
export interface HttpErrorBody {
  error: { code: string; message: string; requestId: string };
}

export function errorBody(request: FastifyRequest, code: string, message: string): HttpErrorBody {
  return { error: { code, message, requestId: request.id } };
}

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

function clientMessage(error: FastifyError, status: number): string {
  if (status === 413) return 'Request body is too large (the limit is 1 MiB)';
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return 'Malformed JSON in request body';
  }
  return error.message;
}

/** What a route may do when nothing else matched (the console's SPA fallback). */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * Errors outside tRPC get `{ error: { code, message, requestId } }`; a 5xx never shows its
 * message or stack to the client (it is logged instead).
 */
export function registerErrorHandlers(
  app: FastifyInstance,
  /** Asked at request time: the console registers after the handlers (which plugins inherit). */
  notFoundFallback: () => NotFoundFallback | null,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .code(500)
        .send(errorBody(request, 'INTERNAL_SERVER_ERROR', 'Internal server error'));
    }
    request.log.info({ statusCode: status, code: error.code }, 'request refused');
    return reply
      .code(status)
      .send(errorBody(request, CODES[status] ?? 'BAD_REQUEST', clientMessage(error, status)));
  });

  app.setNotFoundHandler((request, reply) => {
    if (notFoundFallback()?.(request, reply)) return reply;
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    return reply
      .code(404)
      .send(errorBody(request, 'NOT_FOUND', `No route for ${request.method} ${path}`));
  });
}
