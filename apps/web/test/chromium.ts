import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Debian's Chromium; playwright-core never downloads a browser. */
export const chromiumExecutable = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumExecutable)) {
    throw new Error(
      `Chromium not found at ${chromiumExecutable}: install it with \`apt-get install chromium\`.`,
    );
  }
  return chromium.launch({
    executablePath: chromiumExecutable,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page complained about: console errors, uncaught exceptions, CSP violations. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspReports: string[];
}

/**
 * Records every problem the page reports. Report-only CSP violations reach the console as
 * errors ("[Report Only] Refused to …"); the init script below also turns every
 * `securitypolicyviolation` event into one, and reports sent to /csp-report are counted.
 * The init script is injected by the DevTools protocol, so it is not itself subject to the CSP.
 */
export async function watchPageProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspReports: [] };
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || /content security policy/i.test(text)) {
      problems.consoleErrors.push(`${message.type()}: ${text}`);
    }
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/csp-report')
      problems.cspReports.push(request.postData() ?? '');
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`,
      );
    });
  });
  return problems;
}
