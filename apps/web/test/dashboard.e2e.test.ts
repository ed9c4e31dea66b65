import { describe, expect, it } from 'vitest';
import { withBuiltConsole } from './built-console.js';
import { customer, scenarioTimeoutMs, treasury, xrpPayment } from './fixtures.js';
import type { NewTransaction } from './fixtures.js';

const dayMs = 86_400_000;

/**
 * Within the default 30-day range: on each of three days, two small incoming payments (income,
 * low) and one large outgoing swap (trade, high once its memo is suspicious).
 */
function recentTransactions(now: number): NewTransaction[] {
  return [1, 2, 3].flatMap((daysAgo) => {
    const at = (minutes: number) =>
      new Date(now - daysAgo * dayMs + minutes * 60_000).toISOString();
    const seed = (part: string) => `dashboard-${daysAgo}-${part}`;
    const incoming = { fromAddress: customer, toAddress: treasury, direction: 'in' } as const;
    return [
      xrpPayment(seed('a'), { ...incoming, timestamp: at(0), amount: '10.5', memo: 'salary' }),
      xrpPayment(seed('b'), { ...incoming, timestamp: at(1), amount: '0.1', memo: 'reward' }),
      xrpPayment(seed('c'), {
        timestamp: at(2),
        fromAddress: treasury,
        toAddress: customer,
        direction: 'out',
        amount: '25000',
        memo: 'swap via mixer',
      }),
    ];
  });
}

describe('dashboard against the built API', () => {
  // Enforced, not report-only: the charts must render under the console's real policy.
  const built = withBuiltConsole({ env: { CSP_MODE: 'enforce' } });

  it(
    'shows the key figures and draws the risk trend and category charts under the enforced CSP',
    async () => {
      const tab = await built.openSignedUpTab();
      const { page, client } = tab;
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

      await tab.finish();
    },
    scenarioTimeoutMs,
  );
});
