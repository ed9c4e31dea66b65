import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { Settings } from '@klerno/config';
import type { Store } from '@klerno/db';
import { createInProcessAlertFeed, type AlertFeed } from './alert-feed/index.js';
import { withConnectionParams } from './connection-params.js';
import { parseCookieHeader, serializeCookie, type CookieOptions } from './cookies.js';
import { createAccessTokens, type AccessTokens } from './services/access-tokens.js';
import type { HardLimits } from './hard-limits.js';
import type { RedisConnection, RedisHealth } from './redis.js';
import { RateLimitReport } from './rate-limit/headers.js';
import type { LimiterLogger } from './rate-limit/limiter.js';
import { createRateLimits, RATE_LIMITS_OFF, type RateLimits } from './rate-limit/service.js';
import type { CurrentUser } from './services/auth.js';
import type { JobRunner } from './services/job-runner.js';

export type Clock = () => Date;

/** What lives as long as the server: built once by `buildServer`. */
export interface AppDeps {
  settings: Settings;
  store: Store;
  tokens: AccessTokens;
  /** The time sessions, tokens and audit entries are stamped with; default: the system clock. */
  clock?: Clock;
  /** The shared Redis connection's health when REDIS_URL is set; absent otherwise. */
  redis?: RedisHealth | null;
  /** Default: DEFAULT_HARD_LIMITS (the procedure time limit is read from here). */
  hardLimits?: HardLimits;
  /** The limiters of SPEC §6 (built by `createAppDeps`); absent: nothing is rate-limited. */
  rateLimits?: RateLimits;
  /** Where raised alerts are announced (alerts.onAlert); absent: one feed shared in-process. */
  alertFeed?: AlertFeed;
  /** Aborted when the server shuts down: open subscriptions end (clients reconnect elsewhere). */
  shutdownSignal?: AbortSignal;
  /** This instance's background jobs (re-scoring); absent: no job can be started (503). */
  jobs?: JobRunner;
}

export interface AppDepsOptions {
  /** Lets tests move time (token expiry, refresh grace, session expiry). */
  clock?: Clock;
  /** Ed25519 PKCS#8 PEM: sign access tokens with EdDSA and publish /.well-known/jwks.json. */
  ed25519PrivateKeyPem?: string;
  /** Opened by `buildServer` when REDIS_URL is set; its owner closes it. */
  redis?: RedisConnection | null;
  hardLimits?: HardLimits;
  /** Where a rate limiter that fails unexpectedly says so (it then allows the request). */
  logger?: LimiterLogger;
  /** Built by `buildServer` (Redis pub/sub when REDIS_URL is set); default: in this process. */
  alertFeed?: AlertFeed;
  shutdownSignal?: AbortSignal;
  /** Built by `buildServer`, which starts and stops it. */
  jobs?: JobRunner;
}

