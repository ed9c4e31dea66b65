/**
 * SQLite tables. Times are integer epoch milliseconds; amounts are TEXT holding the canonical
 * decimal string (summed exactly by the `decimal_sum` aggregate registered on each connection);
 * tags are a JSON array in TEXT. Ids are UUIDv7 strings made in TypeScript.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
    passwordHash: text('password_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(table.email),
    index('users_organization_idx').on(table.organizationId),
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
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    memo: text('memo'),
    fee: text('fee').notNull(),
    tags: text('tags', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    createdAt: integer('created_at').notNull(),
  },
  (table) => [
    uniqueIndex('transactions_organization_chain_tx_unique').on(
      table.organizationId,
      table.chain,
      table.txId,
    ),
    // Serves "newest first" (timestamp desc, id desc) by a backward scan.
    index('transactions_organization_list_idx').on(table.organizationId, table.timestamp, table.id),
    check('transactions_direction_check', sql`direction in ('in', 'out')`),
  ],
);
