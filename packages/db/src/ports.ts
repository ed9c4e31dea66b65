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
  /**
   * Who issued `currency` when it is an issued token (an XRPL issuing account): the same code
   * from two issuers is two assets. Null or absent for a chain's native asset (XRP) and for
   * sources that do not say.
   */
  issuer?: string | null | undefined;
  direction: Direction;
  memo: string | null;
  fee: string;
  tags: string[];
}

export const TRANSACTION_CATEGORIES = [
  'fee',
  'trade',
  'income',
  'transfer',
  'expense',
  'unknown',
] as const;
export type TransactionCategory = (typeof TRANSACTION_CATEGORIES)[number];

export const RISK_BUCKETS = ['low', 'medium', 'high'] as const;
export type RiskBucketName = (typeof RISK_BUCKETS)[number];

/** What the risk engine computed for a transaction. */
export interface TransactionScores {
  category: TransactionCategory;
  /** 0..1 with at most four decimals (stored exactly, as integer basis points). */
  riskScore: number;
  riskFlags: string[];
  riskBucket: RiskBucketName;
  /** The rule set that computed the scores; null for a row ingested without scores. */
  rulesetVersion: string | null;
}

/**
 * A transaction with its computed fields, as `ingest` writes it. `ingest` also takes a plain
 * `NewTransaction`: missing scores are stored as category 'unknown', score 0, bucket 'low',
 * no flags, ruleset version null (i.e. "not scored yet"; `updateScores` fills them in later).
 */
export type ScoredTransaction = NewTransaction & Partial<TransactionScores>;

export interface Transaction extends Omit<NewTransaction, 'issuer'>, TransactionScores {
  issuer: string | null;
  id: string;
  organizationId: string;
  createdAt: string;
}

export interface ScoreUpdate extends TransactionScores {
  id: string;
}

export const TRANSACTION_SORTS = [
  'timestamp_desc',
  'timestamp_asc',
  'amount_desc',
  'amount_asc',
  'risk_desc',
] as const;
export type TransactionSort = (typeof TRANSACTION_SORTS)[number];

/** Every field optional; the filters combine with AND. Bounds are inclusive. */
export interface TransactionFilter {
  /** Rows with this address on either side. */
  wallet?: string | undefined;
  direction?: Direction | undefined;
  category?: TransactionCategory | undefined;
  riskBucket?: RiskBucketName | undefined;
  /** ISO 8601 instants. */
  from?: string | undefined;
  to?: string | undefined;
  /** Decimal strings, compared exactly by value. */
  minAmount?: string | undefined;
  maxAmount?: string | undefined;
  /** Case-insensitive substring of the memo; `%` and `_` match themselves. */
  memo?: string | undefined;
}

export interface TransactionListRequest extends PageRequest {
  filter?: TransactionFilter | undefined;
  /** Default `timestamp_desc`. Ties are broken by id in the same direction. */
  sort?: TransactionSort | undefined;
}

/** One transaction the risk engine is about to score, identified by chain + txId. */
export interface HistoryProbe {
  chain: string;
  txId: string;
  fromAddress: string;
  toAddress: string;
  amount: string;
  currency: string;
  timestamp: string;
}

