import type { HTTPHeaders } from '@trpc/client';

type MaybePromise<T> = T | Promise<T>;

/** The `headers` option: an object, a `Headers`, or a (sync or async) function called per request. */
export type HeadersOption = HTTPHeaders | (() => MaybePromise<HTTPHeaders>);

type HeaderRecord = Record<string, string | string[] | undefined>;

export async function resolveHeaders(headers: HeadersOption | undefined): Promise<HTTPHeaders> {
  return (typeof headers === 'function' ? await headers() : headers) ?? {};
}

function headerEntries(headers: HTTPHeaders): Iterable<[string, string | string[] | undefined]> {
  return Symbol.iterator in headers ? headers : Object.entries(headers);
}

/**
 * The headers without any of `dropped` (whatever their case), plus `added`: how the client's
 * credentials replace whatever Authorization or X-API-Key the caller's headers carried.
 */
export function replaceHeaders(
  headers: HTTPHeaders,
  dropped: readonly string[],
  added: HeaderRecord = {},
): HeaderRecord {
  const merged: HeaderRecord = {};
  for (const [name, value] of headerEntries(headers)) {
    if (!dropped.includes(name.toLowerCase())) merged[name] = value;
  }
  return { ...merged, ...added };
}

/** The two headers that carry credentials; the client's auth option owns both. */
export const credentialHeaders = ['authorization', 'x-api-key'] as const;
