import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import type { HTTPBatchLinkOptions, TRPCClient } from '@trpc/client';
import type { AnyTRPCClientTypes } from '@trpc/server';
import { apiKeyAuth, bearerAuth, sessionAuth } from './auth.js';
import type { ClientAuth, KlernoAuth, SessionCalls } from './auth.js';
import { authLink } from './auth-link.js';
import { credentialHeaders, replaceHeaders, resolveHeaders } from './headers.js';
import type { HeadersOption } from './headers.js';
import { rateLimitRetryLink } from './retry-link.js';
import type { KlernoRetryOptions } from './retry-link.js';
import { subscriptionAuthLink } from './subscription-auth-link.js';
import { subscriptionLink } from './subscription-link.js';
import type { AppRouter } from './types.js';

/** The typed client: `client.system.health.query()`, `client.transactions.ingest.mutate({...})`. */
export type KlernoClient = TRPCClient<AppRouter>;

/** A `fetch` implementation: the global one, undici's, or a wrapper around either. */
export type KlernoFetch = NonNullable<HTTPBatchLinkOptions<AnyTRPCClientTypes>['fetch']>;

type MaybePromise<T> = T | Promise<T>;

interface BaseOptions {
  /** Where the API is served, e.g. `https://klerno.example.com` (calls go to `<baseUrl>/trpc`). */
  baseUrl: string;
  /** Defaults to the global `fetch`. */
  fetch?: KlernoFetch;
  /** Extra headers for every request: an object, or a function called before each request. */
  headers?: HeadersOption;
  /**
   * Waiting out rate limits: `{ rateLimited: { maxRetries: 3, maxWaitSeconds: 60 } }` sends a call
   * refused with 429 again after its Retry-After. Off by default (the call fails with the 429).
   */
  retry?: KlernoRetryOptions;
}

interface AuthOption {
  /** An API key, tokens (refreshed when refused), or credentials (signed in lazily). See KlernoAuth. */
  auth: KlernoAuth;
  accessToken?: never;
}

interface AccessTokenOption {
  auth?: never;
  /**
   * Sent as `Authorization: Bearer <token>` (replacing any Authorization in `headers`).
   * A function is called before each request, so a token you refresh yourself is picked up;
   * when it returns undefined no Authorization is added. Nothing is refreshed for you: use
   * `auth` for that.
   */
  accessToken?: string | (() => MaybePromise<string | undefined>);
}

export type KlernoClientOptions = BaseOptions & (AuthOption | AccessTokenOption);

/**
 * Longest URL of a batched GET: longer batches are split. Stays well inside what proxies
 * and Node's 16 KiB header limit accept.
 */
const MAX_URL_LENGTH = 4096;
/** The API refuses a batch of more than 20 calls (its hard limit); larger sets go as several. */
const MAX_BATCH_ITEMS = 20;

function trpcUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/trpc`;
}

/**
 * The session's own calls (refresh, lazy sign-in): unbatched, never carrying the credentials
 * being renewed, and outside the auth link so a refused refresh is not itself refreshed.
 */
function sessionCalls(options: KlernoClientOptions): SessionCalls {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: trpcUrl(options.baseUrl),
        headers: async () =>
          replaceHeaders(await resolveHeaders(options.headers), credentialHeaders),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
  return {
    refresh: (input) => client.auth.refresh.mutate(input),
    login: (input) => client.auth.login.mutate(input),
  };
}

function clientAuth(options: KlernoClientOptions): ClientAuth {
  const { auth } = options;
  if (auth === undefined) return bearerAuth(options.accessToken);
  if (auth.apiKey !== undefined) return apiKeyAuth(auth.apiKey);
  return sessionAuth(auth, sessionCalls(options));
}

/**
 * Queries and mutations go in batches; subscriptions (`alerts.onAlert.subscribe(...)`) each get
 * a server-sent event stream with the same credentials, renewed the same way.
 */
export function createKlernoClient(options: KlernoClientOptions): KlernoClient {
  const auth = clientAuth(options);
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: [
          subscriptionAuthLink(auth),
          subscriptionLink({
            url: trpcUrl(options.baseUrl),
            auth,
            headers: () => resolveHeaders(options.headers),
            fetch: options.fetch,
          }),
        ],
        false: [
          authLink(auth),
          ...(options.retry?.rateLimited ? [rateLimitRetryLink(options.retry.rateLimited)] : []),
          httpBatchLink({
            url: trpcUrl(options.baseUrl),
            maxURLLength: MAX_URL_LENGTH,
            maxItems: MAX_BATCH_ITEMS,
            headers: async ({ opList }) =>
              auth.applyCredentials(await resolveHeaders(options.headers), opList),
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }),
        ],
      }),
    ],
  });
}
