/**
 * Row → record mapping shared by the SQL stores. The dialects differ only in how a row holds an
 * instant (PostgreSQL: a `Date`; SQLite: epoch milliseconds); records always carry ISO strings.
 */
import { toIsoTimestamp } from './normalize.js';
import type {
  ApiKey,
  AuditEntry,
  Invitation,
  Job,
  Organization,
  RefreshTokenRecord,
  SessionFamily,
  Transaction,
  User,
  UserWithCredentials,
} from './ports.js';

/** An instant as a driver returns it. */
export type RowInstant = Date | number;

/** A record as a row holds it: the record's ISO-string instants as `Instant`s. */
type RowOf<Record, Instants extends keyof Record, Instant> = Omit<Record, Instants> & {
  [K in Instants]: null extends Record[K] ? Instant | null : Instant;
};

export function isoOf(instant: RowInstant): string {
  return typeof instant === 'number' ? toIsoTimestamp(instant) : instant.toISOString();
}

function isoOrNull(instant: RowInstant | null): string | null {
  return instant === null ? null : isoOf(instant);
}

export function toOrganization(row: RowOf<Organization, 'createdAt', RowInstant>): Organization {
  return { id: row.id, name: row.name, createdAt: isoOf(row.createdAt) };
}

export function toUser(row: RowOf<User, 'createdAt' | 'updatedAt', RowInstant>): User {
  return {
    id: row.id,
    organizationId: row.organizationId,
    email: row.email,
    role: row.role,
    disabled: row.disabled,
    tokenVersion: row.tokenVersion,
    createdAt: isoOf(row.createdAt),
    updatedAt: isoOf(row.updatedAt),
  };
}

export function toUserWithCredentials(
  row: RowOf<UserWithCredentials, 'createdAt' | 'updatedAt', RowInstant>,
): UserWithCredentials {
  return { ...toUser(row), passwordHash: row.passwordHash };
}

export function toInvitation(
  row: RowOf<Invitation, 'createdAt' | 'expiresAt' | 'acceptedAt' | 'revokedAt', RowInstant>,
): Invitation {
  return {
    id: row.id,
    organizationId: row.organizationId,
    email: row.email,
    role: row.role,
    invitedBy: row.invitedBy,
    createdAt: isoOf(row.createdAt),
    expiresAt: isoOf(row.expiresAt),
    acceptedAt: isoOrNull(row.acceptedAt),
    revokedAt: isoOrNull(row.revokedAt),
  };
}

export function toApiKey(
  row: RowOf<ApiKey, 'createdAt' | 'expiresAt' | 'lastUsedAt' | 'revokedAt', RowInstant>,
): ApiKey {
  return {
    id: row.id,
    organizationId: row.organizationId,
    createdBy: row.createdBy,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: isoOf(row.createdAt),
    expiresAt: isoOrNull(row.expiresAt),
    lastUsedAt: isoOrNull(row.lastUsedAt),
    revokedAt: isoOrNull(row.revokedAt),
  };
}

export function toSessionFamily(
  row: RowOf<SessionFamily, 'createdAt' | 'lastUsedAt' | 'expiresAt' | 'revokedAt', RowInstant>,
): SessionFamily {
  return {
    id: row.id,
    organizationId: row.organizationId,
    userId: row.userId,
    createdAt: isoOf(row.createdAt),
    lastUsedAt: isoOf(row.lastUsedAt),
    expiresAt: isoOf(row.expiresAt),
    revokedAt: isoOrNull(row.revokedAt),
    revokedReason: row.revokedReason,
  };
}

export function toRefreshToken(
  row: RowOf<RefreshTokenRecord, 'createdAt' | 'rotatedAt', RowInstant>,
): RefreshTokenRecord {
  return {
    id: row.id,
    familyId: row.familyId,
    createdAt: isoOf(row.createdAt),
    rotatedAt: isoOrNull(row.rotatedAt),
  };
}

/** Amounts must already be canonical decimal strings; `riskScore` is in basis points. */
export function toTransaction(
  row: RowOf<Transaction, 'timestamp' | 'createdAt', RowInstant>,
): Transaction {
  return {
    id: row.id,
    organizationId: row.organizationId,
    chain: row.chain,
    txId: row.txId,
    timestamp: isoOf(row.timestamp),
    fromAddress: row.fromAddress,
    toAddress: row.toAddress,
    amount: row.amount,
    currency: row.currency,
    issuer: row.issuer,
    direction: row.direction,
    memo: row.memo,
    fee: row.fee,
    tags: row.tags,
    createdAt: isoOf(row.createdAt),
    category: row.category,
    riskScore: row.riskScore / 10000,
    riskFlags: row.riskFlags,
    riskBucket: row.riskBucket,
    rulesetVersion: row.rulesetVersion,
  };
}

/**
 * An audit entry from its row, with `details` as the driver decoded it (`rawDetails`: their text,
 * for the `unreadable` fallback). Anything but a JSON object can only be an edited row; it is kept,
 * so the entry's hash fails.
 */
export function toAuditEntry(
  row: Omit<RowOf<AuditEntry, 'timestamp', RowInstant>, 'details'>,
  details: unknown,
  rawDetails: () => string,
): AuditEntry {
  return {
    id: row.id,
    organizationId: row.organizationId,
    seq: row.seq,
    timestamp: isoOf(row.timestamp),
    event: row.event,
    actor: row.actor,
    target: row.target,
    outcome: row.outcome,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    details:
      details !== null && typeof details === 'object' && !Array.isArray(details)
        ? (details as AuditEntry['details'])
        : { unreadable: rawDetails() },
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export function toJob(row: RowOf<Job, 'createdAt' | 'updatedAt' | 'finishedAt', RowInstant>): Job {
  return {
    id: row.id,
    organizationId: row.organizationId,
    kind: row.kind,
    status: row.status,
    params: row.params,
    processed: row.processed,
    total: row.total,
    result: row.result,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: isoOf(row.createdAt),
    updatedAt: isoOf(row.updatedAt),
    finishedAt: isoOrNull(row.finishedAt),
  };
}
