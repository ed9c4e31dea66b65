import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

interface ClientError extends Error {
  code?: string;
}

function answerFor(error: ClientError): { status: number; code: string; message: string } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      code: 'TIMEOUT',
      message: 'The request (headers or body) took too long to arrive',
    };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
      message: 'The request headers are too large',
    };
  }
  return { status: 400, code: 'BAD_REQUEST', message: 'Malformed HTTP request' };
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (slow headers or body, header
 * overflow, garbage): answered in our error shape, then the connection is closed. Replaces
 * Fastify's default `clientErrorHandler`, which answers in Fastify's own shape.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: ClientError,
  socket: Socket,
): void {
  // A reset connection is already gone; there is nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = answerFor(error);
  const requestId = randomUUID();
  this.log.info({ statusCode: status, code: error.code, requestId }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message, requestId } });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-ID: ${requestId}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
