import { isTRPCClientError } from '@trpc/client';
import type { TRPCClientError } from '@trpc/client';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { AppRouter } from './types.js';

/** An error thrown by a client call: the server's answer (`data`) or a failed request (`cause`). */
export type KlernoError = TRPCClientError<AppRouter>;

/** tRPC's error codes: 'BAD_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS', … */
export type KlernoErrorCode = TRPC_ERROR_CODE_KEY;

export function isKlernoError(error: unknown): error is KlernoError {
  return isTRPCClientError<AppRouter>(error);
}

/** The error's tRPC code, or undefined when it is not a Klerno API error (e.g. the network failed). */
export function errorCode(error: unknown): KlernoErrorCode | undefined {
  return isKlernoError(error) ? error.data?.code : undefined;
}

/** True when the API answered with `code`; narrows to the typed error. */
export function hasErrorCode(error: unknown, code: KlernoErrorCode): error is KlernoError {
  return errorCode(error) === code;
}

/**
 * 401: no identity, or one the API no longer accepts (expired or revoked token, revoked key,
 * disabled account, wrong email or password). A client with a refresh token has already tried
 * to refresh once when you see this.
 */
export function isUnauthorized(error: unknown): error is KlernoError {
  return hasErrorCode(error, 'UNAUTHORIZED');
}

/** 403: signed in, but the role (or an API key) is not allowed to do this. */
export function isForbidden(error: unknown): error is KlernoError {
  return hasErrorCode(error, 'FORBIDDEN');
}

/** 404: no such record in your organization (other organizations' ids look exactly like this). */
export function isNotFound(error: unknown): error is KlernoError {
  return hasErrorCode(error, 'NOT_FOUND');
}

/** 409: the change conflicts with the current state (e.g. demoting the last admin, a taken email). */
export function isConflict(error: unknown): error is KlernoError {
  return hasErrorCode(error, 'CONFLICT');
}

/** 400: invalid input; `error.data.zodError` lists the problems per field. */
export function isBadRequest(error: unknown): error is KlernoError {
  return hasErrorCode(error, 'BAD_REQUEST');
}

/** 429: a rate limit refused the call; `retryAfter(error)` says how long to wait. */
export function isRateLimited(error: unknown): error is KlernoError {
  return hasErrorCode(error, 'TOO_MANY_REQUESTS');
}

/**
 * Seconds to wait before trying again, from the error body's `retryAfter` or the response's
 * `Retry-After` header (seconds or an HTTP date); undefined when the API named no delay.
 */
export function retryAfter(error: unknown, now: Date = new Date()): number | undefined {
  if (!isKlernoError(error)) return undefined;
  const fromBody = (error.data as Record<string, unknown> | undefined)?.['retryAfter'];
  if (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0) {
    return Math.ceil(fromBody);
  }
  const header = responseOf(error)?.headers.get('retry-after')?.trim();
  if (!header) return undefined;
  if (/^\d+$/.test(header)) return Number(header);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

interface ResponseLike {
  headers: { get(name: string): string | null };
}

/** The HTTP response the error came with, when the HTTP link recorded it. */
function responseOf(error: KlernoError): ResponseLike | undefined {
  const response = error.meta?.['response'];
  if (typeof response !== 'object' || response === null || !('headers' in response)) return;
  const { headers } = response;
  return typeof headers === 'object' && headers !== null && 'get' in headers
    ? (response as ResponseLike)
    : undefined;
}
