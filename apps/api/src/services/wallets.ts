import type { NewWallet, Store, Wallet } from '@klerno/db';
import type { CurrentUser } from './auth.js';
import { RecordNotFoundError } from './errors.js';

/**
 * Watched wallets belong to one user. An API key acts for its creator: it sees and changes the
 * creator's wallets (`user.id` of a key caller is the creator's id). Nobody else's, ever — not
 * even an admin of the same organization.
 */
export interface WalletCaller {
  store: Store;
  user: CurrentUser;
}

/** The caller's wallets, oldest first. */
export function listWallets(caller: WalletCaller): Promise<Wallet[]> {
  return caller.store.wallets.list(caller.user.organizationId, caller.user.id);
}

/** The store's ConflictError (409) when the caller already watches this chain + address. */
export function addWallet(caller: WalletCaller, wallet: NewWallet): Promise<Wallet> {
  return caller.store.wallets.add(caller.user.organizationId, caller.user.id, wallet);
}

/** Removes one of the caller's wallets; anyone else's id looks unknown (404). */
export async function removeWallet(caller: WalletCaller, walletId: string): Promise<Wallet> {
  const { organizationId, id: userId } = caller.user;
  return caller.store.transaction(async (repos) => {
    const wallet = (await repos.wallets.list(organizationId, userId)).find(
      ({ id }) => id === walletId,
    );
    if (!wallet || !(await repos.wallets.remove(organizationId, userId, walletId))) {
      throw new RecordNotFoundError('wallet');
    }
    return wallet;
  });
}
