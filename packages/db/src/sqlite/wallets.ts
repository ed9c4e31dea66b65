import { and, asc, eq, sql } from 'drizzle-orm';
import { ConflictError } from '../errors.js';
import { lazy } from '../lazy.js';
import type { Wallet, WalletRepository } from '../ports.js';
import { isoOf } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import { byAddressThenUser, checkNewWallet } from '../wallet-settings-input.js';
import type { SqliteDatabase } from './database.js';
import { wallets } from './schema.js';

type WalletRow = typeof wallets.$inferSelect;

function toWallet(row: WalletRow): Wallet {
  return { ...row, createdAt: isoOf(row.createdAt) };
}

const ofUser = and(
  eq(wallets.organizationId, sql.placeholder('organizationId')),
  eq(wallets.userId, sql.placeholder('userId')),
);
const oldestFirst = [asc(wallets.createdAt), asc(wallets.id)] as const;

export function createSqliteWallets(db: SqliteDatabase): WalletRepository {
  const selectAll = lazy(() =>
    db
      .select()
      .from(wallets)
      .where(ofUser)
      .orderBy(...oldestFirst)
      .prepare(),
  );
  const selectWatchers = lazy(() =>
    db
      .select({ address: wallets.address, userId: wallets.userId })
      .from(wallets)
      .where(
        and(
          eq(wallets.organizationId, sql.placeholder('organizationId')),
          eq(wallets.chain, sql.placeholder('chain')),
          sql`${wallets.address} in (select value from json_each(${sql.placeholder('addresses')}))`,
        ),
      )
      .prepare(),
  );

  return {
    list: (organizationId, userId) =>
      settle(() => selectAll().all({ organizationId, userId }).map(toWallet)),
    add: (organizationId, userId, input) =>
      settle(() => {
        const checked = checkNewWallet(input);
        // An unknown user (or one of another organization) fails the foreign key → NotFoundError.
        const row = db
          .insert(wallets)
          .values({ id: uuidv7(), organizationId, userId, ...checked, createdAt: Date.now() })
          .onConflictDoNothing({
            target: [wallets.organizationId, wallets.userId, wallets.chain, wallets.address],
          })
          .returning()
          .get();
        if (!row) throw new ConflictError('The user already watches that wallet.');
        return toWallet(row);
      }),
    remove: (organizationId, userId, id) =>
      settle(() => {
        const removed = db
          .delete(wallets)
          .where(
            and(
              eq(wallets.organizationId, organizationId),
              eq(wallets.userId, userId),
              eq(wallets.id, id),
            ),
          )
          .run();
        return removed.changes > 0;
      }),
    watchers: (organizationId, chain, addresses) =>
      settle(() =>
        selectWatchers()
          .all({ organizationId, chain, addresses: JSON.stringify(addresses) })
          .sort(byAddressThenUser),
      ),
  };
}
