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
  createdAt: string;
  updatedAt: string;
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
}

export interface UserRepository {
  /** Throws `ConflictError` when the email is taken. */
  create(input: NewUser): Promise<User>;
  /** Case-insensitive. */
  byEmail(email: string): Promise<UserWithCredentials | null>;
  byId(organizationId: string, id: string): Promise<User | null>;
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

export interface Repositories {
  organizations: OrganizationRepository;
  users: UserRepository;
  transactions: TransactionRepository;
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
