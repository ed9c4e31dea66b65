import { randomBytes } from 'node:crypto';
import { ConflictError, type Role, type Store, type User } from '@klerno/db';
import type { AccessTokens } from './access-tokens.js';
import { EmailUnavailableError, InvalidCredentialsError, NotAuthenticatedError } from './errors.js';
import { hashPassword, spendPasswordCheckTime, verifyPassword } from './passwords.js';

/** The signed-in user as procedures see it. */
export interface CurrentUser {
  id: string;
  organizationId: string;
  email: string;
  role: Role;
}

export interface Credentials {
  /** Already validated and lower-cased. */
  email: string;
  password: string;
}

export interface TokenGrant {
  accessToken: string;
  /**
   * Opaque and random. Not yet honoured anywhere: issue 3 stores its digest and rotates it
   * through `auth.refresh`. It is part of the response shape now so clients need not change.
   */
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; role: Role };
}

export interface AuthDeps {
  store: Store;
  tokens: AccessTokens;
}

function toCurrentUser(user: User): CurrentUser {
  return { id: user.id, organizationId: user.organizationId, email: user.email, role: user.role };
}

/** "ada@example.com" → "ada's organization": a starting name the admin can change later. */
export function defaultOrganizationName(email: string): string {
  const local = email.slice(0, email.lastIndexOf('@')) || email;
  return `${local}'s organization`;
}

async function grantFor(tokens: AccessTokens, user: User): Promise<TokenGrant> {
  const access = await tokens.issue({
    userId: user.id,
    organizationId: user.organizationId,
    role: user.role,
  });
  return {
    accessToken: access.token,
    refreshToken: randomBytes(32).toString('base64url'),
    expiresIn: access.expiresIn,
    user: { id: user.id, email: user.email, role: user.role },
  };
}

/** A new organization with this user as its admin, written as one unit of work. */
export async function register(
  { store, tokens }: AuthDeps,
  credentials: Credentials,
): Promise<TokenGrant> {
  // Hash before the unit of work: a transaction should never wait on 20 ms of hashing.
  const passwordHash = await hashPassword(credentials.password);
  let user: User;
  try {
    user = await store.transaction(async (repos) => {
      const organization = await repos.organizations.create({
        name: defaultOrganizationName(credentials.email),
      });
      return repos.users.create({
        organizationId: organization.id,
        email: credentials.email,
        passwordHash,
        role: 'admin',
      });
    });
  } catch (error) {
    if (error instanceof ConflictError) throw new EmailUnavailableError();
    throw error;
  }
  return grantFor(tokens, user);
}

/** Unknown email, wrong password and disabled account fail alike, in about the same time. */
export async function login(
  { store, tokens }: AuthDeps,
  credentials: Credentials,
): Promise<TokenGrant> {
  const user = await store.users.byEmail(credentials.email);
  if (!user) {
    await spendPasswordCheckTime(credentials.password);
    throw new InvalidCredentialsError();
  }
  const passwordMatches = await verifyPassword(user.passwordHash, credentials.password);
  if (!passwordMatches || user.disabled) throw new InvalidCredentialsError();
  return grantFor(tokens, user);
}

/**
 * The user behind an access token, re-read from the store on every request so a disabled
 * account or a changed role counts at once rather than when the token expires.
 */
export async function authenticate(
  { store, tokens }: AuthDeps,
  accessToken: string | null,
): Promise<CurrentUser> {
  const claims = accessToken === null ? null : await tokens.verify(accessToken);
  if (!claims) throw new NotAuthenticatedError();
  const user = await store.users.byId(claims.organizationId, claims.userId);
  if (!user || user.disabled) throw new NotAuthenticatedError();
  return toCurrentUser(user);
}

export interface Profile extends CurrentUser {
  organization: { id: string; name: string };
}

export async function getProfile(store: Store, user: CurrentUser): Promise<Profile> {
  const organization = await store.organizations.byId(user.organizationId);
  if (!organization) throw new NotAuthenticatedError();
  return { ...user, organization: { id: organization.id, name: organization.name } };
}
