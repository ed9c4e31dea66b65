import { randomUUID } from 'node:crypto';
import { createKlernoClient } from '@klerno/sdk';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { withBuiltConsole } from './built-console.js';
import {
  fillCredentials,
  goToPage,
  newCredentials,
  openConsoleTab,
  refusedWith,
} from './console-session.js';
import { customer, scenarioTimeoutMs, treasury, xrpPayment } from './fixtures.js';
import type { NewTransaction } from './fixtures.js';

/** The explorer pages by 25: 30 rows need one "Load more". */
const consolePageSize = 25;
const ingestedCount = 30;

function sampleTransactions(): NewTransaction[] {
  return Array.from({ length: ingestedCount }, (_, index) =>
    xrpPayment(`klerno-web-e2e-${index}`, {
      timestamp: new Date(Date.UTC(2025, 0, 15, 9, index, 0)).toISOString(),
      fromAddress: index % 2 === 0 ? treasury : customer,
      toAddress: index % 2 === 0 ? customer : treasury,
      // Exact, canonical decimals (17 fraction digits) that a float would not keep.
      amount: `${index + 1}000000.${'0'.repeat(16)}${(index % 9) + 1}`,
      direction: index % 2 === 0 ? 'out' : 'in',
      memo: `invoice ${1000 + index}`,
    }),
  );
}

/** Every value in the page's Web Storage: the console may keep a hint there, never a token. */
async function storedValues(page: Page): Promise<{ local: string[]; session: string[] }> {
  return page.evaluate(() => ({
    local: Object.values(window.localStorage),
    session: Object.values(window.sessionStorage),
  }));
}

/** The API names a new organization after its first admin's email. */
function organizationOf(email: string): string {
  return `${email.slice(0, email.indexOf('@'))}'s organization`;
}

const adminPages = ['Dashboard', 'Transactions', 'Alerts', 'Import', 'Settings', 'Users'];

/** The signed-in shell: organization, email and role in the header, the role's pages. */
async function expectShell(
  page: Page,
  expected: { email: string; role: string; organization: string; pages: string[] },
): Promise<void> {
  const header = page.getByRole('banner');
  await header.getByText(expected.organization, { exact: true }).waitFor();
  await header.getByText(expected.email).waitFor();
  await header.getByLabel(`Role: ${expected.role}`).waitFor();
  const navigation = page.getByRole('navigation', { name: 'Main' });
  expect(await navigation.getByRole('link').allInnerTexts()).toEqual(expected.pages);
}

