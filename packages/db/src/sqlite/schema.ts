/**
 * SQLite tables. Times are integer epoch milliseconds; amounts are TEXT holding the canonical
 * decimal string (summed exactly by the `decimal_sum` aggregate registered on each connection);
 * tags are a JSON array in TEXT. Ids are UUIDv7 strings made in TypeScript.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

export const organizations = sqliteTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** Lower-cased before it is written, so the unique index is case-insensitive. */
    email: text('email').notNull(),
    role: text('role', { enum: ['viewer', 'analyst', 'admin'] }).notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    tokenVersion: integer('token_version').notNull().default(0),
    passwordHash: text('password_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(table.email),
    // The target of the (organization_id, user) foreign keys: a user is referenced within its organization only.
    uniqueIndex('users_organization_id_unique').on(table.organizationId, table.id),
    index('users_organization_list_idx').on(table.organizationId, table.createdAt, table.id),
    check('users_role_check', sql`role in ('viewer', 'analyst', 'admin')`),
  ],
);

export const transactions = sqliteTable(
  'transactions',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    chain: text('chain').notNull(),
    txId: text('tx_id').notNull(),
    timestamp: integer('timestamp').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    amount: text('amount').notNull(),
    currency: text('currency').notNull(),
    /** The issuing account of an issued token; null for a native asset (migration 0007). */
    issuer: text('issuer'),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    memo: text('memo'),
    fee: text('fee').notNull(),
    tags: text('tags', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    createdAt: integer('created_at').notNull(),
    /**
     * `decimalSortKey(amount)`: byte order = numeric order, so amount ranges and sorts are exact
     * and indexed. Filled by the `decimal_sort_key` function when migration 0002 added it.
     */
    amountKey: text('amount_key').notNull().default(''),
    category: text('category', {
      enum: ['fee', 'trade', 'income', 'transfer', 'expense', 'unknown'],
    })
      .notNull()
      .default('unknown'),
    /** Integer basis points (score × 10000, 0..10000): exact, and sorts as numbers. */
    riskScore: integer('risk_score').notNull().default(0),
    riskFlags: text('risk_flags', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    riskBucket: text('risk_bucket', { enum: ['low', 'medium', 'high'] })
      .notNull()
      .default('low'),
    rulesetVersion: text('ruleset_version'),
  },
  (table) => [
    uniqueIndex('transactions_organization_chain_tx_unique').on(
      table.organizationId,
      table.chain,
      table.txId,
    ),
    // Serves "newest first" (timestamp desc, id desc) by a backward scan.
    index('transactions_organization_list_idx').on(table.organizationId, table.timestamp, table.id),
    // History facts: the sender's earlier rows in one currency.
    index('transactions_sender_history_idx').on(
      table.organizationId,
      table.fromAddress,
      table.currency,
      table.chain,
      table.timestamp,
    ),
    // History facts by amount: a bucket's rows in order, and one amount's rows within 24 h.
    index('transactions_sender_amount_idx').on(
      table.organizationId,
      table.fromAddress,
      table.currency,
      table.chain,
      table.amountKey,
      table.timestamp,
    ),
    // The wallet filter matches either side: the sender index above serves from_address.
    index('transactions_recipient_idx').on(table.organizationId, table.toAddress, table.timestamp),
    index('transactions_amount_idx').on(table.organizationId, table.amountKey, table.id),
    index('transactions_risk_idx').on(table.organizationId, table.riskScore, table.id),
    index('transactions_bucket_idx').on(
      table.organizationId,
      table.riskBucket,
      table.timestamp,
      table.id,
    ),
    check('transactions_direction_check', sql`direction in ('in', 'out')`),
    check(
      'transactions_category_check',
      sql`category in ('fee', 'trade', 'income', 'transfer', 'expense', 'unknown')`,
    ),
    check('transactions_risk_score_check', sql`risk_score between 0 and 10000`),
    check('transactions_risk_bucket_check', sql`risk_bucket in ('low', 'medium', 'high')`),
  ],
);

/**
 * How many of a sender's transactions (per currency and chain) fall in each amount bucket: the
 * sort keys that agree up to the second significant digit (history-buckets.ts). Kept by triggers
 * on `transactions` (migration 0005), read to find a long history's median without loading it.
 */
export const senderAmountBuckets = sqliteTable(
  'sender_amount_buckets',
  {
    organizationId: text('organization_id').notNull(),
    fromAddress: text('from_address').notNull(),
    currency: text('currency').notNull(),
    chain: text('chain').notNull(),
    bucket: text('bucket').notNull(),
    rowCount: integer('row_count').notNull(),
    /** The smallest and largest `amount_key` counted (equal: every amount in it is the same). */
    minAmountKey: text('min_amount_key').notNull(),
    maxAmountKey: text('max_amount_key').notNull(),
  },
  (table) => [
    primaryKey({
      columns: [table.organizationId, table.fromAddress, table.currency, table.chain, table.bucket],
    }),
  ],
);

export const addressLabels = sqliteTable(
  'address_labels',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    chain: text('chain').notNull(),
    address: text('address').notNull(),
    label: text('label', {
      enum: ['sanctioned', 'mixer', 'exchange', 'gambling', 'darknet', 'other'],
    }).notNull(),
    source: text('source').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    // Also serves `forAddresses` (organization, chain, address IN …).
    uniqueIndex('address_labels_unique').on(
      table.organizationId,
      table.chain,
      table.address,
      table.label,
    ),
    index('address_labels_list_idx').on(table.organizationId, table.createdAt, table.id),
    check(
      'address_labels_label_check',
      sql`label in ('sanctioned', 'mixer', 'exchange', 'gambling', 'darknet', 'other')`,
    ),
  ],
);

