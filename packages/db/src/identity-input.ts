/**
 * Checks and canonical forms of the identity records (invitations, sessions, API keys, user
 * patches), applied by every store before anything is written.
 */
import { InvalidInputError } from './errors.js';
import { normalizeEmail, parseTimestamp, toIsoTimestamp } from './normalize.js';
import {
  ROLES,
  type NewApiKey,
  type NewInvitation,
  type Role,
  type SessionRepository,
  type UserPatch,
} from './ports.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for a lower-case SHA-256 hex digest; anything else cannot be a stored secret's digest. */
export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}

/** Refuses anything but a digest, so a raw token can never be stored by mistake. */
export function checkDigest(value: unknown, field: string): string {
  if (!isDigest(value))
    throw new InvalidInputError(`${field} must be a lower-case SHA-256 hex digest`);
  return value;
}

export function checkRole(value: unknown, field = 'role'): Role {
  if (!(ROLES as readonly unknown[]).includes(value)) {
    throw new InvalidInputError(`${field} must be one of ${ROLES.join(', ')}`);
  }
  return value as Role;
}

export function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidInputError(`${field} must be a non-empty string`);
  }
  if (value.includes('\u0000')) throw new InvalidInputError(`${field} must not contain NUL`);
  return value;
}

/** Epoch milliseconds of an ISO instant (see `parseTimestamp`). */
export function instantMs(value: unknown, field: string): number {
  return parseTimestamp(value, field);
}

/** The canonical ISO form (`toISOString()`) of an instant. */
export function canonicalInstant(value: unknown, field: string): string {
  return toIsoTimestamp(parseTimestamp(value, field));
}

export function normalizeNewInvitation(input: NewInvitation): NewInvitation {
  return {
    organizationId: checkText(input.organizationId, 'organizationId'),
    email: normalizeEmail(checkText(input.email, 'email')),
    role: checkRole(input.role),
    invitedBy: checkText(input.invitedBy, 'invitedBy'),
    tokenDigest: checkDigest(input.tokenDigest, 'tokenDigest'),
    expiresAt: canonicalInstant(input.expiresAt, 'expiresAt'),
  };
}

export function normalizeNewApiKey(input: NewApiKey): NewApiKey {
  return {
    organizationId: checkText(input.organizationId, 'organizationId'),
    createdBy: checkText(input.createdBy, 'createdBy'),
    name: checkText(input.name, 'name'),
    prefix: checkText(input.prefix, 'prefix'),
    digest: checkDigest(input.digest, 'digest'),
    role: checkRole(input.role),
    expiresAt: input.expiresAt === null ? null : canonicalInstant(input.expiresAt, 'expiresAt'),
  };
}

export type NewSessionFamily = Parameters<SessionRepository['createFamily']>[0];

export function normalizeNewSessionFamily(input: NewSessionFamily): NewSessionFamily {
  return {
    organizationId: checkText(input.organizationId, 'organizationId'),
    userId: checkText(input.userId, 'userId'),
    createdAt: canonicalInstant(input.createdAt, 'createdAt'),
    expiresAt: canonicalInstant(input.expiresAt, 'expiresAt'),
  };
}

/** Only the fields present, each checked. */
export function normalizeUserPatch(patch: UserPatch): UserPatch {
  const checked: UserPatch = {};
  if (patch.role !== undefined) checked.role = checkRole(patch.role);
  if (patch.disabled !== undefined) {
    if (typeof patch.disabled !== 'boolean')
      throw new InvalidInputError('disabled must be a boolean');
    checked.disabled = patch.disabled;
  }
  if (patch.passwordHash !== undefined) {
    checked.passwordHash = checkText(patch.passwordHash, 'passwordHash');
  }
  if (patch.tokenVersion !== undefined) {
    const version: unknown = patch.tokenVersion;
    if (
      typeof version !== 'number' ||
      !Number.isSafeInteger(version) ||
      version < 0 ||
      version > 2147483647
    ) {
      throw new InvalidInputError('tokenVersion must be a non-negative 32-bit integer');
    }
    checked.tokenVersion = version;
  }
  return checked;
}

export function checkOrganizationName(name: unknown): string {
  return checkText(name, 'name');
}
