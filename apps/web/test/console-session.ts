import { randomUUID } from 'node:crypto';
import { createKlernoClient } from '@klerno/sdk';
import type { KlernoClient } from '@klerno/sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { watchPageProblems } from './chromium.js';
import type { PageProblems } from './chromium.js';

/** Shared by the browser tests: accounts, a signed-in page, and the checks every scenario ends with. */

export interface Credentials {
  email: string;
  password: string;
}

export function newCredentials(): Credentials {
  return { email: `e2e-${randomUUID()}@example.com`, password: 'correct horse battery staple' };
}

/** A separate session of the same user, as an integration would hold (signs in lazily). */
export function apiClientFor(baseUrl: string, credentials: Credentials): KlernoClient {
  return createKlernoClient({ baseUrl, auth: credentials });
}

export interface ConsoleTab {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /**
   * The check every scenario ends with: the page reported no problem but the refusals the
   * scenario provokes on purpose (`refusedWith(…)`). Then the tab closes.
   */
  finish(allowedConsoleErrors?: RegExp[]): Promise<void>;
}

/** A tab of its own (cookies and storage included), watched for problems. */
export async function openConsoleTab(browser: Browser): Promise<ConsoleTab> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const problems = await watchPageProblems(page);
  const finish = async (allowedConsoleErrors: RegExp[] = []) => {
    expectNoProblems(problems, allowedConsoleErrors);
    await context.close();
  };
  return { context, page, problems, finish };
}

export interface SignedUpTab extends ConsoleTab {
  credentials: Credentials;
  /** The same user's API client, for seeding and checking what the console did. */
  client: KlernoClient;
}

/** A new tab in which a new user signed up (the admin of a new organization). */
export async function openSignedUpTab(browser: Browser, baseUrl: string): Promise<SignedUpTab> {
  const tab = await openConsoleTab(browser);
  const credentials = newCredentials();
  await signUp(tab.page, credentials, baseUrl);
  return { ...tab, credentials, client: apiClientFor(baseUrl, credentials) };
}

export async function fillCredentials(page: Page, credentials: Credentials): Promise<void> {
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
}

/** Signs up through the console (a new organization, its admin) and waits for the shell. */
export async function signUp(page: Page, credentials: Credentials, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await fillCredentials(page, credentials);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Signs in through the console and waits for the shell. */
export async function signIn(page: Page, credentials: Credentials, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await fillCredentials(page, credentials);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Follows a link of the main navigation. */
export async function goToPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

/** The browser logs every refused request itself; a scenario names the ones it provokes. */
export const refusedWith = (...statuses: number[]) =>
  new RegExp(
    `Failed to load resource: the server responded with a status of (${statuses.join('|')})`,
  );

/** Only a failed request the scenario provokes on purpose may appear in the console. */
export function expectNoProblems(
  problems: PageProblems,
  allowedConsoleErrors: RegExp[] = [],
): void {
  const unexpected = problems.consoleErrors.filter(
    (line) => !allowedConsoleErrors.some((allowed) => allowed.test(line)),
  );
  expect({ ...problems, consoleErrors: unexpected }).toEqual({
    consoleErrors: [],
    pageErrors: [],
    cspReports: [],
  });
}