/** The server's long-lived dependencies (keys are imported here, once). */
export async function createAppDeps(
  settings: Settings,
  store: Store,
  options: AppDepsOptions = {},
): Promise<AppDeps> {
  const tokens = await createAccessTokens(settings.jwt, options);
  return {
    settings,
    store,
    tokens,
    redis: options.redis ?? null,
    rateLimits: createRateLimits(settings.rateLimits, {
      redis: options.redis?.client ?? null,
      ...(options.logger ? { logger: options.logger } : {}),
    }),
    alertFeed: options.alertFeed ?? createInProcessAlertFeed(),
    ...(options.shutdownSignal ? { shutdownSignal: options.shutdownSignal } : {}),
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(options.hardLimits ? { hardLimits: options.hardLimits } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
}

/**
 * What every procedure may use. Never the Fastify request or reply: the router's type (and so
 * the SDK's) must not mention Fastify, Drizzle or a driver.
 */
export interface Context extends AppDeps {
  clock: Clock;
  rateLimits: RateLimits;
  alertFeed: AlertFeed;
  shutdownSignal: AbortSignal;
  /** This response's rate-limit headers: the most restrictive decision of the request shows. */
  rateLimitReport: RateLimitReport;
  requestId: string;
  /** Sets a response header (rate-limit and cache headers travel this way, not through the reply). */
  setHeader(name: string, value: string): void;
  /** The request's cookies (name → raw value). */
  cookies: ReadonlyMap<string, string>;
  /** Adds a Set-Cookie line to the response. */
  setCookie(name: string, value: string, options: CookieOptions): void;
  /**
   * Already known (in-process callers, tests), or resolved by `authedProcedure` from
   * `bearerToken` or `apiKey`.
   */
  user: CurrentUser | null;
  /** The `Authorization: Bearer` token, still unchecked; null when absent. */
  bearerToken: string | null;
  /** The `X-API-Key` header, still unchecked; null when absent. */
  apiKey: string | null;
  /**
   * Why the credentials the request carries cannot even be read (a malformed Authorization header,
   * two credentials at once…); `authedProcedure` answers 401 with it. Null when all is well.
   */
  credentialProblem: string | null;
  /** The client's address (the socket peer unless it is a trusted proxy), for audit and limits. */
  ip: string | null;
  userAgent: string | null;
}

export type RequestScope = Partial<
  Pick<
    Context,
    | 'requestId'
    | 'setHeader'
    | 'cookies'
    | 'setCookie'
    | 'user'
    | 'bearerToken'
    | 'apiKey'
    | 'credentialProblem'
    | 'ip'
    | 'userAgent'
  >
>;

const systemClock: Clock = () => new Date();
/** For contexts built without a feed (in-process callers): they all share this one. */
const sharedInProcessFeed = createInProcessAlertFeed();
const neverAborted = new AbortController().signal;

/** The inner context: buildable without HTTP, for tests and in-process callers. */
export function createInnerContext(deps: AppDeps, scope: RequestScope = {}): Context {
  const setHeader = scope.setHeader ?? (() => undefined);
  return {
    ...deps,
    clock: deps.clock ?? systemClock,
    rateLimits: deps.rateLimits ?? RATE_LIMITS_OFF,
    alertFeed: deps.alertFeed ?? sharedInProcessFeed,
    shutdownSignal: deps.shutdownSignal ?? neverAborted,
    rateLimitReport: new RateLimitReport(setHeader),
    requestId: scope.requestId ?? crypto.randomUUID(),
    setHeader,
    cookies: scope.cookies ?? new Map(),
    setCookie: scope.setCookie ?? (() => undefined),
    user: scope.user ?? null,
    bearerToken: scope.bearerToken ?? null,
    apiKey: scope.apiKey ?? null,
    credentialProblem: scope.credentialProblem ?? null,
    ip: scope.ip ?? null,
    userAgent: scope.userAgent ?? null,
  };
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export function bearerTokenFrom(authorization: string | undefined): string | null {
  if (authorization === undefined) return null;
  return BEARER.exec(authorization)?.[1] ?? null;
}

export interface PresentedCredentials {
  bearerToken: string | null;
  apiKey: string | null;
  credentialProblem: string | null;
}

const NONE: PresentedCredentials = { bearerToken: null, apiKey: null, credentialProblem: null };
const problem = (credentialProblem: string): PresentedCredentials => ({
  ...NONE,
  credentialProblem,
});

/**
 * The credentials in `Authorization` and `X-API-Key`, read but not yet checked. Malformed
 * headers become a problem statement, never an exception; the values are never repeated in it.
 */
export function credentialsFrom(headers: {
  authorization?: string | string[] | undefined;
  'x-api-key'?: string | string[] | undefined;
}): PresentedCredentials {
  const { authorization, 'x-api-key': apiKey } = headers;
  if (authorization !== undefined && apiKey !== undefined) {
    return problem('Send either an Authorization header or an X-API-Key header, not both');
  }
  if (authorization !== undefined) {
    const token = typeof authorization === 'string' ? bearerTokenFrom(authorization) : null;
    return token === null
      ? problem('Malformed Authorization header: expected "Bearer <access token>"')
      : { ...NONE, bearerToken: token };
  }
  if (apiKey !== undefined) {
    const key = typeof apiKey === 'string' ? apiKey.trim() : '';
    return key === ''
      ? problem('Malformed X-API-Key header: expected exactly one API key')
      : { ...NONE, apiKey: key };
  }
  return NONE;
}

/** The outer context: the inner one, filled from a Fastify request. */
export function createFastifyContextFactory(deps: AppDeps) {
  return ({ req, res, info }: CreateFastifyContextOptions): Context =>
    createInnerContext(deps, {
      requestId: req.id,
      setHeader: (name, value) => {
        void res.header(name, value);
      },
      cookies: parseCookieHeader(req.headers.cookie),
      setCookie: (name, value, options) => {
        // Fastify appends repeated Set-Cookie headers instead of replacing them.
        void res.header('set-cookie', serializeCookie(name, value, options));
      },
      ...withConnectionParams(
        credentialsFrom(req.headers),
        info.connectionParams,
        info.type === 'subscription',
      ),
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
    });
}
