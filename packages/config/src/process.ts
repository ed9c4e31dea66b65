import { SettingsError } from './errors.js';
import { loadSettings } from './load.js';
import type { Settings } from './settings.js';

/** The only place in Klerno that reads `process.env`. */
export function loadSettingsFromProcess(): Settings {
  return loadSettings(process.env);
}

/**
 * For start-up code: prints a `SettingsError` as its one message (no stack trace) to stderr
 * and exits with code 1. Anything else is rethrown, since it is a bug rather than bad input.
 */
export function exitOnSettingsError(error: unknown): never {
  if (!(error instanceof SettingsError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

/** `loadSettingsFromProcess`, exiting with code 1 and one message when the configuration is invalid. */
export function loadSettingsOrExit(): Settings {
  try {
    return loadSettingsFromProcess();
  } catch (error) {
    return exitOnSettingsError(error);
  }
}
