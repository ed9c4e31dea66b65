import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exitOnSettingsError, loadSettings, SettingsError } from './index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const startScript = fileURLToPath(new URL('./testing/start-with-process-env.ts', import.meta.url));

/** Runs the start-up script in a fresh Node.js process whose environment is exactly `env`. */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', startScript], {
    cwd: packageDir,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('start-up from process.env', () => {
  it('prints the one message and exits 1, without a stack trace, on a bad environment', () => {
    const env = {
      APP_ENV: 'production',
      PORT: 'eighty',
      JWT_SECRET: 'changeme',
      DATABASE_URL: 'mysql://root:hunter2@db/klerno',
    };
    const expected = (() => {
      try {
        loadSettings(env);
      } catch (error) {
        if (error instanceof SettingsError) return error.message;
      }
      throw new Error('expected the environment to be refused');
    })();

    const result = start(env);

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${expected}\n`);
    expect(result.stderr).toMatch(/^Invalid configuration:\n - PORT: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toContain('changeme');
    expect(result.stdout).toBe('');
  });

  it('starts with a good environment', () => {
    const result = start({ APP_ENV: 'test', PORT: '4123' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('loaded test on port 4123\n');
    expect(result.status).toBe(0);
  });
});

describe('exitOnSettingsError', () => {
  it('rethrows anything that is not a SettingsError, since that is a bug', () => {
    const bug = new TypeError('not a configuration problem');
    expect(() => exitOnSettingsError(bug)).toThrow(bug);
  });
});
