import { createKlernoClient, errorCode } from '@klerno/sdk';
import { describe, expect, it } from 'vitest';
import { withBuiltConsole } from './built-console.js';
import { goToPage, refusedWith } from './console-session.js';
import {
  failureOf,
  sanctioned,
  sanctionsCsv,
  scenarioTimeoutMs,
  treasury,
  xrpPayment,
} from './fixtures.js';

const wallet = treasury;
const labelled = sanctioned;

describe('settings page against the built API', () => {
  const built = withBuiltConsole();

  it(
    'changes the threshold and back to the default, adds and removes a wallet, creates and revokes an API key, imports labels and re-scores',
    async () => {
      const tab = await built.openSignedUpTab();
      const { page, client } = tab;
      await goToPage(page, 'Settings');

      // Threshold: the default shows until the user picks one.
      const preferences = page.getByRole('region', { name: 'Risk threshold and time range' });
      const threshold = preferences.getByLabel('Risk threshold', { exact: true });
      await preferences.getByText('The default, 0.75, applies.', { exact: false }).waitFor();
      expect(await threshold.inputValue()).toBe('0.75');
      expect(
        await preferences.getByRole('button', { name: 'Reset threshold to default' }).count(),
      ).toBe(0);

      await threshold.fill('1.5');
      await preferences.getByRole('button', { name: 'Save' }).click();
      await preferences.getByText('Enter a number from 0 to 1 with at most 4 decimals').waitFor();
      expect(await threshold.getAttribute('aria-invalid')).toBe('true');

      await threshold.fill('0.5');
      await preferences.getByLabel('Time range (days)').fill('7');
      await preferences.getByRole('button', { name: 'Save' }).click();
      await preferences.getByRole('status').getByText('Settings saved.').waitFor();
      expect(await client.settings.get.query()).toEqual({
        riskThreshold: 0.5,
        riskThresholdIsDefault: false,
        timeRangeDays: 7,
      });
      await page.reload();
      expect(await threshold.inputValue()).toBe('0.50');
      await preferences.getByText('Your own threshold.', { exact: false }).waitFor();

      await preferences.getByRole('button', { name: 'Reset threshold to default' }).click();
      await preferences
        .getByRole('status')
        .getByText('The risk threshold is back to the default.')
        .waitFor();
      expect(await threshold.inputValue()).toBe('0.75');
      expect(await client.settings.get.query()).toMatchObject({ riskThresholdIsDefault: true });

      // Watched wallets.
      const wallets = page.getByRole('region', { name: 'Watched wallets' });
      const addWallet = wallets.getByRole('form', { name: 'Add a wallet' });
      await addWallet.getByLabel('XRPL address').fill('rNotAnAddress');
      await addWallet.getByRole('button', { name: 'Add wallet' }).click();
      await addWallet.getByText(/address must be/).waitFor();

      await addWallet.getByLabel('XRPL address').fill(wallet);
      await addWallet.getByLabel('Label (optional)').fill('Treasury');
      await addWallet.getByRole('button', { name: 'Add wallet' }).click();
      const walletsTable = wallets.getByRole('table', { name: 'Watched wallets' });
      await walletsTable.getByRole('rowheader', { name: wallet }).waitFor();
      expect(await walletsTable.locator('tbody tr').innerText()).toContain('Treasury');
      expect((await client.wallets.list.query()).items.map((item) => item.address)).toEqual([
        wallet,
      ]);

      await wallets.getByRole('button', { name: `Remove ${wallet}` }).click();
      await wallets.getByText('No watched wallets yet.').waitFor();

      // API keys: the secret is shown once and works; revoked, it no longer does.
      const keys = page.getByRole('region', { name: 'API keys' });
      const createKey = keys.getByRole('form', { name: 'Create an API key' });
      await createKey.getByLabel('Key name').fill('ci-bot');
      await createKey.getByLabel('Key role').selectOption('analyst');
      await createKey.getByRole('button', { name: 'Create key' }).click();
      const secret = await keys.getByLabel('API key secret').inputValue();
      expect(secret).toMatch(/^klk_/);
      const keysTable = keys.getByRole('table', { name: 'API keys' });
      const keyRow = keysTable.getByRole('row', { name: /ci-bot/ });
      await keyRow.getByText('active').waitFor();
      expect(await keyRow.innerText()).toContain('Analyst');

      const machine = createKlernoClient({ baseUrl: built.api.baseUrl, auth: { apiKey: secret } });
      expect((await machine.transactions.list.query({})).items).toEqual([]);

      await keys.getByRole('button', { name: 'Revoke ci-bot' }).click();
      await keyRow.getByText('revoked').waitFor();
      expect(errorCode(await failureOf(() => machine.transactions.list.query({})))).toBe(
        'UNAUTHORIZED',
      );

      // Admins: address labels; a re-score then applies them to what is already held.
      await client.transactions.ingest.mutate({
        transactions: [
          xrpPayment('settings-e2e-rescore-1', {
            timestamp: new Date().toISOString(),
            fromAddress: wallet,
            toAddress: labelled,
            amount: '20000',
            direction: 'out',
          }),
        ],
      });
      const labels = page.getByRole('region', { name: 'Address labels' });
      await labels.getByLabel(/Labels CSV/).setInputFiles({
        name: 'sanctions.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(sanctionsCsv('OFAC SDN', labelled)),
      });
      await labels.getByRole('button', { name: 'Import labels' }).click();
      await labels
        .getByRole('status')
        .getByText('Imported 1 new label; updated the source of 0.')
        .waitFor();
      const labelsTable = labels.getByRole('table', { name: 'Address labels' });
      await labelsTable.getByRole('rowheader', { name: labelled }).waitFor();

      const rescore = page.getByRole('region', { name: 'Re-score transactions' });
      await rescore.getByRole('button', { name: 'Re-score' }).click();
      await rescore
        .getByRole('status')
        .getByText(/^Re-scored 1 transaction of .+: 1 score changed, 1 new alert\.$/)
        .waitFor();
      const [rescored] = (await client.transactions.list.query({})).items;
      expect(rescored).toMatchObject({ riskScore: 0.85, riskBucket: 'high' });

      await labels
        .getByRole('button', { name: `Remove the sanctioned label of ${labelled}` })
        .click();
      await labels.getByText('No labels yet.').waitFor();

      await tab.finish([refusedWith(400)]);
    },
    scenarioTimeoutMs,
  );
});
