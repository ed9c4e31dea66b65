import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { HTTPBatchLinkOptions, HTTPHeaders, TRPCClient } from '@trpc/client';
import type { AnyTRPCClientTypes } from '@trpc/server';
import type { AppRouter } from './types.js';

/** The typed client: `client.system.health.query()`, `client.transactions.ingest.mutate({...})`. */
export type KlernoClient = TRPCClient<AppRouter>;

/** A `fetch` implementation: the global one, undici's, or a wrapper around either. */
export type KlernoFetch = NonNullable<HTTPBatchLinkOptions<AnyTRPCClientTypes>['fetch']>;

type MaybePromise<T> = T | Promise<T>;

export interface KlernoClientOptions {
  /** Where the API is served, e.g. `https://klerno.example.com` (calls go to `<baseUrl>/trpc`). */
  baseUrl: string;
  /** Defaults to the global `fetch`. */
  fetch?: KlernoFetch;
  /** Extra headers for every request: an object, or a function called before each request. */
  headers?: HTTPHeaders | (() => MaybePromise<HTTPHeaders>);
  /**
   * Sent as `Authorization: Bearer <token>` (replacing any Authorization in `headers`).
   * A function is called before each request, so a refreshed token is picked up; when it
   * returns undefined no Authorization is added.
   */
  accessToken?: string | (() => MaybePromise<string | undefined>);
}

/**
 * Longest URL of a batched GET: longer batches are split. Stays well inside what proxies
 * and Node's 16 KiB header limit accept.
 */
const MAX_URL_LENGTH = 4096;

export function createKlernoClient(options: KlernoClientOptions): KlernoClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.baseUrl.replace(/\/+$/, '')}/trpc`,
        maxURLLength: MAX_URL_LENGTH,
        headers: () => resolveHeaders(options),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}

async function resolveHeaders({ headers, accessToken }: KlernoClientOptions): Promise<HTTPHeaders> {
  const base = (typeof headers === 'function' ? await headers() : headers) ?? {};
  const token = typeof accessToken === 'function' ? await accessToken() : accessToken;
  if (!token) return base;

  const merged: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of headerEntries(base)) {
    if (name.toLowerCase() !== 'authorization') merged[name] = value;
  }
  merged['authorization'] = `Bearer ${token}`;
  return merged;
}

function headerEntries(headers: HTTPHeaders): Iterable<[string, string | string[] | undefined]> {
  return Symbol.iterator in headers ? headers : Object.entries(headers);
}
