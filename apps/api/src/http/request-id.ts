import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

/** A client's X-Request-ID is echoed only when it looks like an id, never when it could smuggle anything. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: the client's sane X-Request-ID, else a fresh UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const fromClient = request.headers['x-request-id'];
  return typeof fromClient === 'string' && SANE_REQUEST_ID.test(fromClient)
    ? fromClient
    : randomUUID();
}

/** Every response carries the request's id, errors and 404s included. */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-ID', request.id);
    done();
  });
}
