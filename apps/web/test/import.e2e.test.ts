import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBuiltConsole } from './built-console.js';
import { goToPage, refusedWith } from './console-session.js';
import { startFakeXrplNode } from './fake-xrpl-node.js';
import type { FakeXrplNode } from './fake-xrpl-node.js';
import { customer, scenarioTimeoutMs, treasury, txIdOf } from './fixtures.js';

const unknownAccount = 'ra5nK24KXen9AHvsdFTKHSANinZseWnPcX';

/** Lines 2 and 4 are good; line 3 has an amount no decimal column may hold. */
const csvWithBadRow = [
  'chain,txId,timestamp,fromAddress,toAddress,amount,currency,direction,fee,memo',
  `xrpl,${txIdOf('csv-1')},2025-03-01T10:00:00Z,${treasury},${customer},100.25,XRP,out,0.1,rent`,
  `xrpl,${txIdOf('csv-2')},2025-03-01T11:00:00Z,${treasury},${customer},1e400,XRP,out,0,broken`,
  `xrpl,${txIdOf('csv-3')},2025-03-01T12:00:00Z,${customer},${treasury},7,XRP,in,0,refund`,
].join('\r\n');

describe('import page against the built API', () => {
  let node: FakeXrplNode | undefined;

  // Started first: the API reads the ledger node's address at start-up.
  beforeAll(async () => {
    node = await startFakeXrplNode(
      new Map([
        [
          treasury,
          [
            {
              hash: txIdOf('ledger-1'),
              from: customer,
              to: treasury,
              drops: '2500000',
              time: '2025-04-02T08:00:00Z',
              memo: 'salary',
            },
            {
              hash: txIdOf('ledger-2'),
              from: treasury,
              to: customer,
              drops: '1000001',
              time: '2025-04-01T08:00:00Z',
            },
          ],
        ],
      ]),
    );
  });

  afterAll(async () => {
    await node?.close();
  });

  const built = withBuiltConsole(() => ({ env: { XRPL_RPC_URL: node!.url } }));

  it(
    'refuses a CSV with a bad row (its line and reason shown, nothing written), then imports the good rows',
    async () => {
      const tab = await built.openSignedUpTab();
      const { page, client } = tab;
      await goToPage(page, 'Import');

      const form = page.getByRole('form', { name: 'Import a CSV file' });
      await form.getByLabel('CSV file').setInputFiles({
        name: 'march.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csvWithBadRow, 'utf8'),
      });
      await form.getByRole('button', { name: 'Import' }).click();

      const problemsTable = page.getByRole('table', { name: 'Rows with problems' });
      await problemsTable.waitFor();
      const [line, column, reason] = (await problemsTable
        .locator('tbody tr td')
        .allInnerTexts()) as [string, string, string];
      expect([line, column]).toEqual(['3', 'amount']);
      expect(reason).toMatch(/\S/);
      expect(await page.getByRole('alert').first().textContent()).toContain(
        'march.csv: 1 row has problems, so nothing was imported.',
      );
      expect((await client.transactions.list.query({})).items).toEqual([]);

      await page.getByRole('button', { name: 'Import the good rows, skip bad ones' }).click();
      await page
        .getByRole('status')
        .getByText('march.csv: imported 2 new transactions; skipped 1 bad row.')
        .waitFor();
      expect(
        await page.getByRole('table', { name: 'Skipped rows' }).locator('tbody tr').count(),
      ).toBe(1);
      const stored = await client.transactions.list.query({ sort: 'timestamp_asc' });
      expect(stored.items.map((row) => [row.memo, row.amount])).toEqual([
        ['rent', '100.25'],
        ['refund', '7'],
      ]);

      // The same file again: nothing new, and the console says so.
      await form.getByRole('button', { name: 'Import' }).click();
      await page.getByRole('button', { name: 'Import the good rows, skip bad ones' }).click();
      await page
        .getByRole('status')
        .getByText(
          'march.csv: imported 0 new transactions; 2 were already held and left as they were; skipped 1 bad row.',
        )
        .waitFor();

      // A file over the limit is refused before it is sent.
      await form.getByLabel('CSV file').setInputFiles({
        name: 'huge.csv',
        mimeType: 'text/csv',
        buffer: Buffer.alloc(1001 * 1024, 'a'),
      });
      await form.getByRole('button', { name: 'Import' }).click();
      await page
        .getByRole('alert')
        .getByText(/huge\.csv is 1001 KiB; the largest file/)
        .waitFor();

      await tab.finish([refusedWith(422)]);
    },
    scenarioTimeoutMs,
  );

  it(
    "imports an XRPL account's payments and gives typed messages for a bad address and an unknown account",
    async () => {
      const tab = await built.openSignedUpTab();
      const { page } = tab;
      await goToPage(page, 'Import');
      const form = page.getByRole('form', { name: 'Import an XRPL account' });
      const account = form.getByLabel('Account address');

      await account.fill('rNotAnAddress');
      await form.getByRole('button', { name: 'Import account' }).click();
      await form.getByText(/account: /).waitFor();
      expect(await account.getAttribute('aria-invalid')).toBe('true');

      await account.fill(unknownAccount);
      await form.getByRole('button', { name: 'Import account' }).click();
      await page
        .getByRole('region', { name: 'XRP Ledger account' })
        .getByRole('alert')
        .filter({ hasText: /not found/i })
        .waitFor();

      await account.fill(treasury);
      await form.getByLabel('Most ledger transactions to read').fill('50');
      await form.getByRole('button', { name: 'Import account' }).click();
      const outcome = page.getByRole('region', { name: 'XRP Ledger account' }).getByRole('status');
      await outcome
        .getByText(`${treasury}: read 2 ledger transactions, imported 2 new payments.`)
        .waitFor();
      expect(await outcome.textContent()).toContain(
        'The whole history of the account has been read.',
      );

      await goToPage(page, 'Transactions');
      const table = page.getByRole('table', { name: 'Transactions' });
      await page.getByText('Showing 2 transactions').waitFor();
      expect(await table.locator('tbody tr td:nth-child(5)').allInnerTexts()).toEqual([
        '2.5 XRP',
        '1.000001 XRP',
      ]);

      await tab.finish([refusedWith(400, 404)]);
    },
    scenarioTimeoutMs,
  );
});
