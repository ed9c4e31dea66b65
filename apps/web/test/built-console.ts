import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startBuiltApi } from './built-api.js';
import type { BuiltApi, BuiltApiOptions } from './built-api.js';
import { launchChromium } from './chromium.js';
import { openSignedUpTab } from './console-session.js';
import type { SignedUpTab } from './console-session.js';

const startupTimeoutMs = 60_000;

/** The built API (which serves the built console) and Chromium, shared by a file's scenarios. */
export interface BuiltConsole {
  readonly api: BuiltApi;
  readonly browser: Browser;
  /** A new tab in which a new user signed up (the admin of a new organization). */
  openSignedUpTab(): Promise<SignedUpTab>;
}

/**
 * Starts both before the file's first test and stops them after its last (call it inside
 * `describe`). `options` may be a function, read when the API starts: settings that come from a
 * server another `beforeAll` started first (a fake ledger node, say).
 */
export function withBuiltConsole(
  options: BuiltApiOptions | (() => BuiltApiOptions) = {},
): BuiltConsole {
  let api: BuiltApi | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    api = await startBuiltApi(typeof options === 'function' ? options() : options);
    browser = await launchChromium();
  }, startupTimeoutMs);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  }, startupTimeoutMs);

  const started = <Value>(value: Value | undefined, what: string): Value => {
    if (value === undefined) throw new Error(`${what} has not started: use it inside a test.`);
    return value;
  };
  return {
    get api() {
      return started(api, 'The built API');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    openSignedUpTab() {
      return openSignedUpTab(started(browser, 'Chromium'), started(api, 'The built API').baseUrl);
    },
  };
}
