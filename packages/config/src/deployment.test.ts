import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KNOWN_VARIABLES, loadSettings } from './index.js';

// docker-compose.yml and the Dockerfile are for our users; no Docker engine runs here, so these
// tests hold their settings to what loadSettings knows and accepts.
const repoFile = (name: string) => fileURLToPath(new URL(`../../../${name}`, import.meta.url));

interface ComposeService {
  environment?: Record<string, string | number | boolean>;
}

function composeEnvironment(service: string): Record<string, string> {
  const compose = parse(readFileSync(repoFile('docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
  };
  const environment = compose.services[service]?.environment;
  if (!environment) throw new Error(`docker-compose.yml has no environment for ${service}`);
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, String(v)]));
}

/** ENV lines of the Dockerfile's runtime stage (NODE_ENV is for libraries, not ours). */
function dockerfileRuntimeEnvironment(): Record<string, string> {
  const text = readFileSync(repoFile('Dockerfile'), 'utf8');
  const runtime = text.slice(text.lastIndexOf('FROM '));
  const env: Record<string, string> = {};
  for (const block of runtime.matchAll(/^ENV\s+((?:.*\\\n)*.*)$/gm)) {
    for (const pair of block[1]!.replace(/\\\n/g, ' ').matchAll(/(\w+)=(\S+)/g)) {
      env[pair[1]!] = pair[2]!;
    }
  }
  return env;
}

describe('deployment files', () => {
  it('docker-compose sets only variables that packages/config knows', () => {
    const names = Object.keys(composeEnvironment('api'));
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((name) => !KNOWN_VARIABLES.includes(name))).toEqual([]);
  });

  it('the Dockerfile sets only variables that packages/config knows', () => {
    const names = Object.keys(dockerfileRuntimeEnvironment()).filter((n) => n !== 'NODE_ENV');
    expect(names).toContain('APP_ENV');
    expect(names.filter((name) => !KNOWN_VARIABLES.includes(name))).toEqual([]);
  });

  it("docker-compose's settings are valid in production once a strong JWT_SECRET is given", () => {
    const env = composeEnvironment('api');
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    const settings = loadSettings({
      ...env,
      JWT_SECRET: 'q7G2vX9pL4mN8rT1wZ6yB3cF5hJ0kD2sA9eU4iO7',
    });
    expect(settings.appEnv).toBe('production');
    expect(settings.database.kind).toBe('postgres');
    expect(settings.redisUrl).toBe('redis://redis:6379');
  });

  it('docker-compose without a JWT_SECRET is refused in production', () => {
    const env = composeEnvironment('api');
    delete env.JWT_SECRET;
    expect(() => loadSettings(env)).toThrow(/JWT_SECRET/);
  });
});
