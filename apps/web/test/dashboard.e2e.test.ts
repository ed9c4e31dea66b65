import { createHash } from 'node:crypto';
import type { RouterInputs } from '@klerno/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltApi } from './built-api.js';
import type { BuiltApi } from './built-api.js';
import { launchChromium } from './chromium.js';
import {
  apiClientFor,
  expectNoProblems,
  newCredentials,
  openConsoleTab,
  signUp,
} from './console-session.js';

type NewTransaction = RouterInputs['transactions']['ingest']['transactions'][number];

const startupTimeoutMs = 60_000;
const scenarioTimeoutMs = 90_000;

const treasury = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const customer = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const dayMs = 86_400_000;

/**
 * Within the default 30-day range: on each of three days, two small incoming payments (income,
 * low) and one large outgoing swap (trade, high once its memo is suspicious).
 */
function recentTransactions(now: number): NewTransaction[] {
  return [1, 2, 3].flatMap((daysAgo) => {
    const at = (minutes: number) =>
      new Date(now - daysAgo * dayMs + minutes * 60_000).toISOString();
    const id = (part: string) =>
      createHash('sha256').update(`dashboard-${daysAgo}-${part}`).digest('hex').toUpperCase();
    return [
      { ...base(at(0), id('a')), direction: 'in' as const, amount: '10.5', memo: 'salary' },
      { ...base(at(1), id('b')), direction: 'in' as const, amount: '0.1', memo: 'reward' },
      {
        ...base(at(2), id('c')),
        fromAddress: treasury,
        toAddress: customer,
        direction: 'out' as const,
        amount: '25000',
        memo: 'swap via mixer',
      },
    ];
  });
}

function base(timestamp: string, txId: string) {
  return {
    chain: 'xrpl',
    txId,
    timestamp,
    fromAddress: customer,
    toAddress: treasury,
    currency: 'XRP',
    fee: '0.000012',
    tags: [],
  };
}

describe('dashboard against the built API', () => {
  let api: BuiltApi;
  let browser: Browser;

  beforeAll(async () => {
    // Enforced, not report-only: the charts must render under the console's real policy.
    api = await startBuiltApi({ env: { CSP_MODE: 'enforce' } });
    browser = await launchChromium();
  }, startupTimeoutMs);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  }, startupTimeoutMs);

  it(
    'shows the key figures and draws the risk trend and category charts under the enforced CSP',
    async () => {
      const { context, page, problems } = await openConsoleTab(browser);
      const credentials = newCredentials();
      await signUp(page, credentials, api.baseUrl);
      const client = apiClientFor(api.baseUrl, credentials);
      await client.transactions.ingest.mutate({ transactions: recentTransactions(Date.now()) });

      const served = await page.reload();
      expect(served?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);

      const figures = page.getByRole('region', { name: /^Key figures/ });
      const figure = async (term: string) =>
        (
          await figures.getByRole('term').filter({ hasText: term }).locator('+ dd').innerText()
        ).trim();
      await figures.getByRole('definition').first().waitFor();
      expect(await figure('Transactions')).toBe('9');
      expect(await figure('High risk')).toBe('3');
      expect(await figure('Volume')).toBe('75031.8 XRP');
      const summary = await client.analytics.summary.query({});
      expect(await figure('Average risk')).toBe(summary.averageRisk.toFixed(2));

      const trend = page.getByRole('region', { name: 'Risk trend' });
      // recharts' accessibility layer: the chart's SVG is a keyboard-operable application.
      await trend.getByRole('application', { name: 'Risk trend' }).waitFor();
      await expect.poll(() => trend.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
      await expect.poll(() => trend.locator('.recharts-line-curve').count()).toBe(1);
      await trend.getByText('Show as a table').click();
      const days = trend.getByRole('table', { name: 'Risk trend by day' });
      expect(await days.locator('tbody tr').count()).toBe(3);
      expect(await days.locator('tbody tr').first().innerText()).toMatch(/\t3\t2\t0\t1\t/);

      const categories = page.getByRole('region', { name: 'Categories' });
      await categories.getByRole('application', { name: 'Categories' }).waitFor();
      await expect
        .poll(() => categories.locator('.recharts-bar-rectangle').count())
        .toBe(summary.categories.length);

      await page.getByRole('region', { name: 'Riskiest addresses' }).getByRole('table').waitFor();
      await page
        .getByRole('region', { name: 'Recent high-risk transactions' })
        .locator('tbody tr')
        .nth(2)
        .waitFor();

      expectNoProblems(problems);
      await context.close();
    },
    scenarioTimeoutMs,
  );
});
