import { randomUUID } from 'node:crypto';
import type { Population } from './population.js';
import { bearer, mutate, stringField } from './trpc-client.js';

const PASSWORD = 'bench-Osprey-lantern-5318';

export interface BenchAccount {
  email: string;
  password: string;
}

/**
 * Signs up the organization's admin (who ingests, so its watched wallets and threshold apply),
 * watches the hot wallets and imports the label list.
 */
export async function createBenchAccount(
  baseUrl: string,
  population: Population,
): Promise<BenchAccount> {
  const account = { email: `bench-risk-${randomUUID()}@example.com`, password: PASSWORD };
  const grant = await mutate(baseUrl, 'auth.register', account);
  const headers = bearer(stringField(grant, 'accessToken'));
  for (const [index, address] of population.hotWallets.entries()) {
    await mutate(
      baseUrl,
      'wallets.add',
      { chain: 'xrpl', address, label: `hot wallet ${index + 1}` },
      headers,
    );
  }
  await mutate(baseUrl, 'labels.import', { csv: population.labelsCsv() }, headers);
  return account;
}

/** A fresh access token's headers (each scenario's server signs in once). */
export async function signIn(
  baseUrl: string,
  account: BenchAccount,
): Promise<Record<string, string>> {
  const grant = await mutate(baseUrl, 'auth.login', account);
  return bearer(stringField(grant, 'accessToken'));
}
