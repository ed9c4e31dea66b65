/**
 * `iso20022.exportPain001`: a pain.001.001.09 payment file from stored transactions. Each
 * transaction becomes one credit transfer to its `toAddress` (an `Othr` account under the chain's
 * name as scheme), for its exact amount, with Klerno's id as end-to-end reference and its memo as
 * remittance information.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store, Transaction } from '@klerno/db';
import type { AuthorizationContext } from '../authorization.js';
import { Iso20022Error } from '../iso20022/errors.js';
import type {
  Pain001AccountInput,
  Pain001AgentInput,
  Pain001TransactionInput,
} from '../iso20022/export-input.js';
import { exportPain001 } from '../iso20022/pain001-export.js';
import { RecordsNotFoundError } from './errors.js';
import { recordTransactionsExport } from './transaction-exports.js';

export interface Pain001Request {
  transactionIds: readonly string[];
  debtor: {
    name: string;
    country?: string | undefined;
    account: Pain001AccountInput;
    agent?: Pain001AgentInput | undefined;
  };
  /** YYYY-MM-DD; default: today (UTC). */
  executionDate?: string | undefined;
  /** GrpHdr/MsgId; default: KLERNO-<time>-<random>. */
  messageId?: string | undefined;
}

/** Point reads run this many at a time. */
const READ_CONCURRENCY = 50;

async function readOwnTransactions(
  store: Store,
  organizationId: string,
  ids: readonly string[],
): Promise<Transaction[]> {
  const found: Array<Transaction | null> = [];
  for (let start = 0; start < ids.length; start += READ_CONCURRENCY) {
    const slice = ids.slice(start, start + READ_CONCURRENCY);
    found.push(
      ...(await Promise.all(slice.map((id) => store.transactions.byId(organizationId, id)))),
    );
  }
  const missing = ids.filter((_, index) => found[index] === null);
  if (missing.length > 0) throw new RecordsNotFoundError('transactions', 'transactionIds', missing);
  return found as Transaction[];
}

/** A message id nobody else's file has: "KLERNO-20240501T120000-1A2B3C4D" (31 characters). */
export function defaultMessageId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, '')
    .replace(/[-:]/g, '');
  return `KLERNO-${stamp}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

function creditTransfer(row: Transaction): Pain001TransactionInput {
  return {
    // A UUID without its hyphens: 32 characters, within Max35Text.
    endToEndId: row.id.replaceAll('-', ''),
    amount: row.amount,
    currency: row.currency,
    // An issued token is named with its issuer (<Issr>); without one it would be refused.
    ...(row.issuer === null ? {} : { issuer: row.issuer }),
    creditor: { name: row.toAddress },
    creditorAccount: { kind: 'other', id: row.toAddress, scheme: row.chain.toUpperCase() },
    memo: row.memo,
  };
}

/**
 * The module names the failing input as `transactions[3].amount`; the caller chose transactions
 * by id, so the message names the id instead.
 */
function namingTransactionIds(error: unknown, rows: readonly Transaction[]): unknown {
  if (!(error instanceof Iso20022Error) || error.path === undefined) return error;
  const match = /^transactions\[(\d+)\]\.?(.*)$/.exec(error.path);
  const row = match ? rows[Number(match[1])] : undefined;
  if (!match || !row) return error;
  const detail = error.message.slice(error.path.length + 2);
  const field = match[2] === '' ? '' : `${match[2]} `;
  return new Iso20022Error(error.code, `${field}${detail}`, `transaction ${row.id}`);
}

/**
 * SHA-256 (hex) of the ids, sorted and joined with ",": up to 10 000 ids do not fit an audit
 * entry, but a list of ids can be checked against it.
 */
export function transactionIdsDigest(ids: readonly string[]): string {
  return createHash('sha256')
    .update([...ids].sort().join(','))
    .digest('hex');
}

/**
 * The file and a name for it; the transactions must all be the organization's (else 404). The
 * export is recorded in the audit trail (message id, row count, the ids' digest) before it is
 * returned; never the debtor's account or the rows.
 */
export async function exportPain001File(
  caller: AuthorizationContext,
  request: Pain001Request,
  now: Date,
): Promise<{ xml: string; fileName: string }> {
  const rows = await readOwnTransactions(
    caller.store,
    caller.user.organizationId,
    request.transactionIds,
  );
  const messageId = request.messageId ?? defaultMessageId(now);
  let xml: string;
  try {
    xml = exportPain001({
      messageId,
      createdAt: now,
      paymentInformationId: messageId,
      requestedExecutionDate: request.executionDate ?? now.toISOString().slice(0, 10),
      debtor: {
        name: request.debtor.name,
        ...(request.debtor.country === undefined ? {} : { country: request.debtor.country }),
      },
      debtorAccount: request.debtor.account,
      ...(request.debtor.agent === undefined ? {} : { debtorAgent: request.debtor.agent }),
      transactions: rows.map(creditTransfer),
    });
  } catch (error) {
    throw namingTransactionIds(error, rows);
  }
  await recordTransactionsExport(
    caller,
    {
      via: 'iso20022.exportPain001',
      format: 'pain.001.001.09',
      rows: rows.length,
      selection: { messageId, transactionIdsSha256: transactionIdsDigest(request.transactionIds) },
    },
    now,
  );
  return { xml, fileName: `pain.001-${messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.xml` };
}