export const wallets = sqliteTable(
  'wallets',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: text('user_id').notNull(),
    chain: text('chain').notNull(),
    address: text('address').notNull(),
    label: text('label'),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('wallets_user_address_unique').on(
      table.organizationId,
      table.userId,
      table.chain,
      table.address,
    ),
    // Scoring asks who watches a batch's parties (internal transfers): by address, any user.
    index('wallets_address_idx').on(table.organizationId, table.chain, table.address),
    foreignKey({
      name: 'wallets_user_fk',
      columns: [table.organizationId, table.userId],
      foreignColumns: [users.organizationId, users.id],
    }),
  ],
);

/** One row per user who changed a setting; a missing row means the defaults. */
export const userSettings = sqliteTable(
  'user_settings',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: text('user_id').notNull(),
    /** Basis points (threshold × 10000); null = the organization's / app's default. */
    riskThreshold: integer('risk_threshold'),
    timeRangeDays: integer('time_range_days').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.organizationId, table.userId] }),
    foreignKey({
      name: 'user_settings_user_fk',
      columns: [table.organizationId, table.userId],
      foreignColumns: [users.organizationId, users.id],
    }),
    check('user_settings_risk_threshold_check', sql`risk_threshold between 0 and 10000`),
  ],
);

export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    role: text('role', { enum: ['viewer', 'analyst', 'admin'] }).notNull(),
    invitedBy: text('invited_by').notNull(),
    /** SHA-256 hex of the single-use token. */
    tokenDigest: text('token_digest').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    acceptedAt: integer('accepted_at'),
    revokedAt: integer('revoked_at'),
  },
  (table) => [
    uniqueIndex('invitations_token_digest_unique').on(table.tokenDigest),
    foreignKey({
      name: 'invitations_invited_by_fk',
      columns: [table.organizationId, table.invitedBy],
      foreignColumns: [users.organizationId, users.id],
    }),
    index('invitations_organization_list_idx').on(table.organizationId, table.createdAt, table.id),
    check('invitations_role_check', sql`role in ('viewer', 'analyst', 'admin')`),
  ],
);

export const sessionFamilies = sqliteTable(
  'session_families',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: text('user_id').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (table) => [
    index('session_families_user_idx').on(table.organizationId, table.userId),
    foreignKey({
      name: 'session_families_user_fk',
      columns: [table.organizationId, table.userId],
      foreignColumns: [users.organizationId, users.id],
    }),
  ],
);

export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    familyId: text('family_id')
      .notNull()
      .references(() => sessionFamilies.id),
    /** SHA-256 hex of the opaque token. */
    digest: text('digest').notNull(),
    createdAt: integer('created_at').notNull(),
    rotatedAt: integer('rotated_at'),
  },
  (table) => [
    uniqueIndex('refresh_tokens_digest_unique').on(table.digest),
    index('refresh_tokens_family_idx').on(table.familyId),
  ],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: text('created_by').notNull(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    /** SHA-256 hex of the whole key. */
    digest: text('digest').notNull(),
    role: text('role', { enum: ['viewer', 'analyst', 'admin'] }).notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at'),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (table) => [
    uniqueIndex('api_keys_digest_unique').on(table.digest),
    foreignKey({
      name: 'api_keys_created_by_fk',
      columns: [table.organizationId, table.createdBy],
      foreignColumns: [users.organizationId, users.id],
    }),
    index('api_keys_organization_list_idx').on(table.organizationId, table.createdAt, table.id),
    check('api_keys_role_check', sql`role in ('viewer', 'analyst', 'admin')`),
  ],
);

/** Append-only; one hash chain per organization (and one for entries of no organization). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').references(() => organizations.id),
    seq: integer('seq').notNull(),
    timestamp: integer('timestamp').notNull(),
    event: text('event').notNull(),
    actor: text('actor'),
    target: text('target'),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    /** A JSON object of primitives. */
    details: text('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    // SQLite treats NULLs as distinct in a unique index: coalesce so the null chain is unique too.
    uniqueIndex('audit_log_chain_seq_unique').on(
      sql`coalesce(${table.organizationId}, 'system')`,
      table.seq,
    ),
    index('audit_log_event_idx').on(table.organizationId, table.event, table.seq),
    index('audit_log_actor_idx').on(table.organizationId, table.actor, table.seq),
    index('audit_log_timestamp_idx').on(table.organizationId, table.timestamp),
    check('audit_log_outcome_check', sql`outcome in ('success', 'failure')`),
  ],
);

