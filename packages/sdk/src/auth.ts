import type { HTTPHeaders, OperationContext } from '@trpc/client';
import { errorCode } from './errors.js';
import { credentialHeaders, replaceHeaders } from './headers.js';
import type { RouterInputs, RouterOutputs } from './types.js';

type MaybePromise<T> = T | Promise<T>;
type Never<T> = { [K in keyof T]?: never };

/**
 * What `auth.register`, `auth.login`, `auth.refresh` and `auth.changePassword` return: a fresh
 * access token, the next refresh token (null when the API put it in its HttpOnly cookie), the
 * access token's lifetime in seconds, and the user they belong to.
 */
export type KlernoTokens = RouterOutputs['auth']['refresh'];

/**
 * Called with every pair of tokens the client starts using (sign-in, refresh, password change),
 * so you can persist them. Refresh tokens are single use: keep only the latest. The call that
 * brought the tokens completes after this returns (or its promise settles); if it throws, that
 * call fails with its error (the client still uses the new tokens).
 */
export type OnTokens = (tokens: KlernoTokens) => MaybePromise<void>;

interface ApiKeyFields {
  /** `klk_…`, sent as `X-API-Key`. Keys are not refreshed: they live until revoked or expired. */
  apiKey: string;
}

interface TokenFields {
  /** Sent as `Authorization: Bearer`. Leave it out to start with a refresh (or signed out). */
  accessToken?: string | undefined;
  /** `klr_…`: exchanged for a new pair when the access token is refused (or missing). */
  refreshToken?: string | undefined;
  onTokens?: OnTokens | undefined;
}

interface CredentialsFields {
  /** The client signs in with these on its first call, and again if its session cannot be refreshed. */
  email: string;
  password: string;
  onTokens?: OnTokens | undefined;
}

export type KlernoApiKeyAuth = ApiKeyFields & Never<TokenFields & CredentialsFields>;
export type KlernoTokenAuth = TokenFields &
  Never<ApiKeyFields & Omit<CredentialsFields, 'onTokens'>>;
export type KlernoCredentialsAuth = CredentialsFields &
  Never<ApiKeyFields & Omit<TokenFields, 'onTokens'>>;

/**
 * How a client proves who it is: an API key, tokens you already hold, or an email and password.
 * With tokens or credentials the client is a session: it adopts the tokens of any
 * `auth.login` / `auth.register` / `auth.refresh` / `auth.changePassword` made through it,
 * forgets them after `auth.logout`, and refreshes once when the API refuses its access token.
 */
export type KlernoAuth = KlernoApiKeyAuth | KlernoTokenAuth | KlernoCredentialsAuth;

/** Where the refresh token is: in hand, or in the API's HttpOnly cookie (browsers on its origin). */
type RefreshCredential = { kind: 'token'; token: string } | { kind: 'cookie' };

/** The calls a session makes on its own, through a client without credentials of its own. */
export interface SessionCalls {
  refresh(input: NonNullable<RouterInputs['auth']['refresh']>): Promise<KlernoTokens>;
  login(input: RouterInputs['auth']['login']): Promise<KlernoTokens>;
}

/** How the client's links add credentials and react to what the API says about them. */
export interface ClientAuth {
  /** The request's headers with this client's credentials; `calls` are the batched operations. */
  applyCredentials(
    headers: HTTPHeaders,
    calls: readonly { context: OperationContext }[],
  ): Promise<HTTPHeaders>;
  /** Work to finish before a call goes out (signing in lazily), or null when there is none. */
  beforeCall(path: string): Promise<void> | null;
  /** After an UNAUTHORIZED answer: whether retrying the call once is worth it. */
  recover(path: string, context: OperationContext): Promise<boolean>;
  /** After a successful call: adopt issued tokens, forget them after a logout. */
  afterSuccess(path: string, data: unknown): Promise<void> | null;
}

/** Procedures whose UNAUTHORIZED means wrong credentials, never an expired access token. */
const signInPaths: ReadonlySet<string> = new Set(['auth.login', 'auth.register', 'auth.refresh']);
const grantPaths: ReadonlySet<string> = new Set([...signInPaths, 'auth.changePassword']);

