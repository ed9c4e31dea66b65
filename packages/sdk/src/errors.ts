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