/**
 * The last entry of each chain. Appends update it in the same transaction, so a deleted last
 * entry still shows as missing when the chain is verified.
 */
export const auditChainHeads = sqliteTable('audit_chain_heads', {
  /** The organization id, or `system` for the chain of no organization. */
  chainKey: text('chain_key').primaryKey(),
  organizationId: text('organization_id').references(() => organizations.id),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

/**
 * Alerts worked as cases: at most one per transaction. Scores and the threshold are basis points
 * like `transactions.risk_score`; they are copied when the alert is raised, so a re-score does not
 * rewrite them. Users are referenced within the organization (assignee, owner).
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    transactionId: text('transaction_id')
      .notNull()
      .references(() => transactions.id),
    ownerUserId: text('owner_user_id'),
    threshold: integer('threshold').notNull(),
    riskScore: integer('risk_score').notNull(),
    riskBucket: text('risk_bucket', { enum: ['low', 'medium', 'high'] }).notNull(),
    riskFlags: text('risk_flags', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    status: text('status', { enum: ['open', 'investigating', 'closed'] })
      .notNull()
      .default('open'),
    outcome: text('outcome', { enum: ['false_positive', 'escalated', 'reported'] }),
    assigneeId: text('assignee_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    closedAt: integer('closed_at'),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('alerts_transaction_unique').on(table.organizationId, table.transactionId),
    // Newest first (id descending) by a backward scan; also the target of alert_events' key.
    uniqueIndex('alerts_organization_id_unique').on(table.organizationId, table.id),
    index('alerts_status_idx').on(table.organizationId, table.status, table.id),
    index('alerts_assignee_idx').on(table.organizationId, table.assigneeId, table.id),
    index('alerts_bucket_idx').on(table.organizationId, table.riskBucket, table.id),
    foreignKey({
      name: 'alerts_owner_user_fk',
      columns: [table.organizationId, table.ownerUserId],
      foreignColumns: [users.organizationId, users.id],
    }),
    foreignKey({
      name: 'alerts_assignee_fk',
      columns: [table.organizationId, table.assigneeId],
      foreignColumns: [users.organizationId, users.id],
    }),
    check('alerts_threshold_check', sql`threshold between 0 and 10000`),
    check('alerts_risk_score_check', sql`risk_score between 0 and 10000`),
    check('alerts_risk_bucket_check', sql`risk_bucket in ('low', 'medium', 'high')`),
    check('alerts_status_check', sql`status in ('open', 'investigating', 'closed')`),
    check(
      'alerts_outcome_check',
      sql`outcome is null or outcome in ('false_positive', 'escalated', 'reported')`,
    ),
    // An outcome and a closing time exactly when closed.
    check(
      'alerts_closed_check',
      sql`(status = 'closed') = (outcome is not null) and (status = 'closed') = (closed_at is not null)`,
    ),
    check('alerts_version_check', sql`version >= 1`),
  ],
);

/** A case's history, append-only. `actor_id` is who acted as the API names them (null: the system). */
export const alertEvents = sqliteTable(
  'alert_events',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    alertId: text('alert_id').notNull(),
    kind: text('kind', {
      enum: ['created', 'assigned', 'status_changed', 'commented'],
    }).notNull(),
    actorId: text('actor_id'),
    at: integer('at').notNull(),
    /** A JSON object of strings, numbers and nulls. */
    details: text('details', { mode: 'json' })
      .$type<Record<string, string | number | null>>()
      .notNull(),
  },
  (table) => [
    index('alert_events_alert_idx').on(table.organizationId, table.alertId, table.id),
    foreignKey({
      name: 'alert_events_alert_fk',
      columns: [table.organizationId, table.alertId],
      foreignColumns: [alerts.organizationId, alerts.id],
    }),
    check(
      'alert_events_kind_check',
      sql`kind in ('created', 'assigned', 'status_changed', 'commented')`,
    ),
  ],
);

/**
 * Background jobs (re-scoring): progress and outcome, polled by the console. `updated_at` doubles
 * as the runner's heartbeat: a queued or running job whose heartbeat goes stale was abandoned.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind').notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull(),
    /** A JSON object of strings, numbers, booleans and nulls. */
    params: text('params', { mode: 'json' })
      .$type<Record<string, string | number | boolean | null>>()
      .notNull(),
    processed: integer('processed').notNull().default(0),
    total: integer('total'),
    result: text('result', { mode: 'json' }).$type<
      Record<string, string | number | boolean | null>
    >(),
    error: text('error'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (table) => [
    index('jobs_organization_list_idx').on(table.organizationId, table.createdAt, table.id),
    // The stale-job sweep: unfinished jobs by heartbeat.
    index('jobs_status_idx').on(table.status, table.updatedAt),
    foreignKey({
      name: 'jobs_created_by_fk',
      columns: [table.organizationId, table.createdBy],
      foreignColumns: [users.organizationId, users.id],
    }),
    check('jobs_status_check', sql`status in ('queued', 'running', 'succeeded', 'failed')`),
    check('jobs_progress_check', sql`processed >= 0 and (total is null or total >= 0)`),
  ],
);
