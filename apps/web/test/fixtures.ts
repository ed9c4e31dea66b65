import { createHash } from 'node:crypto';
import type { RouterInputs } from '@klerno/sdk';

/** What the browser tests seed through the API: payments, addresses, label lists. */

export type NewTransaction = RouterInputs['transactions']['ingest']['transactions'][number];

/** One scenario, sign-up to last check, on a shared 2-core machine. */
export const scenarioTimeoutMs = 90_000;

/** Well-formed XRPL addresses (classic, with valid checksums) the scenarios pay between. */
export const treasury = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
export const customer = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
export const sanctioned = 'rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn';

/** A stable, ledger-shaped transaction id (64 hex digits) for a seed. */
export function txIdOf(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').toUpperCase();
}

/**
 * An XRP payment on the XRP Ledger with a stable id from `seed` and a network fee: the scenario
 * gives the fields it is about (who paid whom, how much, when, which way, a memo).
 */
export function xrpPayment(
  seed: string,
  fields: Pick<NewTransaction, 'timestamp' | 'fromAddress' | 'toAddress' | 'amount' | 'direction'> &
    Partial<NewTransaction>,
): NewTransaction {
  return {
    chain: 'xrpl',
    txId: txIdOf(seed),
    currency: 'XRP',
    fee: '0.000012',
    tags: [],
    ...fields,
  };
}

/** A labels CSV (labels.import) that lists each address as sanctioned by `source`. */
export function sanctionsCsv(source: string, ...addresses: string[]): string {
  const rows = addresses.map((address) => `${address},xrpl,sanctioned,${source}\n`);
  return `address,chain,label,source\n${rows.join('')}`;
}

/** The error a call fails with; a call that succeeds fails the test. */
export async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail');
}