/** The pre-`auth` options: a fixed or looked-up access token, nothing refreshed. */
export function bearerAuth(
  accessToken: string | (() => MaybePromise<string | undefined>) | undefined,
): ClientAuth {
  return {
    async applyCredentials(headers) {
      const token = typeof accessToken === 'function' ? await accessToken() : accessToken;
      // Without a token, an Authorization the caller put in `headers` stays.
      return token
        ? replaceHeaders(headers, ['authorization'], { authorization: `Bearer ${token}` })
        : headers;
    },
    beforeCall: () => null,
    recover: () => Promise.resolve(false),
    afterSuccess: () => null,
  };
}

export function apiKeyAuth(apiKey: string): ClientAuth {
  return {
    applyCredentials: (headers) =>
      Promise.resolve(replaceHeaders(headers, credentialHeaders, { 'x-api-key': apiKey })),
    beforeCall: () => null,
    recover: () => Promise.resolve(false),
    afterSuccess: () => null,
  };
}

type Renewal = { ok: true } | { ok: false; error: unknown };

function isTokens(value: unknown): value is KlernoTokens {
  if (typeof value !== 'object' || value === null) return false;
  const { accessToken, refreshToken } = value as Record<string, unknown>;
  return (
    typeof accessToken === 'string' && (typeof refreshToken === 'string' || refreshToken === null)
  );
}

/**
 * A signed-in session: holds the current tokens, refreshes them at most once at a time (every
 * call refused meanwhile waits for that one refresh), and signs in lazily with credentials.
 */
export function sessionAuth(
  auth: KlernoTokenAuth | KlernoCredentialsAuth,
  calls: SessionCalls,
): ClientAuth {
  const credentials =
    auth.email !== undefined && auth.password !== undefined
      ? { email: auth.email, password: auth.password }
      : null;
  let accessToken = auth.accessToken;
  let refresh: RefreshCredential | null =
    auth.refreshToken !== undefined ? { kind: 'token', token: auth.refreshToken } : null;
  /** The access token each call went out with, to tell a stale refusal from a current one. */
  const sentWith = new WeakMap<OperationContext, string | undefined>();
  let renewal: Promise<Renewal> | null = null;

  const canRenew = () => refresh !== null || credentials !== null;

  async function adopt(tokens: KlernoTokens): Promise<void> {
    accessToken = tokens.accessToken;
    refresh =
      tokens.refreshToken === null
        ? { kind: 'cookie' }
        : { kind: 'token', token: tokens.refreshToken };
    await auth.onTokens?.(tokens);
  }

  async function fetchTokens(): Promise<KlernoTokens> {
    if (refresh !== null) {
      try {
        return await calls.refresh(
          refresh.kind === 'cookie' ? { useCookie: true } : { refreshToken: refresh.token },
        );
      } catch (error) {
        // A refused refresh ends the session (the access token was refused already);
        // a network failure may pass, so the tokens stay for the next attempt.
        if (errorCode(error) === 'UNAUTHORIZED') {
          refresh = null;
          accessToken = undefined;
        }
        if (credentials === null || refresh !== null) throw error;
      }
    }
    if (credentials === null) throw new Error('No refresh token or credentials to sign in with');
    return calls.login(credentials);
  }

  /** One renewal at a time: every caller that needs one while it runs shares its outcome. */
  function renew(): Promise<Renewal> {
    renewal ??= fetchTokens()
      .then(
        (tokens): Promise<Renewal> => adopt(tokens).then(() => ({ ok: true })),
        (error: unknown): Renewal => ({ ok: false, error }),
      )
      .finally(() => {
        renewal = null;
      });
    return renewal;
  }

  return {
    applyCredentials(headers, batched) {
      const token = accessToken;
      for (const call of batched) sentWith.set(call.context, token);
      const added: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return Promise.resolve(replaceHeaders(headers, credentialHeaders, added));
    },

    beforeCall(path) {
      if (accessToken !== undefined || signInPaths.has(path) || !canRenew()) return null;
      return renew().then((outcome) => {
        if (!outcome.ok) throw outcome.error;
      });
    },

    async recover(path, context) {
      if (signInPaths.has(path)) return false;
      // Renewed since this call went out: retry with the new token, no second refresh.
      if (accessToken !== undefined && accessToken !== sentWith.get(context)) return true;
      if (!canRenew()) return false;
      return (await renew()).ok;
    },

    afterSuccess(path, data) {
      if (grantPaths.has(path) && isTokens(data)) return adopt(data);
      if (path === 'auth.logout') {
        accessToken = undefined;
        refresh = null;
      }
      return null;
    },
  };
}
