import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { withBuiltConsole } from './built-console.js';
import { goToPage, refusedWith } from './console-session.js';
import {
  customer,
  sanctioned,
  sanctionsCsv,
  scenarioTimeoutMs,
  treasury,
  xrpPayment,
} from './fixtures.js';
import type { NewTransaction } from './fixtures.js';

const sanctionsSource = 'OFAC SDN 2026-11-20';

/** 30 small incoming payments (low risk), then 3 large outgoing ones to a sanctioned address. */
function seed(): { routine: NewTransaction[]; risky: NewTransaction[] } {
  const routine = Array.from({ length: 30 }, (_, index) =>
    xrpPayment(`explorer-routine-${index}`, {
      timestamp: new Date(Date.UTC(2025, 0, 10, 9, index)).toISOString(),
      fromAddress: customer,
      toAddress: treasury,
      amount: `${index + 1}.5`,
      direction: 'in',
      memo: `invoice ${2000 + index}`,
      fee: '0',
    }),
  );
  const risky = ['20000.01', '15000.000000000000000001', '12000'].map((amount, index) =>
    xrpPayment(`explorer-risky-${index}`, {
      timestamp: new Date(Date.UTC(2025, 1, 3 + index, 12)).toISOString(),
      fromAddress: treasury,
      toAddress: sanctioned,
      amount,
      direction: 'out',
      memo: `payout ${index}`,
    }),
  );
  return { routine, risky };
}

describe('transaction explorer against the built API', () => {
  const built = withBuiltConsole();

  it(
    'filters (kept in the address), sorts, pages, explains a score with its label, and exports the view',
    async () => {
      const tab = await built.openSignedUpTab();
      const { page, client } = tab;
      await client.labels.import.mutate({ csv: sanctionsCsv(sanctionsSource, sanctioned) });
      const { routine, risky } = seed();
      await client.transactions.ingest.mutate({ transactions: [...routine, ...risky] });

      await goToPage(page, 'Transactions');
      const table = page.getByRole('table', { name: 'Transactions' });
      const status = page.getByRole('region', { name: 'Transactions' }).getByRole('status');
      await status.getByText('Showing 25 transactions (more to load)').waitFor();
      await page.getByRole('button', { name: 'Load more' }).click();
      await status.getByText('Showing 33 transactions').waitFor();

      // Filter: outgoing, high risk. The address bar carries the view.
      const filters = page.getByRole('search', { name: 'Filter transactions' });
      await filters.getByLabel('Direction').selectOption('out');
      await filters.getByLabel('Risk').selectOption('high');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await status.getByText('Showing 3 transactions').waitFor();
      expect(new URL(page.url()).search).toBe('?direction=out&riskBucket=high');

      // Sort by amount (largest first): exact decimals compared by value.
      await table.getByRole('button', { name: 'Amount' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('amount_desc');
      await expect
        .poll(() => table.locator('tbody tr td:nth-child(5)').allInnerTexts())
        .toEqual(['20000.01 XRP', '15000.000000000000000001 XRP', '12000 XRP']);
      expect(await table.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');

      // A reload (or a shared link) shows the same view, the form filled in.
      await page.reload();
      await status.getByText('Showing 3 transactions').waitFor();
      expect(await filters.getByLabel('Risk').inputValue()).toBe('high');
      expect(await filters.getByLabel('Direction').inputValue()).toBe('out');
      expect(await table.locator('tbody tr td:nth-child(5)').allInnerTexts()).toEqual([
        '20000.01 XRP',
        '15000.000000000000000001 XRP',
        '12000 XRP',
      ]);

      // Open a row: its fields, each rule's contribution, and the label with its source.
      const opened = risky[1]!;
      await table.getByRole('button', { name: `Details of ${opened.txId}` }).click();
      const detail = page.getByRole('complementary', { name: 'Transaction details' });
      const explanation = detail.getByRole('table', { name: /Why it scored/ });
      await explanation.waitFor();
      expect(new URL(page.url()).searchParams.get('tx')).toMatch(/\S/);
      expect(await detail.textContent()).toContain('15000.000000000000000001 XRP');
      const rules = await explanation.locator('tbody th').allInnerTexts();
      expect(rules).toEqual(
        expect.arrayContaining(['Base', 'Outgoing amount (outgoing)', 'Sanctioned or mixer']),
      );
      expect(await explanation.textContent()).toContain(
        `labelled sanctioned (source: ${sanctionsSource})`,
      );
      const labels = detail.getByRole('table', { name: 'Address labels' });
      expect(await labels.locator('tbody tr').allInnerTexts()).toEqual([
        `${sanctioned}\tsanctioned\t${sanctionsSource}`,
      ]);
      const footer = await explanation.locator('tfoot').innerText();
      // 0.10 base + 0.10 + 0.10 + 0.15 + 0.15 outgoing steps + 0.05 fee + 0.20 sanctioned.
      expect(footer).toMatch(/^Score\s+0\.85\s+high/);

      // Export the view: exactly the three filtered rows, in the chosen order.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      // The browser followed a download link: the file is the API's, by the API's name.
      expect(download.url()).toMatch(/\/exports\/transactions\.csv\?link=[\w.-]+$/);
      expect(download.suggestedFilename()).toMatch(/^klerno-transactions-\d{8}T\d{6}Z\.csv$/);
      const csv = await readFile(await download.path(), 'utf8');
      const lines = csv.trim().split(/\r?\n/);
      expect(lines).toHaveLength(4);
      expect(
        lines.slice(1).map((line) => risky.findIndex((row) => line.includes(row.txId))),
      ).toEqual([0, 1, 2]);
      await page.getByRole('status').getByText('Download started').waitFor();

      // Close the panel; Back brings it again.
      await detail.getByRole('button', { name: 'Close' }).click();
      await detail.waitFor({ state: 'detached' });
      await page.goBack();
      await detail.waitFor();

      // A filter the API refuses shows its message on the field, never a crash.
      await filters.getByLabel('Min amount').fill('1,000');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await filters.getByText(/minAmount/).waitFor();
      expect(await filters.getByLabel('Min amount').getAttribute('aria-invalid')).toBe('true');

      // Clear shows everything again, newest first (the sort stays).
      await filters.getByRole('button', { name: 'Clear' }).click();
      await expect.poll(() => new URL(page.url()).search).toBe('?sort=amount_desc');
      await status.getByText('Showing 25 transactions (more to load)').waitFor();

      await tab.finish([refusedWith(400)]);
    },
    scenarioTimeoutMs,
  );
});
