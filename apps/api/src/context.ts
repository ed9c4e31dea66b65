import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { Settings } from '@klerno/config';
import type { Store } from '@klerno/db';
import type { AccessTokens } from './services/access-tokens.js';
import type { CurrentUser } from './services/auth.js';

/** What lives as long as the server: built once by `buildServer`. */
export interface AppDeps {
  settings: Settings;
  store: Store;
  tokens: AccessTokens;
}

/**
 * What every procedure may use. Never the Fastify request or reply: the router's type (and so
 * the SDK's) must not mention Fastify, Drizzle or a driver.
 */
export interface Context extends AppDeps {
  requestId: string;
  /** Sets a response header (rate-limit and cache headers travel this way, not through the reply). */
  setHeader(name: string, value: string): void;
  /** Already known (in-process callers, tests), or resolved from `bearerToken` by `authedProcedure`. */
  user: CurrentUser | null;
  /** The `Authorization: Bearer` token, still unchecked; null when absent or malformed. */
  bearerToken: string | null;
}

export type RequestScope = Partial<
  Pick<Context, 'requestId' | 'setHeader' | 'user' | 'bearerToken'>
>;

/** The inner context: buildable without HTTP, for tests and in-process callers. */
export function createInnerContext(deps: AppDeps, scope: RequestScope = {}): Context {
  return {
    ...deps,
    requestId: scope.requestId ?? crypto.randomUUID(),
    setHeader: scope.setHeader ?? (() => undefined),
    user: scope.user ?? null,
    bearerToken: scope.bearerToken ?? null,
  };
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export function bearerTokenFrom(authorization: string | undefined): string | null {
  if (authorization === undefined) return null;
  return BEARER.exec(authorization)?.[1] ?? null;
}

/** The outer context: the inner one, filled from a Fastify request. */
export function createFastifyContextFactory(deps: AppDeps) {
  return ({ req, res }: CreateFastifyContextOptions): Context =>
    createInnerContext(deps, {
      requestId: req.id,
      setHeader: (name, value) => {
        void res.header(name, value);
      },
      bearerToken: bearerTokenFrom(req.headers.authorization),
    });
}