/** As defined by the risk engine (apps/api/src/risk/types.ts `HistoryFacts`). */
export interface HistoryFactsRecord {
  senderPriorCount: number;
  senderPriorMedian: string | null;
  sameAmountDistinctRecipients24h: number;
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
   * Items without scores get the defaults described at `ScoredTransaction`.
   */
  ingest(organizationId: string, items: ScoredTransaction[]): Promise<IngestResult>;
  /**
   * Filtered and sorted (newest first by default); the cursor stays stable while rows arrive and
   * belongs to its sort: a cursor of another sort throws `InvalidCursorError`.
   */
  list(organizationId: string, page: TransactionListRequest): Promise<Page<Transaction>>;
  /** Re-scoring: sets the computed fields of the organization's rows; returns how many changed. */
  updateScores(organizationId: string, updates: ScoreUpdate[]): Promise<number>;
  /** The history facts of each probe, in input order, computed in the database for the batch. */
  historyFacts(organizationId: string, items: HistoryProbe[]): Promise<HistoryFactsRecord[]>;
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

// ---- Address labels -----------------------------------------------------------------------------

export const ADDRESS_LABEL_KINDS = [
  'sanctioned',
  'mixer',
  'exchange',
  'gambling',
  'darknet',
  'other',
] as const;
export type AddressLabelKind = (typeof ADDRESS_LABEL_KINDS)[number];

export interface NewAddressLabel {
  chain: string;
  address: string;
  label: AddressLabelKind;
  /** Where the label comes from, e.g. "OFAC SDN 2026-11-20". */
  source: string;
}

export interface AddressLabelRecord extends NewAddressLabel {
  id: string;
  organizationId: string;
  createdAt: string;
}

export interface AddressLabelFilter {
  chain?: string | undefined;
  address?: string | undefined;
  label?: AddressLabelKind | undefined;
}

export interface LabelRepository {
  /**
   * All or nothing: one bad row throws `InvalidInputError` (naming it) and writes nothing. A row
   * whose (chain, address, label) is already held updates its source; repeats within `rows`
   * count once (the last one wins).
   */
  importMany(
    organizationId: string,
    rows: NewAddressLabel[],
  ): Promise<{ created: number; updated: number }>;
  /** Newest first (createdAt, then id). */
  list(
    organizationId: string,
    page: PageRequest,
    filter?: AddressLabelFilter,
  ): Promise<Page<AddressLabelRecord>>;
  /** The label of the organization this call removed, as it was; null when there was none. */
  remove(organizationId: string, id: string): Promise<AddressLabelRecord | null>;
  /** Every label on any of `addresses` on `chain`, in one query. */
  forAddresses(
    organizationId: string,
    chain: string,
    addresses: string[],
  ): Promise<AddressLabelRecord[]>;
}

// ---- Watched wallets and user settings ------------------------------------------------------------

/** A wallet a user watches; (chain, address) is unique per user. */
export interface Wallet {
  id: string;
  organizationId: string;
  userId: string;
  chain: string;
  address: string;
  label: string | null;
  createdAt: string;
}

export interface NewWallet {
  chain: string;
  address: string;
  /** Omitted or null: no label. */
  label?: string | null | undefined;
}

/** One user watching one address (of the chain asked about). */
export interface Watcher {
  address: string;
  userId: string;
}

export interface WalletRepository {
  /** The user's wallets, oldest first (createdAt, then id); [] for an unknown user. */
  list(organizationId: string, userId: string): Promise<Wallet[]>;
  /**
   * Throws `ConflictError` when the user already watches (chain, address), `NotFoundError` when
   * the user is not in the organization, `InvalidInputError` for an empty or over-long field.
   */
  add(organizationId: string, userId: string, input: NewWallet): Promise<Wallet>;
  /** True when a wallet of this user (in this organization) was removed by this call. */
  remove(organizationId: string, userId: string, id: string): Promise<boolean>;
  /**
   * Which users of the organization watch which of these addresses on the chain, by address then
   * user id; addresses nobody watches are left out. Scoring asks it for a batch's parties (a
   * transfer between two wallets one user watches is internal), in one query per chain.
   */
  watchers(organizationId: string, chain: string, addresses: readonly string[]): Promise<Watcher[]>;
}

/** The time range a user sees when they never chose one. */
export const DEFAULT_TIME_RANGE_DAYS = 30;
export const MAX_TIME_RANGE_DAYS = 3650;

export interface UserSettings {
  /** 0..1 with at most four decimals (stored as basis points); null = the application default. */
  riskThreshold: number | null;
  /** 1..3650; `DEFAULT_TIME_RANGE_DAYS` until the user chooses. */
  timeRangeDays: number;
}

/** Omitted fields keep their value; `riskThreshold: null` goes back to the application default. */
export interface UserSettingsPatch {
  riskThreshold?: number | null | undefined;
  timeRangeDays?: number | undefined;
}

export interface SettingsRepository {
  /** The defaults until the user changes something; `NotFoundError` when the user is not in the organization. */
  get(organizationId: string, userId: string): Promise<UserSettings>;
  /** Returns the new settings. `InvalidInputError` for a value out of range; `NotFoundError` as `get`. */
  update(organizationId: string, userId: string, patch: UserSettingsPatch): Promise<UserSettings>;
}

// ---- Alerts (worked as cases) --------------------------------------------------------------------

export const ALERT_STATUSES = ['open', 'investigating', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_OUTCOMES = ['false_positive', 'escalated', 'reported'] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];

/** Raised when a transaction's score reaches its owner's threshold, in the ingest's unit of work. */
export interface NewAlert {
  transactionId: string;
  /** The user whose threshold raised it (the ingesting user); null for an ingest without one. */
  ownerUserId: string | null;
  /** The threshold in force, 0..1 (four decimals, like scores). */
  threshold: number;
  /** Copied from the transaction when the alert was raised (a later re-score does not rewrite it). */
  riskScore: number;
  riskBucket: RiskBucketName;
  riskFlags: string[];
  /** When it was raised (the ingest's clock); the "time" alert lists filter on. */
  createdAt: string;
}

/**
 * What an alert shows of its transaction: which payment it is, between whom, how much and when.
 * Read with the alert (a join on the organization's transactions; the memory store looks it up),
 * never copied into it; none of these fields changes after ingest.
 */
export interface AlertTransactionSummary {
  txId: string;
  chain: string;
  /** The transaction's own time (not when the alert was raised). */
  timestamp: string;
  fromAddress: string;
  toAddress: string;
  /** Canonical decimal string. */
  amount: string;
  currency: string;
  /** 'out': the counterparty is `toAddress`; 'in': `fromAddress`. */
  direction: Direction;
}

export interface Alert extends NewAlert {
  /** UUIDv7: ordered by creation, so it is also the subscription's resume position. */
  id: string;
  organizationId: string;
  /** The transaction `transactionId` names, summarised; every read and write returns it. */
  transaction: AlertTransactionSummary;
  status: AlertStatus;
  /** Set when, and only when, status is 'closed'. */
  outcome: AlertOutcome | null;
  assigneeId: string | null;
  updatedAt: string;
  closedAt: string | null;
  /** 1 at creation, +1 per change: the compare-and-set token of `update`. */
  version: number;
}

export const ALERT_EVENT_KINDS = ['created', 'assigned', 'status_changed', 'commented'] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

/** One line of a case's history: who changed what, and when. */
export interface AlertEvent {
  id: string;
  alertId: string;
  organizationId: string;
  kind: AlertEventKind;
  /** Null for 'created' (raised by the system). */
  actorId: string | null;
  at: string;
  /**
   * 'assigned': { from: userId | null, to: userId | null }; 'status_changed': { from, to, outcome };
   * 'commented': { body }; 'created': { score, threshold }.
   */
  details: Record<string, string | number | null>;
}

export interface AlertFilter {
  status?: AlertStatus | undefined;
  /** A user id, or null for unassigned alerts. */
  assigneeId?: string | null | undefined;
  riskBucket?: RiskBucketName | undefined;
  /** Inclusive ISO bounds on `createdAt`. */
  from?: string | undefined;
  to?: string | undefined;
}

/** Someone an alert may be assigned to: an active (not disabled) analyst or admin. */
export interface AlertAssignee {
  id: string;
  /** Lower-cased, as stored. */
  email: string;
  role: Exclude<Role, 'viewer'>;
}

/** Omitted fields keep their value. */
export interface AlertPatch {
  status?: AlertStatus | undefined;
  outcome?: AlertOutcome | null | undefined;
  assigneeId?: string | null | undefined;
}

export interface AlertRepository {
  /**
   * Writes the alerts and a 'created' event each; call it in the ingest's unit of work. A
   * transaction has at most one alert: items for a transaction that already has one (a re-score)
   * are skipped. Returns the alerts written, in input order.
   */
  createMany(organizationId: string, alerts: NewAlert[]): Promise<Alert[]>;
  /** Newest first (id descending); cursor pagination stable while alerts arrive. */
  list(organizationId: string, filter: AlertFilter, page: PageRequest): Promise<Page<Alert>>;
  byId(organizationId: string, id: string): Promise<Alert | null>;
  /**
   * Compare-and-set on `expectedVersion`: applies the patch, bumps version and updatedAt (= event.at;
   * closedAt = event.at when status becomes 'closed', null when it leaves it) and appends `event`
   * in one step. Throws `ConflictError` when the version moved on, `NotFoundError` for an alert
   * the organization does not hold.
   */
  update(
    organizationId: string,
    id: string,
    expectedVersion: number,
    patch: AlertPatch,
    event: Omit<AlertEvent, 'id' | 'alertId' | 'organizationId'>,
  ): Promise<Alert>;
  /** Appends a history line without changing the alert (comments); `NotFoundError` as `update`. */
  addEvent(
    organizationId: string,
    id: string,
    event: Omit<AlertEvent, 'id' | 'alertId' | 'organizationId'>,
  ): Promise<AlertEvent>;
  /** The case history, oldest first. */
  history(organizationId: string, id: string): Promise<AlertEvent[]>;
  /** Alerts created after the one with id `afterId` (id ascending), at most `limit`: resuming a feed. */
  since(organizationId: string, afterId: string, limit: number): Promise<Alert[]>;
  /**
   * The organization's members alerts may be assigned to (active analysts and admins), by email
   * (code point order); the cursor is the last email, so paging is stable while members change.
   */
  assignees(organizationId: string, page: PageRequest): Promise<Page<AlertAssignee>>;
}

// ---- Analytics ----------------------------------------------------------------------------------

export interface AnalyticsRange {
  /** Inclusive ISO bounds on the transaction timestamp. */
  from: string;
  to: string;
  /** Only this currency (volumes are always per currency). */
  currency?: string | undefined;
  /** How many top risk addresses to return (default 10). */
  topAddresses?: number | undefined;
}

export interface BucketCounts {
  low: number;
  medium: number;
  high: number;
}

export interface AnalyticsSummaryRecord {
  count: number;
  /** Exact sums per currency, largest count first. */
  volumes: { currency: string; count: number; volume: string }[];
  /** Mean risk score, 0..1 rounded to four decimals; 0 with no rows. */
  averageRisk: number;
  buckets: BucketCounts;
  /** One entry per UTC day that has rows, oldest first; day is YYYY-MM-DD. */
  daily: ({ day: string; count: number; averageRisk: number } & BucketCounts)[];
  /** Most frequent first. */
  categories: { category: TransactionCategory; count: number }[];
  /**
   * Counterparty addresses (either side) with the highest maximum score, then average score,
   * then count; each with those numbers.
   */
  topRiskAddresses: { address: string; count: number; maxRisk: number; averageRisk: number }[];
  /** Rows flagged amount_anomaly or structured_layering, over count; 0 with no rows. */
  anomalyShare: number;
}

export interface AnalyticsRepository {
  /** Aggregated in the database (a fixed number of queries), never by loading the rows. */
  summary(organizationId: string, range: AnalyticsRange): Promise<AnalyticsSummaryRecord>;
  /** How many transactions have a timestamp in [from, to] (inclusive ISO bounds), in one query. */
  count(organizationId: string, range: Pick<AnalyticsRange, 'from' | 'to'>): Promise<number>;
}

// ---- Background jobs ------------------------------------------------------------------------------

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  id: string;
  organizationId: string;
  /** e.g. 'rescore'. */
  kind: string;
  status: JobStatus;
  /** What the job was asked to do (e.g. the time range), as plain JSON values. */
  params: Record<string, string | number | boolean | null>;
  /** Rows done and rows to do; total null until known. */
  processed: number;
  total: number | null;
  /** What the job produced (e.g. how many scores changed), once it ends. */
  result: Record<string, string | number | boolean | null> | null;
  /** A safe, user-facing message when it failed. */
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface JobRepository {
  create(input: {
    organizationId: string;
    kind: string;
    params: Job['params'];
    createdBy: string | null;
    createdAt: string;
  }): Promise<Job>;
  byId(organizationId: string, id: string): Promise<Job | null>;
  /** Newest first. */
  list(organizationId: string, page: PageRequest, filter?: { kind?: string }): Promise<Page<Job>>;
  /** Sets the given fields and updatedAt; `NotFoundError` for an unknown job. */
  update(
    organizationId: string,
    id: string,
    patch: Partial<
      Pick<Job, 'status' | 'processed' | 'total' | 'result' | 'error' | 'finishedAt'>
    > & {
      updatedAt: string;
    },
  ): Promise<Job>;
  /**
   * Across organizations: every queued or running job whose `updatedAt` (its runner's heartbeat)
   * is before `staleBefore` becomes failed with `error` (finishedAt = updatedAt = `at`). Returns
   * how many. What an instance runs at start and periodically, for jobs of an instance that died.
   */
  failStale(staleBefore: string, at: string, error: string): Promise<number>;
}

export interface Repositories {
  organizations: OrganizationRepository;
  users: UserRepository;
  transactions: TransactionRepository;
  invitations: InvitationRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  audit: AuditRepository;
  labels: LabelRepository;
  wallets: WalletRepository;
  settings: SettingsRepository;
  alerts: AlertRepository;
  analytics: AnalyticsRepository;
  jobs: JobRepository;
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
