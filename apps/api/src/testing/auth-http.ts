import type { TrpcErrorShape } from './trpc-http.js';

/** A tRPC call over plain HTTP with any headers: cookies, X-API-Key, odd Authorization values. */
export interface RawCall {
  input?: unknown;
  headers?: Record<string, string>;
  /** Default POST (mutations); GET for queries. */
  method?: 'GET' | 'POST';
}

export interface RawResult<T> {
  status: number;
  headers: Headers;
  /** Every Set-Cookie line of the response. */
  setCookies: string[];
  data: T | undefined;
  error: TrpcErrorShape | undefined;
  /** The raw body, for "never appears in" checks. */
  text: string;
}

export async function call<T>(
  baseUrl: string,
  path: string,
  { input, headers = {}, method = 'POST' }: RawCall = {},
): Promise<RawResult<T>> {
  const url =
    method === 'GET' && input !== undefined
      ? `${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
      : `${baseUrl}/trpc/${path}`;
  const response = await fetch(url, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
    ...(method === 'POST' && input !== undefined ? { body: JSON.stringify(input) } : {}),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { result?: { data: T }; error?: TrpcErrorShape };
  return {
    status: response.status,
    headers: response.headers,
    setCookies: response.headers.getSetCookie(),
    data: body.result?.data,
    error: body.error,
    text,
  };
}

/** name=value of the first Set-Cookie line for `name`, ready for a Cookie header; null if none. */
export function cookiePair(setCookies: string[], name: string): string | null {
  const line = setCookies.find((candidate) => candidate.startsWith(`${name}=`));
  return line ? line.split(';')[0]! : null;
}

/** A controllable clock for buildServer: starts at `start`, moves only when told. */
export function manualClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}
