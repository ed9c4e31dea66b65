import { randomUUID } from 'node:crypto';

/** The page every run reads: `transactions.list` with limit 20, as the SDK's GET would send it. */
export const LIST_PATH = `/trpc/transactions.list?input=${encodeURIComponent(JSON.stringify({ limit: 20 }))}`;

/** More than one page, so the response carries a full page and a next cursor. */
const SEEDED_TRANSACTIONS = 25;
const PASSWORD = 'bench-Kestrel-harbour-9271';

export interface SeededAccount {
  email: string;
  accessToken: string;
  /** Headers of an authenticated request. */
  headers: Record<string, string>;
}

export async function callProcedure(
  baseUrl: string,
  path: string,
  input: unknown,
  accessToken?: string,
): Promise<unknown> {
  const response = await fetch(`${baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 500)}`);
  const body: unknown = JSON.parse(text);
  if (typeof body === 'object' && body !== null && 'result' in body) {
    const { result } = body;
    if (typeof result === 'object' && result !== null && 'data' in result) return result.data;
  }
  throw new Error(`${path} answered an unexpected body: ${text.slice(0, 500)}`);
}

function transaction(index: number) {
  return {
    chain: 'xrpl',
    txId: `${index.toString(16).padStart(8, '0')}${'A'.repeat(56)}`,
    timestamp: new Date(Date.UTC(2025, 0, 1, 12, index)).toISOString(),
    fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
    toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
    amount: `${100 + index}.25`,
    currency: 'XRP',
    direction: index % 2 === 0 ? 'in' : 'out',
    memo: `invoice ${1000 + index}`,
    fee: '0.000012',
    tags: ['bench'],
  };
}

/** Signs up a new organization's admin and ingests a few transactions for it to read. */
export async function seedAccount(baseUrl: string): Promise<SeededAccount> {
  const email = `bench-${randomUUID()}@example.com`;
  const grant = await callProcedure(baseUrl, 'auth.register', { email, password: PASSWORD });
  if (typeof grant !== 'object' || grant === null || !('accessToken' in grant)) {
    throw new Error('auth.register returned no access token');
  }
  const { accessToken } = grant;
  if (typeof accessToken !== 'string') throw new Error('auth.register returned no access token');
  const transactions = Array.from({ length: SEEDED_TRANSACTIONS }, (_, index) =>
    transaction(index),
  );
  await callProcedure(baseUrl, 'transactions.ingest', { transactions }, accessToken);
  return { email, accessToken, headers: { authorization: `Bearer ${accessToken}` } };
}
