import { createHash, randomUUID } from 'node:crypto';
import { createKlernoClient } from '@klerno/sdk';
import type { RouterInputs } from '@klerno/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltApi } from './built-api.js';
import type { BuiltApi } from './built-api.js';
import { launchChromium, watchPageProblems } from './chromium.js';
import type { PageProblems } from './chromium.js';

type NewTransaction = RouterInputs['transactions']['ingest']['transactions'][number];

const startupTimeoutMs = 60_000;
const scenarioTimeoutMs = 90_000;
/** The console pages by 25: 30 rows need one "Load more". */
const consolePageSize = 25;
const ingestedCount = 30;

const treasury = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const customer = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';

function sampleTransactions(): NewTransaction[] {
  return Array.from({ length: ingestedCount }, (_, index) => ({
    chain: 'xrpl',
    txId: createHash('sha256').update(`klerno-web-e2e-${index}`).digest('hex').toUpperCase(),
    timestamp: new Date(Date.UTC(2025, 0, 15, 9, index, 0)).toISOString(),
    fromAddress: index % 2 === 0 ? treasury : customer,
    toAddress: index % 2 === 0 ? customer : treasury,
    // Exact, canonical decimals (17 fraction digits) that a float would not keep.
    amount: `${index + 1}000000.${'0'.repeat(16)}${(index % 9) + 1}`,
    currency: 'XRP',
    direction: index % 2 === 0 ? 'out' : 'in',
    memo: `invoice ${1000 + index}`,
    fee: '0.000012',
    tags: [],
  }));
}

function newCredentials() {
  return { email: `e2e-${randomUUID()}@example.com`, password: 'correct horse battery staple' };
}

/** Only a failed request the scenario provokes on purpose may appear in the console. */
function expectNoProblems(problems: PageProblems, allowedConsoleErrors: RegExp[] = []): void {
  const unexpected = problems.consoleErrors.filter(
    (line) => !allowedConsoleErrors.some((allowed) => allowed.test(line)),
  );
  expect({ ...problems, consoleErrors: unexpected }).toEqual({
    consoleErrors: [],
    pageErrors: [],
    cspReports: [],
  });
}

async function fillCredentials(
  page: Page,
  credentials: { email: string; password: string },
): Promise<void> {
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
}

describe('web console against the built API', () => {
  let api: BuiltApi;
  let browser: Browser;

  beforeAll(async () => {
    api = await startBuiltApi();
    browser = await launchChromium();
  }, startupTimeoutMs);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  }, startupTimeoutMs);

  it(
    'signs up, shows health and the transactions ingested through the API, pages, signs out and in',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = await watchPageProblems(page);
      const credentials = newCredentials();

      // The API serves the console under a nonce-based CSP.
      const served = await page.goto(api.baseUrl);
      const headers = served?.headers() ?? {};
      const csp =
        headers['content-security-policy-report-only'] ?? headers['content-security-policy'] ?? '';
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);

      await page.getByRole('heading', { name: 'Sign in to Klerno' }).waitFor();
      await page.getByRole('button', { name: 'Create an account' }).click();
      await page.getByRole('heading', { name: 'Create your Klerno account' }).waitFor();
      await fillCredentials(page, credentials);
      await page.getByRole('button', { name: 'Create account', exact: true }).click();

      const health = page.getByRole('region', { name: 'API health' });
      await health.getByText('ok', { exact: true }).waitFor();
      const liveness = (await (await fetch(`${api.baseUrl}/health`)).json()) as { version: string };
      expect(await health.textContent()).toContain(liveness.version);
      await page.getByText(/No transactions yet/).waitFor();
      await page.getByText(credentials.email).waitFor();

      // Ingest through the API, as an integration would, with a token from a separate sign-in.
      const grant = await createKlernoClient({ baseUrl: api.baseUrl }).auth.login.mutate(
        credentials,
      );
      const client = createKlernoClient({ baseUrl: api.baseUrl, accessToken: grant.accessToken });
      const transactions = sampleTransactions();
      const ingested = await client.transactions.ingest.mutate({ transactions });
      expect(ingested.created).toBe(ingestedCount);

      // The session survives a reload (sessionStorage) and the table shows what was ingested.
      await page.reload();
      const table = page.getByRole('table', { name: 'Transactions' });
      await page.getByText(`Showing ${consolePageSize} transactions`).waitFor();
      expect(await table.locator('tbody tr').count()).toBe(consolePageSize);

      await page.getByRole('button', { name: 'Load more' }).click();
      await page.getByText(`Showing ${ingestedCount} transactions`).waitFor();
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

      const rowTexts = await table.locator('tbody tr').allInnerTexts();
      expect(rowTexts).toHaveLength(ingestedCount);
      for (const transaction of transactions) {
        const row = rowTexts.find((text) => text.includes(transaction.txId));
        expect(row, `row for ${transaction.txId}`).toBeDefined();
        expect(row).toContain(`${transaction.amount} ${transaction.currency}`);
        expect(row).toContain(transaction.memo);
        expect(row).toContain(transaction.direction === 'in' ? 'In' : 'Out');
        expect(row).toContain(transaction.fromAddress);
      }

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Klerno' }).waitFor();
      await page.getByRole('status').getByText('You have signed out.').waitFor();
      expect(await page.evaluate(() => window.sessionStorage.length)).toBe(0);

      await fillCredentials(page, credentials);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText(`Showing ${consolePageSize} transactions`).waitFor();

      expectNoProblems(problems);
      await context.close();
    },
    scenarioTimeoutMs,
  );

  it(
    "shows the API's own messages for a wrong password and a password that breaks the rules",
    async () => {
      const existing = newCredentials();
      await createKlernoClient({ baseUrl: api.baseUrl }).auth.register.mutate(existing);

      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = await watchPageProblems(page);
      await page.goto(api.baseUrl);

      await fillCredentials(page, { email: existing.email, password: 'not the right password' });
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe('Invalid email or password');

      await page.getByRole('button', { name: 'Create an account' }).click();
      await fillCredentials(page, { email: newCredentials().email, password: 'too short' });
      await page.getByRole('button', { name: 'Create account', exact: true }).click();
      await page.getByText('Password must be at least 12 characters').waitFor();
      expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('alert').textContent()).toBe(
        'Please correct the highlighted fields.',
      );

      // The browser logs the refused requests themselves (401, 400); nothing else may appear.
      expectNoProblems(problems, [
        /Failed to load resource: the server responded with a status of (400|401)/,
      ]);
      await context.close();
    },
    scenarioTimeoutMs,
  );

  it(
    'ends a session whose token the API no longer accepts and says so',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems = await watchPageProblems(page);
      await page.goto(api.baseUrl);
      await page.evaluate(() => {
        const revoked = {
          accessToken: 'revoked.access.token',
          user: { id: 'u1', email: 'gone@example.com', role: 'admin' },
        };
        window.sessionStorage.setItem('klerno.session', JSON.stringify(revoked));
      });

      await page.reload();
      await page
        .getByRole('status')
        .getByText('Your session has ended. Please sign in again.')
        .waitFor();
      await page.getByRole('heading', { name: 'Sign in to Klerno' }).waitFor();
      expect(await page.evaluate(() => window.sessionStorage.length)).toBe(0);

      expectNoProblems(problems, [
        /Failed to load resource: the server responded with a status of 401/,
      ]);
      await context.close();
    },
    scenarioTimeoutMs,
  );
});
