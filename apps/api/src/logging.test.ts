import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from './testing/server.js';
import { mutation, query, type Outputs } from './testing/trpc-http.js';

class Capture extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.chunks.push(chunk.toString('utf8'));
    done();
  }
  lines(): Array<Record<string, unknown>> {
    return this.chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

const log = new Capture();
let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer({ env: { LOG_LEVEL: 'trace' }, logDestination: log });
});
afterAll(() => api.close());

describe('logs', () => {
  it('are JSON lines with the request id, and never carry a password or a token', async () => {
    const password = 'canary-password-7f3a9c1e';
    const email = `log-${Date.now()}@example.com`;
    const registered = await mutation<Outputs['auth']['register']>(api.url, 'auth.register', {
      email,
      password,
    });
    const loggedIn = await mutation<Outputs['auth']['login']>(api.url, 'auth.login', {
      email,
      password,
    });
    const { accessToken, refreshToken } = loggedIn.data!;
    await query(api.url, 'auth.me', undefined, accessToken);
    await fetch(
      `${api.url}/trpc/auth.me?input=${encodeURIComponent(JSON.stringify({ password }))}`,
      {
        headers: {
          authorization: `Bearer ${accessToken}`,
          cookie: `session=${refreshToken}`,
          'x-request-id': 'log-test-1',
        },
      },
    );
    await mutation(api.url, 'auth.login', { email, password: 'wrong-canary-password' });

    const text = log.chunks.join('');
    for (const secret of [
      password,
      'wrong-canary-password',
      accessToken,
      refreshToken,
      registered.data!.accessToken,
    ]) {
      expect(text).not.toContain(secret);
    }
    const lines = log.lines();
    const tagged = lines.filter((line) => line.requestId === 'log-test-1');
    expect(tagged.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['incoming request', 'request completed']),
    );
    expect(
      lines.every((line) => typeof line.level === 'number' && typeof line.time === 'number'),
    ).toBe(true);
  });
});

describe('CSP reports', () => {
  it('are logged as a short summary, in both report formats', async () => {
    const reports: Array<[string, unknown]> = [
      [
        'application/csp-report',
        {
          'csp-report': {
            'violated-directive': 'script-src',
            'blocked-uri': 'https://evil.example/a.js',
          },
        },
      ],
      [
        'application/reports+json',
        [
          {
            type: 'csp-violation',
            body: { effectiveDirective: 'style-src', blockedURL: 'inline' },
          },
        ],
      ],
    ];
    for (const [type, report] of reports) {
      const response = await fetch(`${api.url}/csp-report`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify(report),
      });
      expect(response.status).toBe(204);
    }
    const violations = log
      .lines()
      .filter((line) => line.msg === 'CSP violation reported')
      .map((line) => line.cspViolation);
    expect(violations).toEqual(
      expect.arrayContaining([
        { directive: 'script-src', blocked: 'https://evil.example/a.js', document: '' },
        { directive: 'style-src', blocked: 'inline', document: '' },
      ]),
    );
  });
});

describe('LOG_FORMAT=pretty (development only)', () => {
  it('writes one short line per entry, with the level and the request id', async () => {
    const pretty = new Capture();
    const dev = await startTestServer({
      env: { APP_ENV: 'development', LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' },
      logDestination: pretty,
    });
    try {
      await fetch(`${dev.url}/health`, { headers: { 'x-request-id': 'pretty-1' } });
    } finally {
      await dev.close();
    }
    expect(pretty.chunks.join('')).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO \[pretty-1\] incoming request/m,
    );
  });
});
