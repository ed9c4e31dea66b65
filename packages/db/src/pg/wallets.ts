import { and, asc, eq, sql } from 'drizzle-orm';
import { ConflictError, NotFoundError } from '../errors.js';
import { lazy } from '../lazy.js';
import type { Wallet, WalletRepository } from '../ports.js';
import { isoOf } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import { byAddressThenUser, checkNewWallet, UNKNOWN_USER } from '../wallet-settings-input.js';
import type { PgHandle } from './database.js';
import { guarded } from './guarded.js';
import { wallets } from './schema.js';

type WalletRow = typeof wallets.$inferSelect;

function toWallet(row: WalletRow): Wallet {
  return { ...row, createdAt: isoOf(row.createdAt) };
}

export function createPgWallets(db: PgHandle, insideTransaction: boolean): WalletRepository {
  const ofUser = and(
    eq(wallets.organizationId, sql.placeholder('organizationId')),
    eq(wallets.userId, sql.placeholder('userId')),
  );
  const oldestFirst = [asc(wallets.createdAt), asc(wallets.id)] as const;
  const selectAll = lazy(() =>
    db
      .select()
      .from(wallets)
      .where(ofUser)
      .orderBy(...oldestFirst)
      .prepare('wallets_of_user'),
  );
  const selectWatchers = lazy(() =>
    db
      .select({ address: wallets.address, userId: wallets.userId })
      .from(wallets)
      .where(
        and(
          eq(wallets.organizationId, sql.placeholder('organizationId')),
          eq(wallets.chain, sql.placeholder('chain')),
          sql`${wallets.address} = any(${sql.placeholder('addresses')}::text[])`,
        ),
      )
      .prepare('wallets_watchers'),
  );

  return {
    async list(organizationId, userId) {
      if (!isUuid(organizationId) || !isUuid(userId)) return [];
      const rows = await selectAll().execute({ organizationId, userId });
      return rows.map(toWallet);
    },
    async add(organizationId, userId, input) {
      const checked = checkNewWallet(input);
      if (!isUuid(organizationId) || !isUuid(userId)) throw new NotFoundError(UNKNOWN_USER);
      // DO NOTHING rather than a unique violation; an unknown user still fails the foreign key
      // (→ NotFoundError), so that runs in a savepoint inside a caller's transaction.
      const [row] = await guarded(db, insideTransaction, (handle) =>
        handle
          .insert(wallets)
          .values({ id: uuidv7(), organizationId, userId, ...checked, createdAt: new Date() })
          .onConflictDoNothing({
            target: [wallets.organizationId, wallets.userId, wallets.chain, wallets.address],
          })
          .returning(),
      );
      if (!row) throw new ConflictError('The user already watches that wallet.');
      return toWallet(row);
    },
    async remove(organizationId, userId, id) {
      if (!isUuid(organizationId) || !isUuid(userId) || !isUuid(id)) return false;
      const removed = await db
        .delete(wallets)
        .where(
          and(
            eq(wallets.organizationId, organizationId),
            eq(wallets.userId, userId),
            eq(wallets.id, id),
          ),
        )
        .returning({ id: wallets.id });
      return removed.length > 0;
    },
    async watchers(organizationId, chain, addresses) {
      if (!isUuid(organizationId) || addresses.length === 0) return [];
      const found = await selectWatchers().execute({
        organizationId,
        chain,
        addresses: [...addresses],
      });
      return found.sort(byAddressThenUser);
    },
  };
}
