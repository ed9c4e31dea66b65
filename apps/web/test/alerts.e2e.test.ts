import { createKlernoClient } from '@klerno/sdk';
import { describe, expect, it } from 'vitest';
import { withBuiltConsole } from './built-console.js';
import {
  apiClientFor,
  goToPage,
  newCredentials,
  openConsoleTab,
  signIn,
} from './console-session.js';
import type { Credentials } from './console-session.js';
import {
  customer,
  sanctioned,
  sanctionsCsv,
  scenarioTimeoutMs,
  treasury,
  xrpPayment,
} from './fixtures.js';
import type { NewTransaction } from './fixtures.js';

/** Listed as sanctioned too in the second scenario. */
const alsoSanctioned = customer;

/** An outgoing 20000 XRP to a sanctioned address: 0.85, above the default threshold of 0.75. */
function riskyPayment(seed: string, timestamp: string): NewTransaction {
  return xrpPayment(seed, {
    timestamp,
    fromAddress: treasury,
    toAddress: sanctioned,
    amount: '20000',
    direction: 'out',
    memo: 'payout',
  });
}

describe('alerts against the built API', () => {
  // The console runs under the enforced CSP here: live updates must not need anything it blocks.
  const built = withBuiltConsole({ env: { CSP_MODE: 'enforce' } });

  it(
    'shows an alert live as it is raised, then assigns, investigates, comments and closes it with an outcome',
    async () => {
      const tab = await built.openSignedUpTab();
      const { page, credentials, client } = tab;
      await client.labels.import.mutate({ csv: sanctionsCsv('OFAC SDN', sanctioned) });

      await goToPage(page, 'Alerts');
      await page.getByText('Live: new alerts appear as they are raised').waitFor();
      await page.getByText('No alerts yet.', { exact: false }).waitFor();

      // Raised by an ingest elsewhere: it arrives without a reload.
      await client.transactions.ingest.mutate({
        transactions: [riskyPayment('alerts-e2e-1', '2025-05-01T10:00:00.000Z')],
      });
      await page
        .getByRole('status')
        .getByText(/^New alert: score 0\.85 \(high\)/)
        .waitFor();
      const table = page.getByRole('table', { name: 'Alerts' });
      await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
      expect(await table.locator('tbody tr').innerText()).toContain('Open');

      await table.getByRole('button', { name: /^Open the alert of/ }).click();
      const detail = page.getByRole('complementary', { name: 'Alert' });
      const state = detail.getByRole('definition').first();
      await state.getByText('Open').waitFor();
      await detail.getByRole('table', { name: /Why it scored 0\.85/ }).waitFor();

      await detail.getByRole('button', { name: 'Assign to me' }).click();
      await detail.getByText('Took the alert').waitFor();
      await detail.getByRole('button', { name: 'Start investigating' }).click();
      await detail.getByText('Status Open → Investigating').waitFor();

      await detail
        .getByLabel('Comment', { exact: true })
        .fill('Called the treasury: payout to a listed address.');
      await detail.getByRole('button', { name: 'Add comment' }).click();
      await detail.getByText('Called the treasury: payout to a listed address.').waitFor();

      const closeForm = detail.getByRole('form', { name: 'Close the alert' });
      await closeForm.getByLabel('Outcome').selectOption('escalated');
      await closeForm.getByRole('button', { name: 'Close alert' }).click();
      await detail.getByText('Status Investigating → Closed (Escalated)').waitFor();
      await table.getByText('Closed').waitFor();

      const [alert] = (await client.alerts.list.query({})).items;
      expect(alert).toMatchObject({
        status: 'closed',
        outcome: 'escalated',
        assigneeEmail: credentials.email,
      });
      const history = (await client.alerts.byId.query({ id: alert!.id })).history;
      expect(history.map((event) => event.kind)).toEqual([
        'created',
        'assigned',
        'status_changed',
        'commented',
        'status_changed',
      ]);

      // The alerts list filters by status; the dashboard shows the next alert live too.
      const filters = page.getByRole('search', { name: 'Filter alerts' });
      await filters.getByLabel('Status').selectOption('open');
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      await page.getByText('No alerts match these filters.', { exact: false }).waitFor();
      expect(new URL(page.url()).search).toBe('?status=open');

      await goToPage(page, 'Dashboard');
      const liveAlerts = page.getByRole('region', { name: 'Live alerts' });
      await liveAlerts.getByText('Live: new alerts appear as they are raised').waitFor();
      await expect.poll(() => liveAlerts.locator('tbody tr').count()).toBe(1);
      await client.transactions.ingest.mutate({
        transactions: [riskyPayment('alerts-e2e-2', '2025-05-02T10:00:00.000Z')],
      });
      await expect.poll(() => liveAlerts.locator('tbody tr').count()).toBe(2);
      expect(await liveAlerts.locator('tbody tr').first().innerText()).toContain('Open');

      await tab.finish();
    },
    scenarioTimeoutMs,
  );

  it(
    'lets an analyst hand an alert to a colleague, telling alerts of one ingest apart by their payments',
    async () => {
      // An organization of an admin, two analysts and a viewer, made through the API.
      const admin = newCredentials();
      const anonymous = createKlernoClient({ baseUrl: built.api.baseUrl });
      await anonymous.auth.register.mutate(admin);
      const adminClient = apiClientFor(built.api.baseUrl, admin);
      const analyst = newCredentials();
      const colleague = newCredentials();
      const viewer = newCredentials();
      const join = async (member: Credentials, role: 'analyst' | 'viewer') => {
        const { token } = await adminClient.org.invite.mutate({ email: member.email, role });
        await anonymous.auth.register.mutate({ ...member, invitationToken: token });
      };
      await join(analyst, 'analyst');
      await join(colleague, 'analyst');
      await join(viewer, 'viewer');
      await adminClient.labels.import.mutate({
        csv: sanctionsCsv('OFAC SDN', sanctioned, alsoSanctioned),
      });
      // One ingest, two alerts with the same score and time: only their payments tell them apart.
      await adminClient.transactions.ingest.mutate({
        transactions: [
          riskyPayment('alerts-e2e-assign-1', '2025-05-03T10:00:00.000Z'),
          {
            ...riskyPayment('alerts-e2e-assign-2', '2025-05-03T11:30:00.000Z'),
            toAddress: alsoSanctioned,
            amount: '15000.25',
          },
        ],
      });

      const tab = await openConsoleTab(built.browser);
      const { page } = tab;
      await signIn(page, analyst, built.api.baseUrl);
      await goToPage(page, 'Alerts');
      const table = page.getByRole('table', { name: 'Alerts' });
      await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
      const rows = await table.locator('tbody tr').allInnerTexts();
      const rowOf = (amount: string) => rows.find((row) => row.includes(amount)) ?? '';
      expect(rowOf('20000 XRP')).toContain(sanctioned);
      expect(rowOf('20000 XRP')).toContain('2025-05-03 10:00:00 UTC');
      expect(rowOf('15000.25 XRP')).toContain(alsoSanctioned);
      expect(rowOf('15000.25 XRP')).toContain('2025-05-03 11:30:00 UTC');
      for (const row of rows) expect(row).toContain('To');

      await table.getByRole('button', { name: /: 15000\.25 XRP to rPT1Sj…bpAYe$/ }).click();
      const detail = page.getByRole('complementary', { name: 'Alert' });
      const assignForm = detail.getByRole('form', { name: 'Assign to a member' });
      const picker = assignForm.getByLabel('Assign to', { exact: true });
      // Every active analyst and admin, by email; not the viewer.
      const expectedOptions = [
        { email: admin.email, label: `${admin.email} — Admin` },
        { email: analyst.email, label: `${analyst.email} (you) — Analyst` },
        { email: colleague.email, label: `${colleague.email} — Analyst` },
      ]
        .sort((a, b) => (a.email < b.email ? -1 : 1))
        .map((option) => option.label);
      await expect
        .poll(() => picker.locator('option').allInnerTexts())
        .toEqual(['Choose a member…', ...expectedOptions]);
      await picker.selectOption({ label: `${colleague.email} — Analyst` });
      await assignForm.getByRole('button', { name: 'Assign' }).click();
      await detail.getByText(`Assigned to ${colleague.email}`).waitFor();
      await table
        .getByRole('row', { name: /15000\.25 XRP/ })
        .getByText(colleague.email)
        .waitFor();

      const assigned = (await adminClient.alerts.list.query({})).items.find(
        (alert) => alert.transaction.amount === '15000.25',
      );
      expect(assigned).toMatchObject({
        assigneeEmail: colleague.email,
        transaction: { toAddress: alsoSanctioned, currency: 'XRP', direction: 'out' },
      });
      const history = (await adminClient.alerts.byId.query({ id: assigned!.id })).history;
      expect(history.map((event) => [event.kind, event.actorEmail])).toEqual([
        ['created', null],
        ['assigned', analyst.email],
      ]);

      // The assignee filter lists colleagues as well as "me" and "unassigned".
      const filters = page.getByRole('search', { name: 'Filter alerts' });
      const assigneeFilter = filters.getByLabel('Assignee');
      await expect
        .poll(() => assigneeFilter.locator('option').allInnerTexts())
        .toEqual([
          'Anyone',
          'Assigned to me',
          'Unassigned',
          ...[admin.email, colleague.email].sort(),
        ]);
      await assigneeFilter.selectOption({ label: colleague.email });
      await filters.getByRole('button', { name: 'Apply filters' }).click();
      const colleagueId = assigned!.assigneeId!;
      await expect.poll(() => new URL(page.url()).search).toBe(`?assignee=${colleagueId}`);
      await expect.poll(() => table.locator('tbody tr').allInnerTexts()).toHaveLength(1);
      expect(await table.locator('tbody tr').innerText()).toContain('15000.25 XRP');
      // A reload (or a shared link) shows the same view, the colleague still chosen.
      await page.reload();
      await expect.poll(() => table.locator('tbody tr').allInnerTexts()).toHaveLength(1);
      expect(await assigneeFilter.inputValue()).toBe(colleagueId);

      // The dashboard's live alerts name the payments too.
      await goToPage(page, 'Dashboard');
      const liveAlerts = page.getByRole('region', { name: 'Live alerts' });
      await expect.poll(() => liveAlerts.locator('tbody tr').count()).toBe(2);
      const liveRows = await liveAlerts.locator('tbody tr').allInnerTexts();
      expect(liveRows.find((row) => row.includes('15000.25 XRP'))).toContain(alsoSanctioned);
      expect(liveRows.find((row) => row.includes('20000 XRP'))).toContain(sanctioned);

      await tab.finish();
    },
    scenarioTimeoutMs,
  );
});
