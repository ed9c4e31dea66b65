import { httpSubscriptionLink } from '@trpc/client';
import type { HTTPHeaders, Operation, TRPCLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { EventSourceFetchInit, FetchLikeResponse } from 'eventsource';
import type { ClientAuth } from './auth.js';
import type { AppRouter } from './types.js';

type HeaderRecord = Record<string, string | string[] | undefined>;

/** A `fetch` as the client's options take it; the stream needs a web `Response` body from it. */
type FetchFunction = (url: string, init: RequestInit) => Promise<unknown>;

export interface SubscriptionLinkOptions {
  /** `<baseUrl>/trpc`. */
  url: string;
  auth: ClientAuth;
  /** The client's `headers` option, resolved per connection. */
  headers: () => Promise<HTTPHeaders>;
  fetch?: FetchFunction | undefined;
}

function headerRecord(headers: HTTPHeaders): Record<string, string> {
  const entries: Iterable<[string, string | string[] | undefined]> =
    Symbol.iterator in headers ? headers : Object.entries(headers as HeaderRecord);
  const record: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

/**
 * The API refuses some subscriptions before any stream exists, as a plain HTTP error in tRPC's
 * error shape (429: too many open streams from one address). An EventSource would only see "the
 * connection failed"; this turns such an answer into the stream tRPC's client understands, one
 * `serialized-error` event, so the subscriber gets the typed error (`isRateLimited(error)`).
 */
export async function asEventStream(response: Response): Promise<Response> {
  if (response.status === 200) return response;
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return response;
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    return response;
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return response;
  return new Response(`event: serialized-error\ndata: ${JSON.stringify(error)}\n\n`, {
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
  });
}

/**
 * Subscriptions over server-sent events, through the `eventsource` package in every runtime
 * (Node.js 20 has no EventSource; a browser's cannot send headers). Credentials go in headers,
 * never in the URL, and are looked up again on every (re)connection, so a refreshed access token
 * is used by the next reconnect.
 */
export function subscriptionLink(options: SubscriptionLinkOptions): TRPCLink<AppRouter> {
  const fetchStream = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const connect = async (op: Operation, url: string | URL, init: EventSourceFetchInit) => {
    const headers = await options.auth.applyCredentials(await options.headers(), [op]);
    const response = await fetchStream(String(url), {
      ...init,
      headers: { ...headerRecord(headers), ...init.headers },
    });
    return (await asEventStream(response as Response)) as FetchLikeResponse;
  };
  return httpSubscriptionLink({
    url: options.url,
    EventSource,
    eventSourceOptions: ({ op }) => ({ fetch: (url, init) => connect(op, url, init) }),
  });
}
