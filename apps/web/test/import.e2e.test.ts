import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltApi } from './built-api.js';
import type { BuiltApi } from './built-api.js';
import { launchChromium } from './chromium.js';
import {
  apiClientFor,
  expectNoProblems,
  goToPage,
  newCredentials,
  openConsoleTab,
  refusedWith,
  signUp,
} from './console-session.js';
import { startFakeXrplNode } from './fake-xrpl-node.js';
import type { FakeXrplNode } from './fake-xrpl-node.js';

const startupTimeoutMs = 60_000;
const scenarioTimeoutMs = 90_000;

const treasury = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
const customer = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const unknownAccount = 'ra5nK24KXen9AHvsdFTKHSANinZseWnPcX';
const hash = (seed: string) => createHash('sha256').update(seed).digest('hex').toUpperCase();

/** Lines 2 and 4 are good; line 3 has an amount no decimal column may hold. */
const csvWithBadRow = [
  'chain,txId,timestamp,fromAddress,toAddress,amount,currency,direction,fee,memo',
  `xrpl,${hash('csv-1')},2025-03-01T10:00:00Z,${treasury},${customer},100.25,XRP,out,0.1,rent`,
  `xrpl,${hash('csv-2')},2025-03-01T11:00:00Z,${treasury},${customer},1e400,XRP,out,0,broken`,
  `xrpl,${hash('csv-3')},2025-03-01T12:00:00Z,${customer},${treasury},7,XRP,in,0,refund`,
].join('\r\n');

describe('import page against the built API', () => {
  let api: BuiltApi;
  let browser: Browser;
  let node: FakeXrplNode;

  beforeAll(async () => {
    node = await startFakeXrplNode(
      new Map([
        [
          treasury,
          [
            {
              hash: hash('ledger-1'),
              from: customer,
              to: treasury,
              drops: '2500000',
              time: '2025-04-02T08:00:00Z',
              memo: 'salary',
            },
            {
              hash: hash('ledger-2'),
              from: treasury,
              to: customer,
              drops: '1000001',
              time: '2025-04-01T08:00:00Z',
            },
          ],
        ],
      ]),
    );
    api = await startBuiltApi({ env: { XRPL_RPC_URL: node.url } });
    browser = await launchChromium();
  }, startupTimeoutMs);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await node?.close();
  }, startupTimeoutMs);

  it(
    'refuses a CSV with a bad row (its line and reason shown, nothing written), then imports the good rows',
    async () => {
      const { context, page, problems } = await openConsoleTab(browser);
      const credentials = newCredentials();
      await signUp(page, credentials, api.baseUrl);
      const client = apiClientFor(api.baseUrl, credentials);
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

      expectNoProblems(problems, [refusedWith(422)]);
      await context.close();
    },
    scenarioTimeoutMs,
  );

  it(
    "imports an XRPL account's payments and gives typed messages for a bad address and an unknown account",
    async () => {
      const { context, page, problems } = await openConsoleTab(browser);
      const credentials = newCredentials();
      await signUp(page, credentials, api.baseUrl);
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

      expectNoProblems(problems, [refusedWith(400, 404)]);
      await context.close();
    },
    scenarioTimeoutMs,
  );
});
