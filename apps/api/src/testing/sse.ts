/**
 * A subscription over plain HTTP, read the way an EventSource reads it: `GET /trpc/<path>` with
 * `Accept: text/event-stream`, parsed into events as they arrive. Tests wait for events, never
 * for time.
 */
import { request, type IncomingMessage } from 'node:http';
import type { TrpcErrorShape } from './trpc-http.js';

export interface SseEvent {
  /** 'message' for data events (SSE's default), else tRPC's own: connected, ping, serialized-error. */
  event: string;
  data: string;
  id: string | null;
}

export interface SseStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** The next event that is not a ping; rejects when the stream ends first or `timeoutMs` passes. */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the response. */
  ended: Promise<void>;
  /** The whole body, for responses that are not streams (a 429). */
  text(): string;
  close(): void;
}

export interface SseOptions {
  input?: unknown;
  connectionParams?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sends the request from this loopback address (127.0.0.2 …). */
  localAddress?: string;
}

function parseFrame(frame: string): SseEvent | null {
  let event = 'message';
  let id: string | null = null;
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  return data.length === 0 && id === null && event === 'message'
    ? null
    : { event, data: data.join('\n'), id };
}

export function subscriptionUrl(baseUrl: string, path: string, options: SseOptions = {}): string {
  const search = new URLSearchParams();
  if (options.input !== undefined) search.set('input', JSON.stringify(options.input));
  if (options.connectionParams) {
    search.set('connectionParams', JSON.stringify(options.connectionParams));
  }
  const query = search.toString();
  return `${baseUrl}/trpc/${path}${query === '' ? '' : `?${query}`}`;
}

export function openSubscription(
  baseUrl: string,
  path: string,
  options: SseOptions = {},
): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      subscriptionUrl(baseUrl, path, options),
      {
        headers: { accept: 'text/event-stream', ...options.headers },
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (response) => {
        const events: SseEvent[] = [];
        const waiters: Array<{ resolve: (event: SseEvent) => void; reject: (e: Error) => void }> =
          [];
        let buffer = '';
        let body = '';
        let finished = false;
        let markEnded: () => void = () => undefined;
        const ended = new Promise<void>((done) => {
          markEnded = done;
        });
        const finish = () => {
          if (finished) return;
          finished = true;
          markEnded();
          for (const waiter of waiters.splice(0)) waiter.reject(new Error('the stream ended'));
        };
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end !== -1) {
            const event = parseFrame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (!event || event.event === 'ping') continue;
            const waiter = waiters.shift();
            if (waiter) waiter.resolve(event);
            else events.push(event);
          }
        });
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          ended,
          text: () => body,
          next(timeoutMs = 5_000) {
            const queued = events.shift();
            if (queued) return Promise.resolve(queued);
            if (finished) return Promise.reject(new Error('the stream ended'));
            return new Promise<SseEvent>((resolveEvent, rejectEvent) => {
              const timer = setTimeout(() => {
                const index = waiters.indexOf(waiter);
                if (index !== -1) waiters.splice(index, 1);
                rejectEvent(new Error(`no event within ${timeoutMs} ms`));
              }, timeoutMs);
              const waiter = {
                resolve: (event: SseEvent) => {
                  clearTimeout(timer);
                  resolveEvent(event);
                },
                reject: (error: Error) => {
                  clearTimeout(timer);
                  rejectEvent(error);
                },
              };
              waiters.push(waiter);
            });
          },
          close() {
            outgoing.destroy();
            response.destroy();
          },
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** The data of a tracked event (tRPC sends the id in the SSE `id` field, the data as JSON). */
export function trackedData<T>(event: SseEvent): T {
  if (event.event !== 'message') {
    throw new Error(`expected a data event, got ${event.event}: ${event.data}`);
  }
  return JSON.parse(event.data) as T;
}

/**
 * A subscription called like a query, for tables of procedures: its first answer after
 * `connected` (an error, or the first event), then the stream is closed. Only for calls that
 * answer at once: refused ones, or ones that replay a backlog.
 */
export async function firstSubscriptionAnswer<T>(
  baseUrl: string,
  path: string,
  input: unknown,
  headers: Record<string, string>,
): Promise<{
  status: number;
  headers: Headers;
  data: T | undefined;
  error: TrpcErrorShape | undefined;
}> {
  const stream = await openSubscription(baseUrl, path, { input, headers });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(stream.headers)) {
    for (const one of Array.isArray(value) ? value : [value ?? ''])
      responseHeaders.append(name, one);
  }
  try {
    if (stream.status !== 200) {
      await stream.ended;
      const body = JSON.parse(stream.text()) as { error?: TrpcErrorShape };
      return {
        status: stream.status,
        headers: responseHeaders,
        data: undefined,
        error: body.error,
      };
    }
    let event = await stream.next();
    if (event.event === 'connected') event = await stream.next();
    if (event.event === 'serialized-error') {
      const error = JSON.parse(event.data) as TrpcErrorShape;
      return { status: error.data.httpStatus, headers: responseHeaders, data: undefined, error };
    }
    return { status: 200, headers: responseHeaders, data: trackedData<T>(event), error: undefined };
  } finally {
    stream.close();
  }
}
