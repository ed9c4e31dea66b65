import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSettings } from './index.js';
import { SettingsError } from './errors.js';

const pem = (type: 'ed25519' | 'ec') =>
  (type === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
}

describe('JWT_PRIVATE_KEY (asymmetric signing)', () => {
  it('is unset by default', () => {
    expect(loadSettings({}).jwt.privateKeyPem).toBeUndefined();
  });

  it('accepts an Ed25519 PKCS#8 PEM, directly or through JWT_PRIVATE_KEY_FILE', () => {
    const key = pem('ed25519');
    expect(loadSettings({ JWT_PRIVATE_KEY: key }).jwt.privateKeyPem).toBe(key);
    const settings = loadSettings(
      { JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt-key' },
      { readFile: () => `${key}\n` },
    );
    expect(settings.jwt.privateKeyPem?.trim()).toBe(key.trim());
  });

  it.each([
    ['garbage', 'not a key at all', /PKCS#8 PEM private key/],
    ['another curve', pem('ec'), /must be an Ed25519 key, not ec/],
  ])('refuses %s without echoing it', (_name, value, message) => {
    const problems = problemsOf({ JWT_PRIVATE_KEY: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^JWT_PRIVATE_KEY: /);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).not.toContain(value.slice(0, 40));
  });
});
