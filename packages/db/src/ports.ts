/**
 * Repository interfaces (ports) and the DTOs they speak. No Drizzle, no driver:
 * the API, its services and the SDK's types depend on this file only.
 *
 * Conventions: ids are UUIDv7 strings; times are ISO 8601 UTC strings with milliseconds
 * (`Date.prototype.toISOString()`); amounts are canonical decimal strings (see ./decimal.ts).
 * Every domain record belongs to one organization and every method that reads or writes one
 * takes the organization id first: nothing crosses from one organization to another.
 */

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Organization {
  id: string;
  name: string;
  createdAt: string;
}

export interface User {
  id: string;
  organizationId: string;
  /** Stored lower-cased; unique across all organizations. */
  email: string;
  role: Role;
  disabled: boolean;
  /**
   * Bumped whenever the user's existing access tokens must stop working at once (role change,
   * disable, password change). Access tokens carry the version they were issued under.
   */
  tokenVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** Fields an admin or the user may change; `tokenVersion` is bumped by the caller when needed. */
export interface UserPatch {
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
  tokenVersion?: number;
}

export interface UserWithCredentials extends User {
  passwordHash: string;
}

export interface NewUser {
  organizationId: string;
  email: string;
  passwordHash: string;
  role: Role;
}

export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** A transaction as it is brought in, before anything is computed from it. */
export interface NewTransaction {
  chain: string;
  txId: string;
  timestamp: string;
  fromAddress: string;
  toAddress: string;
  amount: string;
  currency: string;
  direction: Direction;
  memo: string | null;
  fee: string;
  tags: string[];
}

export interface Transaction extends NewTransaction {
  id: string;
  organizationId: string;
  createdAt: string;
}

export interface PageRequest {
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string | undefined;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface IngestResult {
  /** Rows written by this call, in input order. */
  created: Transaction[];
  /** Rows the organization already held (same chain + txId), as stored, in input order. */
  duplicates: Transaction[];
}

export interface OrganizationRepository {
  create(input: { name: string }): Promise<Organization>;
  byId(id: string): Promise<Organization | null>;
  /** Throws `NotFoundError` when the organization does not exist. */
  update(id: string, patch: { name: string }): Promise<Organization>;
}

export interface UserRepository {
  /** Throws `ConflictError` when the email is taken. */
  create(input: NewUser): Promise<User>;
  /** Case-insensitive. */
  byEmail(email: string): Promise<UserWithCredentials | null>;
  byId(organizationId: string, id: string): Promise<User | null>;
  /** Oldest first (createdAt, then id). */
  list(organizationId: string, page: PageRequest): Promise<Page<User>>;
  /** Throws `NotFoundError` when the user is not in the organization. */
  update(organizationId: string, id: string, patch: UserPatch): Promise<User>;
  /** Admins of the organization who are not disabled. */
  countActiveAdmins(organizationId: string): Promise<number>;
}

export interface TransactionRepository {
  /**
   * Writes the rows the organization does not hold yet and reports the others. Throws
   * `ConflictError` (writing nothing) when one (chain, txId) appears twice in `items`.
   */
  ingest(organizationId: string, items: NewTransaction[]): Promise<IngestResult>;
  /** Newest first (timestamp, then id, descending); the cursor stays stable while rows arrive. */
  list(organizationId: string, page: PageRequest): Promise<Page<Transaction>>;
  byId(organizationId: string, id: string): Promise<Transaction | null>;
  /** Exact sum of `amount`, as a canonical decimal string ("0" when nothing matches). */
  volume(organizationId: string, filter?: { currency?: string }): Promise<string>;
}

// ---- Invitations -------------------------------------------------------------------------------

export interface Invitation {
  id: string;
  organizationId: string;
  /** Lower-cased; the address the invitation was made for. */
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

export interface NewInvitation {
  organizationId: string;
  email: string;
  role: Role;
  invitedBy: string;
  /** SHA-256 (hex) of the single-use token; the token itself is never stored. */
  tokenDigest: string;
  expiresAt: string;
}

export interface InvitationRepository {
  create(input: NewInvitation): Promise<Invitation>;
  /** Newest first. */
  list(organizationId: string): Promise<Invitation[]>;
  /** Across organizations: registration does not know the organization yet. */
  byTokenDigest(tokenDigest: string): Promise<Invitation | null>;
  /** Single use: true only for the one call that accepts a pending, unrevoked invitation. */
  markAccepted(id: string, at: string): Promise<boolean>;
  /** True when a pending invitation of the organization was revoked by this call. */
  revoke(organizationId: string, id: string, at: string): Promise<boolean>;
}

// ---- Refresh sessions ---------------------------------------------------------------------------

/** One sign-in: the family of refresh tokens that rotate from it. */
export interface SessionFamily {
  id: string;
  organizationId: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string;
  /** Absolute expiry; idle expiry is `lastUsedAt` + the idle TTL, checked by the service. */
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface RefreshTokenRecord {
  id: string;
  familyId: string;
  createdAt: string;
  /** When a successor was issued from this token; null while it is the newest of its line. */
  rotatedAt: string | null;
}

export interface SessionRepository {
  createFamily(input: {
    organizationId: string;
    userId: string;
    createdAt: string;
    expiresAt: string;
  }): Promise<SessionFamily>;
  /** `digest` is SHA-256 (hex) of the opaque token; the token itself is never stored. */
  addToken(input: {
    familyId: string;
    digest: string;
    createdAt: string;
  }): Promise<RefreshTokenRecord>;
  /** Across organizations (the token is all the caller has). */
  tokenByDigest(
    digest: string,
  ): Promise<{ token: RefreshTokenRecord; family: SessionFamily } | null>;
  /** Compare-and-set: true only for the one call that marks a not-yet-rotated token. */
  markRotated(tokenId: string, at: string): Promise<boolean>;
  touchFamily(familyId: string, at: string): Promise<void>;
  revokeFamily(familyId: string, at: string, reason: string): Promise<void>;
  /**
   * True when the family was revoked (logout, reuse, password change, disable). False for a live
   * family and for an id that names no family. One point read: the API asks it on every request
   * made with an access token.
   */
  isFamilyRevoked(familyId: string): Promise<boolean>;
  /** Revokes every live family of the user except `exceptFamilyId`; returns how many. */
  revokeAllForUser(
    organizationId: string,
    userId: string,
    at: string,
    reason: string,
    exceptFamilyId?: string,
  ): Promise<number>;
}

// ---- API keys -----------------------------------------------------------------------------------

export interface ApiKey {
  id: string;
  organizationId: string;
  createdBy: string;
  name: string;
  /** The recognisable, non-secret start of the key (shown in lists). */
  prefix: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiKey {
  organizationId: string;
  createdBy: string;
  name: string;
  prefix: string;
  /** SHA-256 (hex) of the whole key; the key itself is never stored. */
  digest: string;
  role: Role;
  expiresAt: string | null;
}

export interface ApiKeyRepository {
  create(input: NewApiKey): Promise<ApiKey>;
  /** Newest first, revoked ones included. */
  list(organizationId: string): Promise<ApiKey[]>;
  /** Across organizations (the key is all the caller has). */
  byDigest(digest: string): Promise<ApiKey | null>;
  /** True when a live key of the organization was revoked by this call. */
  revoke(organizationId: string, id: string, at: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
}

// ---- Audit log ----------------------------------------------------------------------------------

export type AuditOutcome = 'success' | 'failure';

/** What a caller records; the store adds the chain fields. Strings are already escaped. */
export interface NewAuditEntry {
  /** Null for events that belong to no organization (e.g. a failed login for an unknown email). */
  organizationId: string | null;
  timestamp: string;
  event: string;
  actor: string | null;
  target: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, string | number | boolean | null>;
}

export interface AuditEntry extends NewAuditEntry {
  id: string;
  /** 1, 2, 3… per organization chain (the null organization has a chain of its own). */
  seq: number;
  prevHash: string;
  /** SHA-256 (hex) of prevHash ‖ canonical JSON of the entry (see ./audit-hash.ts). */
  hash: string;
}

export interface AuditFilter {
  event?: string | undefined;
  actor?: string | undefined;
  /** Inclusive ISO bounds on `timestamp`. */
  from?: string | undefined;
  to?: string | undefined;
}

export type AuditVerification =
  | { ok: true; checked: number }
  | {
      ok: false;
      checked: number;
      /** The first entry that does not follow from the one before it. */
      brokenAt: { seq: number; id: string | null };
      reason: 'hash_mismatch' | 'chain_mismatch' | 'missing_entry';
    };

export interface AuditRepository {
  /**
   * Appends to the organization's chain. Concurrent appends never fork the chain (serialised per
   * organization; (organization, seq) is unique). Call it inside the unit of work of the change
   * it records.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first. */
  list(organizationId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
  /** Walks the whole chain in seq order without loading it all at once. */
  verify(organizationId: string | null): Promise<AuditVerification>;
}

export interface Repositories {
  organizations: OrganizationRepository;
  users: UserRepository;
  transactions: TransactionRepository;
  invitations: InvitationRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  audit: AuditRepository;
}

export type StoreKind = 'sqlite' | 'postgres' | 'memory';

/**
 * A connected store. `transaction` is the unit of work: every write made through the
 * repositories it hands to `work` lands together, or none does (when `work` throws).
 * Works the same on every store, including better-sqlite3's synchronous transactions.
 */
export interface Store extends Repositories {
  readonly kind: StoreKind;
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query; rejects otherwise (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
