import type { NewWallet, Store, Wallet } from '@klerno/db';
import {
  recordCallerAudit,
  type AuthorizationContext,
  type CallerAuditRecord,
} from '../authorization.js';
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

/** What a change of watched wallets leaves in the audit trail: which wallet, never anything else. */
function walletAudit(
  event: 'sensitive_create' | 'sensitive_delete',
  wallet: Wallet,
): CallerAuditRecord {
  return {
    event,
    target: `wallet:${wallet.id}`,
    details: {
      object: 'watched_wallet',
      owner: wallet.userId,
      chain: wallet.chain,
      address: wallet.address,
      label: wallet.label,
    },
  };
}

/**
 * The store's ConflictError (409) when the caller already watches this chain + address. The
 * wallet and its `sensitive_create` entry land together.
 */
export function addWallet(caller: AuthorizationContext, input: NewWallet): Promise<Wallet> {
  const now = caller.clock();
  return caller.store.transaction(async (repos) => {
    const wallet = await repos.wallets.add(caller.user.organizationId, caller.user.id, input);
    await recordCallerAudit(repos, caller, walletAudit('sensitive_create', wallet), now);
    return wallet;
  });
}

/** Removes one of the caller's wallets, with its `sensitive_delete` entry; anyone else's id looks unknown (404). */
export async function removeWallet(
  caller: AuthorizationContext,
  walletId: string,
): Promise<Wallet> {
  const { organizationId, id: userId } = caller.user;
  const now = caller.clock();
  return caller.store.transaction(async (repos) => {
    const wallet = (await repos.wallets.list(organizationId, userId)).find(
      ({ id }) => id === walletId,
    );
    if (!wallet || !(await repos.wallets.remove(organizationId, userId, walletId))) {
      throw new RecordNotFoundError('wallet');
    }
    await recordCallerAudit(repos, caller, walletAudit('sensitive_delete', wallet), now);
    return wallet;
  });
}
