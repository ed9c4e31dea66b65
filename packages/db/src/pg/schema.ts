/**
 * PostgreSQL tables. Times are timestamptz with millisecond precision; amounts are unconstrained
 * `numeric` (exact, summed exactly by `sum`), read back as canonical decimal strings; tags are
 * `text[]`. Ids are UUIDv7 made in TypeScript, stored as `uuid`.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamptz = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamptz('created_at').notNull(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    /** Lower-cased before it is written, so the unique index is case-insensitive. */
    email: text('email').notNull(),
    role: text('role', { enum: ['viewer', 'analyst', 'admin'] }).notNull(),
    disabled: boolean('disabled').notNull().default(false),
    tokenVersion: integer('token_version').notNull().default(0),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(table.email),
    // The target of the (organization_id, user) foreign keys: a user is referenced within its organization only.
    uniqueIndex('users_organization_id_unique').on(table.organizationId, table.id),
    index('users_organization_list_idx').on(table.organizationId, table.createdAt, table.id),
    check('users_role_check', sql`role in ('viewer', 'analyst', 'admin')`),
  ],
);

export const transactions = pgTable(
  'transactions',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    chain: text('chain').notNull(),
    txId: text('tx_id').notNull(),
    timestamp: timestamptz('timestamp').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    amount: numeric('amount').notNull(),
    currency: text('currency').notNull(),
    /** The issuing account of an issued token; null for a native asset (migration 0007). */
    issuer: text('issuer'),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    memo: text('memo'),
    fee: numeric('fee').notNull(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamptz('created_at').notNull(),
    category: text('category', {
      enum: ['fee', 'trade', 'income', 'transfer', 'expense', 'unknown'],
    })
      .notNull()
      .default('unknown'),
    /** Integer basis points (score × 10000, 0..10000): exact, and sorts as numbers. */
    riskScore: integer('risk_score').notNull().default(0),
    riskFlags: text('risk_flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
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
      table.amount,
      table.timestamp,
    ),
    // The wallet filter matches either side: the sender index above serves from_address.
    index('transactions_recipient_idx').on(table.organizationId, table.toAddress, table.timestamp),
    index('transactions_amount_idx').on(table.organizationId, table.amount, table.id),
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
 * How many of a sender's transactions (per currency and chain) fall in each amount bucket
 * (`klerno_amount_bucket(amount)`: the amounts that agree up to the second significant digit,
 * history-buckets.ts). Kept by statement triggers on `transactions` (migration 0005), read to
 * find a long history's median without loading it.
 */
export const senderAmountBuckets = pgTable(
  'sender_amount_buckets',
  {
    organizationId: uuid('organization_id').notNull(),
    fromAddress: text('from_address').notNull(),
    currency: text('currency').notNull(),
    chain: text('chain').notNull(),
    bucket: text('bucket').notNull(),
    rowCount: integer('row_count').notNull(),
    /** The smallest and largest amounts counted (equal: every amount in it is the same). */
    minAmount: numeric('min_amount').notNull(),
    maxAmount: numeric('max_amount').notNull(),
  },
  (table) => [
    primaryKey({
      columns: [table.organizationId, table.fromAddress, table.currency, table.chain, table.bucket],
    }),
  ],
);

export const addressLabels = pgTable(
  'address_labels',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    chain: text('chain').notNull(),
    address: text('address').notNull(),
    label: text('label', {
      enum: ['sanctioned', 'mixer', 'exchange', 'gambling', 'darknet', 'other'],
    }).notNull(),
    source: text('source').notNull(),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [
    // Also serves `forAddresses` (organization, chain, address = any(…)).
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

export const wallets = pgTable(
  'wallets',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id').notNull(),
    chain: text('chain').notNull(),
    address: text('address').notNull(),
    label: text('label'),
    createdAt: timestamptz('created_at').notNull(),
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
export const userSettings = pgTable(
  'user_settings',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id').notNull(),
    /** Basis points (threshold × 10000); null = the organization's / app's default. */
    riskThreshold: integer('risk_threshold'),
    timeRangeDays: integer('time_range_days').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
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

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    email: text('email').notNull(),
    role: text('role', { enum: ['viewer', 'analyst', 'admin'] }).notNull(),
    invitedBy: uuid('invited_by').notNull(),
    /** SHA-256 hex of the single-use token. */
    tokenDigest: text('token_digest').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    acceptedAt: timestamptz('accepted_at'),
    revokedAt: timestamptz('revoked_at'),
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

export const sessionFamilies = pgTable(
  'session_families',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    lastUsedAt: timestamptz('last_used_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
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

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    familyId: uuid('family_id')
      .notNull()
      .references(() => sessionFamilies.id),
    /** SHA-256 hex of the opaque token. */
    digest: text('digest').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    rotatedAt: timestamptz('rotated_at'),
  },
  (table) => [
    uniqueIndex('refresh_tokens_digest_unique').on(table.digest),
    index('refresh_tokens_family_idx').on(table.familyId),
  ],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid('created_by').notNull(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    /** SHA-256 hex of the whole key. */
    digest: text('digest').notNull(),
    role: text('role', { enum: ['viewer', 'analyst', 'admin'] }).notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at'),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
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

export type AuditDetailsColumn = Record<string, string | number | boolean | null>;

/** Append-only; one hash chain per organization (and one for entries of no organization). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    seq: integer('seq').notNull(),
    timestamp: timestamptz('timestamp').notNull(),
    event: text('event').notNull(),
    actor: text('actor'),
    target: text('target'),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    details: jsonb('details').$type<AuditDetailsColumn>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    // NULLS NOT DISTINCT: the chain of no organization is unique per seq too.
    unique('audit_log_chain_seq_unique').on(table.organizationId, table.seq).nullsNotDistinct(),
    index('audit_log_event_idx').on(table.organizationId, table.event, table.seq),
    index('audit_log_actor_idx').on(table.organizationId, table.actor, table.seq),
    index('audit_log_timestamp_idx').on(table.organizationId, table.timestamp),
    check('audit_log_outcome_check', sql`outcome in ('success', 'failure')`),
  ],
);

/**
 * The last entry of each chain, locked by every append (the row lock serialises writers of one
 * chain across connections and API instances), so a deleted last entry still shows as missing.
 */
export const auditChainHeads = pgTable('audit_chain_heads', {
  /** The organization id, or `system` for the chain of no organization. */
  chainKey: text('chain_key').primaryKey(),
  organizationId: uuid('organization_id').references(() => organizations.id),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

export type AlertEventDetailsColumn = Record<string, string | number | null>;

/**
 * Alerts worked as cases: at most one per transaction. Scores and the threshold are basis points
 * like `transactions.risk_score`; they are copied when the alert is raised, so a re-score does not
 * rewrite them. Users are referenced within the organization (assignee, owner).
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => transactions.id),
    ownerUserId: uuid('owner_user_id'),
    threshold: integer('threshold').notNull(),
    riskScore: integer('risk_score').notNull(),
    riskBucket: text('risk_bucket', { enum: ['low', 'medium', 'high'] }).notNull(),
    riskFlags: text('risk_flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status', { enum: ['open', 'investigating', 'closed'] })
      .notNull()
      .default('open'),
    outcome: text('outcome', { enum: ['false_positive', 'escalated', 'reported'] }),
    assigneeId: uuid('assignee_id'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    closedAt: timestamptz('closed_at'),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('alerts_transaction_unique').on(table.organizationId, table.transactionId),
    // Ascending indexes: a backward scan serves `order by id desc` (an index on `id desc nulls
    // last` would not: the query's order is `desc nulls first`). The first one is a constraint,
    // created with the table, so that alert_events' key can refer to it.
    unique('alerts_organization_id_unique').on(table.organizationId, table.id),
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
export const alertEvents = pgTable(
  'alert_events',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    alertId: uuid('alert_id').notNull(),
    kind: text('kind', {
      enum: ['created', 'assigned', 'status_changed', 'commented'],
    }).notNull(),
    actorId: text('actor_id'),
    at: timestamptz('at').notNull(),
    details: jsonb('details').$type<AlertEventDetailsColumn>().notNull(),
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

export type JobValuesColumn = Record<string, string | number | boolean | null>;

/**
 * Background jobs (re-scoring): progress and outcome, polled by the console. `updated_at` doubles
 * as the runner's heartbeat: a queued or running job whose heartbeat goes stale was abandoned.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind').notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull(),
    params: jsonb('params').$type<JobValuesColumn>().notNull(),
    processed: integer('processed').notNull().default(0),
    total: integer('total'),
    result: jsonb('result').$type<JobValuesColumn>(),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    finishedAt: timestamptz('finished_at'),
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
