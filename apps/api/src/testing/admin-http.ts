import { randomBytes } from 'node:crypto';
import type { Role } from '@klerno/db';
import { appRouter } from '../router.js';
import { firstSubscriptionAnswer } from './sse.js';
import type { Outputs, TrpcErrorShape, TrpcResult } from './trpc-http.js';

/** How a test request identifies itself: an access token, an API key, or nothing. */
export type Credential = { token: string } | { apiKey: string } | null;

export interface CallOptions {
  headers?: Record<string, string>;
}

function credentialHeaders(credential: Credential): Record<string, string> {
  if (credential === null) return {};
  return 'token' in credential
    ? { authorization: `Bearer ${credential.token}` }
    : { 'x-api-key': credential.apiKey };
}

type ProcedureTable = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;

/** Every procedure path of the router with its type, e.g. ['users.setRole', 'mutation']. */
export function procedureTypes(): Map<string, 'query' | 'mutation' | 'subscription'> {
  const procedures = appRouter._def.procedures as unknown as ProcedureTable;
  return new Map(Object.entries(procedures).map(([path, { _def }]) => [path, _def.type]));
}

const types = procedureTypes();

/** Calls any procedure over HTTP as tRPC clients do (GET for queries, POST for mutations). */
export async function call<T = unknown>(
  baseUrl: string,
  path: string,
  input: unknown,
  credential: Credential,
  options: CallOptions = {},
): Promise<TrpcResult<T>> {
  const type = types.get(path);
  if (!type) throw new Error(`no procedure ${path}`);
  const headers = { ...credentialHeaders(credential), ...options.headers };
  if (type === 'subscription') return firstSubscriptionAnswer<T>(baseUrl, path, input, headers);
  const response =
    type === 'query'
      ? await fetch(
          `${baseUrl}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          { headers },
        )
      : await fetch(`${baseUrl}/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: input === undefined ? undefined : JSON.stringify(input),
        });
  const text = await response.text();
  let body: { result?: { data: T }; error?: TrpcErrorShape } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${path}: not JSON (${response.status}): ${text.slice(0, 200)}`);
  }
  return {
    status: response.status,
    headers: response.headers,
    data: body.result?.data,
    error: body.error,
  };
}

/** The data of a call that must succeed; otherwise a readable failure. */
export async function ok<T = unknown>(
  baseUrl: string,
  path: string,
  input: unknown,
  credential: Credential,
  options?: CallOptions,
): Promise<T> {
  const result = await call<T>(baseUrl, path, input, credential, options);
  if (result.status !== 200 || result.data === undefined) {
    throw new Error(`${path} failed (${result.status}): ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(6).toString('hex')}@example.com`;
}

export interface Member {
  id: string;
  email: string;
  password: string;
  role: Role;
  accessToken: string;
  refreshToken: string;
  credential: { token: string };
}

type Grant = Outputs['auth']['register'];

function memberFrom(grant: Grant, password: string): Member {
  if (!grant.refreshToken) throw new Error('expected the refresh token in the body');
  return {
    id: grant.user.id,
    email: grant.user.email,
    password,
    role: grant.user.role,
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken,
    credential: { token: grant.accessToken },
  };
}

/** A new organization; its first member is the admin returned. */
export async function signUp(baseUrl: string, email = uniqueEmail('admin')): Promise<Member> {
  const grant = await ok<Grant>(baseUrl, 'auth.register', { email, password: TEST_PASSWORD }, null);
  return memberFrom(grant, TEST_PASSWORD);
}

export async function invite(
  baseUrl: string,
  admin: Member,
  role: Role,
  email = uniqueEmail(role),
): Promise<Outputs['org']['invite']> {
  return ok<Outputs['org']['invite']>(baseUrl, 'org.invite', { email, role }, admin.credential);
}

/** A new member of the admin's organization with `role`, through an invitation. */
export async function join(
  baseUrl: string,
  admin: Member,
  role: Role,
  email = uniqueEmail(role),
): Promise<Member> {
  const { token } = await invite(baseUrl, admin, role, email);
  const grant = await ok<Grant>(
    baseUrl,
    'auth.register',
    { email, password: TEST_PASSWORD, invitationToken: token },
    null,
  );
  return memberFrom(grant, TEST_PASSWORD);
}

/** A fresh sign-in of the member (a new session and access token). */
export async function signIn(baseUrl: string, member: Member): Promise<Member> {
  const grant = await ok<Grant>(
    baseUrl,
    'auth.login',
    { email: member.email, password: member.password },
    null,
  );
  return memberFrom(grant, member.password);
}

export async function createKey(
  baseUrl: string,
  creator: Member,
  role: Role,
  name = `${role} key`,
): Promise<Outputs['apiKeys']['create']> {
  return ok<Outputs['apiKeys']['create']>(
    baseUrl,
    'apiKeys.create',
    { name, role },
    creator.credential,
  );
}
