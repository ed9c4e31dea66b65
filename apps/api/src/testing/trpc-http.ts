import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../router.js';
import type { ZodErrorSummary } from '../trpc.js';

export type Inputs = inferRouterInputs<AppRouter>;
export type Outputs = inferRouterOutputs<AppRouter>;

export interface TrpcErrorShape {
  message: string;
  code: number;
  data: {
    code: string;
    httpStatus: number;
    path?: string;
    requestId: string | null;
    zodError: ZodErrorSummary | null;
    /** 429 only: seconds to wait (also in Retry-After). */
    retryAfter?: number;
    /** 422 of transactions.importCsv only: every bad row. */
    rowErrors?: Array<{ line: number; field?: string; reason: string }>;
    stack?: string;
  };
}

export interface TrpcResult<T> {
  status: number;
  headers: Headers;
  data: T | undefined;
  error: TrpcErrorShape | undefined;
}

interface Envelope<T> {
  result?: { data: T };
  error?: TrpcErrorShape;
}

async function unwrap<T>(response: Response): Promise<TrpcResult<T>> {
  const body = (await response.json()) as Envelope<T>;
  return {
    status: response.status,
    headers: response.headers,
    data: body.result?.data,
    error: body.error,
  };
}

function authHeaders(token?: string): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** tRPC over plain HTTP, the way any client sends it (no transformer, no batching). */
export async function mutation<T>(
  baseUrl: string,
  path: string,
  input: unknown,
  token?: string,
): Promise<TrpcResult<T>> {
  const response = await fetch(`${baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify(input),
  });
  return unwrap<T>(response);
}

export async function query<T>(
  baseUrl: string,
  path: string,
  input?: unknown,
  token?: string,
): Promise<TrpcResult<T>> {
  const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${baseUrl}/trpc/${path}${search}`, { headers: authHeaders(token) });
  return unwrap<T>(response);
}

let counter = 0;

/** A new account (and organization); returns its tokens. */
export async function registerUser(
  baseUrl: string,
  email = `user${Date.now()}-${(counter += 1)}@example.com`,
  password = 'a long enough password',
): Promise<Outputs['auth']['register']> {
  const result = await mutation<Outputs['auth']['register']>(baseUrl, 'auth.register', {
    email,
    password,
  });
  if (!result.data) throw new Error(`register failed: ${JSON.stringify(result.error)}`);
  return result.data;
}
