export { createKlernoClient } from './client.js';
export type { KlernoClient, KlernoClientOptions, KlernoFetch } from './client.js';
export type { KlernoRetryOptions, RateLimitRetryOptions } from './retry-link.js';
export type {
  KlernoApiKeyAuth,
  KlernoAuth,
  KlernoCredentialsAuth,
  KlernoTokenAuth,
  KlernoTokens,
  OnTokens,
} from './auth.js';
export {
  errorCode,
  hasErrorCode,
  isBadRequest,
  isConflict,
  isForbidden,
  isKlernoError,
  isNotFound,
  isRateLimited,
  isUnauthorized,
  retryAfter,
} from './errors.js';
export type { KlernoError, KlernoErrorCode } from './errors.js';
export type { AppRouter, RouterInputs, RouterOutputs } from './types.js';
