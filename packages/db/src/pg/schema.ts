/**
 * PostgreSQL tables. Times are timestamptz with millisecond precision; amounts are unconstrained
 * `numeric` (exact, summed exactly by `sum`), read back as canonical decimal strings; tags are
 * `text[]`. Ids are UUIDv7 made in TypeScript, stored as `uuid`.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  numeric,
  pgTable,
  text,
  timestamp,
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
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(table.email),
    index('users_organization_idx').on(table.organizationId),
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
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    memo: text('memo'),
    fee: numeric('fee').notNull(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamptz('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('transactions_organization_chain_tx_unique').on(
      table.organizationId,
      table.chain,
      table.txId,
    ),
    index('transactions_organization_list_idx').on(
      table.organizationId,
      table.timestamp.desc(),
      table.id.desc(),
    ),
    check('transactions_direction_check', sql`direction in ('in', 'out')`),
  ],
);