describe('web console against the built API', () => {
  const built = withBuiltConsole();

  it(
    'signs up, shows health and the transactions ingested through the API, pages, signs out and in',
    async () => {
      const tab = await openConsoleTab(built.browser);
      const { context, page } = tab;
      const credentials = newCredentials();

      // The API serves the console under a nonce-based CSP.
      const served = await page.goto(built.api.baseUrl);
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
      const liveness = (await (await fetch(`${built.api.baseUrl}/health`)).json()) as {
        version: string;
      };
      expect(await health.textContent()).toContain(liveness.version);
      await page.getByText('No high-risk transactions.').waitFor();
      await expectShell(page, {
        email: credentials.email,
        role: 'admin',
        organization: organizationOf(credentials.email),
        pages: adminPages,
      });

      // Ingest through the API, as an integration would, with a token from a separate sign-in.
      const grant = await createKlernoClient({ baseUrl: built.api.baseUrl }).auth.login.mutate(
        credentials,
      );
      const client = createKlernoClient({
        baseUrl: built.api.baseUrl,
        accessToken: grant.accessToken,
      });
      const transactions = sampleTransactions();
      const ingested = await client.transactions.ingest.mutate({ transactions });
      expect(ingested.created).toBe(ingestedCount);

      // The refresh token is only in an HttpOnly, SameSite=Strict cookie; no token is in storage.
      const [refreshCookie, ...otherCookies] = await context.cookies(built.api.baseUrl);
      expect(otherCookies).toEqual([]);
      expect(refreshCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(refreshCookie!.value).toMatch(/^klr_/);
      expect(await storedValues(page)).toEqual({ local: ['1'], session: [] });
      expect(await page.evaluate(() => document.cookie)).toBe('');

      // The session survives a reload (the cookie is refreshed) and the table shows what was ingested.
      await page.reload();
      await goToPage(page, 'Transactions');
      expect(new URL(page.url()).pathname).toBe('/transactions');
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
      expect(await context.cookies(built.api.baseUrl)).toEqual([]);
      expect(await storedValues(page)).toEqual({ local: [], session: [] });

      // Signed out stays signed out: a reload asks nothing and shows the sign-in page.
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to Klerno' }).waitFor();
      expect(await page.getByText('You have signed out.').count()).toBe(0);

      await fillCredentials(page, credentials);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText(`Showing ${consolePageSize} transactions`).waitFor();

      await tab.finish();
    },
    scenarioTimeoutMs,
  );

  it(
    "shows the API's own messages for a wrong password and a password that breaks the rules",
    async () => {
      const existing = newCredentials();
      await createKlernoClient({ baseUrl: built.api.baseUrl }).auth.register.mutate(existing);

      const tab = await openConsoleTab(built.browser);
      const { page } = tab;
      await page.goto(built.api.baseUrl);

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
      await tab.finish([refusedWith(400, 401)]);
    },
    scenarioTimeoutMs,
  );

  it(
    'ends a session the API revoked (password changed elsewhere) and says so',
    async () => {
      const tab = await built.openSignedUpTab();
      const { page, credentials } = tab;
      await goToPage(page, 'Transactions');
      await page.getByText(/No transactions yet/).waitFor();

      // Another session of the same user changes the password: every other session ends.
      await tab.client.auth.changePassword.mutate({
        currentPassword: credentials.password,
        newPassword: 'a different passphrase entirely',
      });

      // The next call is refused, the refresh through the cookie is refused too: signed out.
      await page.getByRole('button', { name: 'Refresh', exact: true }).click();
      await page
        .getByRole('status')
        .getByText('Your session has ended. Please sign in again.')
        .waitFor();
      await page.getByRole('heading', { name: 'Sign in to Klerno' }).waitFor();
      expect(await storedValues(page)).toEqual({ local: [], session: [] });

      await tab.finish([refusedWith(401)]);
    },
    scenarioTimeoutMs,
  );

  it(
    'lets an admin invite a viewer, promote them, and not demote the last admin',
    async () => {
      const adminTab = await built.openSignedUpTab();
      const { page: admin, credentials: adminCredentials } = adminTab;
      const organization = organizationOf(adminCredentials.email);

      await goToPage(admin, 'Users');
      expect(new URL(admin.url()).pathname).toBe('/users');
      const members = admin.getByRole('table', { name: 'Users' });
      await members.getByRole('rowheader', { name: `${adminCredentials.email} (you)` }).waitFor();

      // Two invitations: one is revoked, the other is handed over.
      const inviteForm = admin.getByRole('form', { name: 'Invite a user' });
      const revokedEmail = `e2e-revoked-${randomUUID()}@example.com`;
      await inviteForm.getByLabel('Email').fill(revokedEmail);
      await inviteForm.getByLabel('Role').selectOption('analyst');
      await inviteForm.getByRole('button', { name: 'Invite' }).click();
      await admin.getByLabel('Invitation link').waitFor();
      const sent = admin.getByRole('table', { name: 'Invitations sent' });
      await sent.getByRole('button', { name: `Revoke the invitation of ${revokedEmail}` }).click();
      await sent
        .getByRole('row', { name: new RegExp(revokedEmail) })
        .getByText('Revoked')
        .waitFor();

      const invitee = newCredentials();
      await inviteForm.getByLabel('Email').fill(invitee.email);
      await inviteForm.getByLabel('Role').selectOption('viewer');
      await inviteForm.getByRole('button', { name: 'Invite' }).click();
      await admin.getByRole('status').getByText(invitee.email).waitFor();
      const link = await admin.getByLabel('Invitation link').inputValue();
      const token = new URL(link).searchParams.get('invite');
      expect(token).toMatch(/^kli_/);
      expect(new URL(link).origin).toBe(built.api.baseUrl);
      await sent
        .getByRole('row', { name: new RegExp(invitee.email) })
        .getByText('Pending')
        .waitFor();

      // The invitee opens the link in another browser: sign-up, token filled in, then out of the URL.
      const memberTab = await openConsoleTab(built.browser);
      const { page: member } = memberTab;
      await member.goto(link);
      await member.getByRole('heading', { name: 'Create your Klerno account' }).waitFor();
      expect(await member.getByLabel('Invitation token (optional)').inputValue()).toBe(token);
      expect(new URL(member.url()).search).toBe('');
      await fillCredentials(member, invitee);
      await member.getByRole('button', { name: 'Create account', exact: true }).click();
      await expectShell(member, {
        email: invitee.email,
        role: 'viewer',
        organization,
        pages: ['Dashboard', 'Transactions', 'Alerts', 'Settings'],
      });
      await goToPage(member, 'Transactions');
      await member.getByText(/No transactions yet/).waitFor();

      // The admin sees the new member and promotes them to analyst.
      await admin
        .getByRole('region', { name: 'Users' })
        .getByRole('button', { name: 'Refresh' })
        .click();
      const roleOfInvitee = admin.getByLabel(`Role of ${invitee.email}`);
      await roleOfInvitee.waitFor();
      expect(await roleOfInvitee.inputValue()).toBe('viewer');
      await sent
        .getByRole('row', { name: new RegExp(invitee.email) })
        .getByText('Accepted')
        .waitFor();
      await roleOfInvitee.selectOption('analyst');
      await members
        .getByRole('row', { name: new RegExp(invitee.email) })
        .getByText('Active')
        .waitFor();
      await expect.poll(() => roleOfInvitee.inputValue()).toBe('analyst');
      await admin.getByRole('button', { name: `Disable ${invitee.email}` }).waitFor();

      // The invitee's very next action runs with the new role (one refresh through the cookie).
      await member.getByRole('button', { name: 'Refresh', exact: true }).click();
      await member.getByRole('banner').getByLabel('Role: analyst').waitFor();
      await member.getByText(/No transactions yet/).waitFor();
      expect(
        await member.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts(),
      ).toEqual(['Dashboard', 'Transactions', 'Alerts', 'Import', 'Settings']);

      // The only admin cannot demote themselves: the API's message is shown, nothing changes.
      const roleOfAdmin = admin.getByLabel(`Role of ${adminCredentials.email}`);
      await roleOfAdmin.selectOption('viewer');
      const alert = admin.getByRole('region', { name: 'Users' }).getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/last active admin/);
      expect(await roleOfAdmin.inputValue()).toBe('admin');
      await expectShell(admin, {
        email: adminCredentials.email,
        role: 'admin',
        organization,
        pages: adminPages,
      });

      // Disabling the member ends their session at their next request.
      await admin.getByRole('button', { name: `Disable ${invitee.email}` }).click();
      await members
        .getByRole('row', { name: new RegExp(invitee.email) })
        .getByText('Disabled')
        .waitFor();
      await member.getByRole('button', { name: 'Refresh', exact: true }).click();
      await member
        .getByRole('status')
        .getByText('Your session has ended. Please sign in again.')
        .waitFor();

      await memberTab.finish([refusedWith(401)]);
      await adminTab.finish([refusedWith(409)]);
    },
    scenarioTimeoutMs,
  );
});
