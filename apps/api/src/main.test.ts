import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { registerUser } from './testing/trpc-http.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const MIGRATE = fileURLToPath(new URL('./migrate.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  /** Resolves with the first stdout line containing `text`. */
  waitForLine(text: string): Promise<string>;
}

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'klerno-main-'));
  folders.push(folder);
  return folder;
}

/** Runs src/main.ts (or another entry) with exactly `env` and nothing else, as a fresh machine would. */
function runMain(env: Record<string, string>, cwd: string, script = MAIN): Running {
  const child = spawn(process.execPath, ['--import', TSX, script], {
    cwd,
    env,
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: Array<{ text: string; resolve: (line: string) => void }> = [];
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      stdout.push(line);
      for (const waiter of waiters.filter((w) => line.includes(w.text))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLine: (text) =>
      new Promise((resolve, reject) => {
        const seen = stdout.find((line) => line.includes(text));
        if (seen) return resolve(seen);
        waiters.push({ text, resolve });
        void exited.then((code) =>
          reject(new Error(`exited (${code}) before "${text}": ${stderr.join('')}`)),
        );
      }),
  };
}

/** A POST whose body is sent in two parts: the request stays in flight until `finish()`. */
function startStreamingPost(url: string, body: string, token: string) {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  let finish!: () => void;
  const response = new Promise<{ status: number; body: string; connection: string | undefined }>(
    (resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': bytes.length,
          authorization: `Bearer ${token}`,
          'x-request-id': 'in-flight-ingest',
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }),
        );
      });
      req.on('error', reject);
      req.write(bytes.subarray(0, half));
      finish = () => req.end(bytes.subarray(half));
    },
  );
  return { response, finish: () => finish() };
}

describe('main', () => {
  it('starts with no configuration (creating ./data/klerno.db) and drains in-flight requests on SIGTERM, exit 0', async () => {
    const cwd = tempFolder();
    const main = runMain({ PORT: '0' }, cwd);
    const readyLine = await main.waitForLine('Klerno is ready');
    const { url } = JSON.parse(readyLine) as { url: string };
    expect(existsSync(join(cwd, 'data', 'klerno.db'))).toBe(true);

    const { accessToken } = await registerUser(url);
    const transactions = Array.from({ length: 200 }, (_, i) => ({
      chain: 'xrpl',
      txId: `DRAIN${i}`,
      timestamp: '2024-05-01T12:00:00Z',
      fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
      toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
      amount: String(i),
      currency: 'XRP',
      direction: 'out',
    }));
    const inFlight = startStreamingPost(
      `${url}/trpc/transactions.ingest`,
      JSON.stringify({ transactions }),
      accessToken,
    );

    // The server has the request (its headers, not yet its whole body) before the signal arrives.
    await main.waitForLine('"requestId":"in-flight-ingest"');
    main.child.kill('SIGTERM');
    await main.waitForLine('shutting down');
    inFlight.finish();

    const response = await inFlight.response;
    expect(response.status).toBe(200);
    expect(
      (JSON.parse(response.body) as { result: { data: { created: number } } }).result.data.created,
    ).toBe(200);
    expect(response.connection).toBe('close');
    expect(await main.exited).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('exits 1 with one clear line, without the password, when PostgreSQL is unreachable', async () => {
    const main = runMain(
      { PORT: '0', DATABASE_URL: 'postgres://user:pw@127.0.0.1:1/x' },
      tempFolder(),
    );
    expect(await main.exited).toBe(1);
    const stderr = main.stderr.join('');
    expect(stderr).toContain('Klerno cannot start');
    expect(stderr).toContain('127.0.0.1:1');
    expect(stderr).not.toContain('pw');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 listing the problem when DATABASE_URL is invalid', async () => {
    const main = runMain({ PORT: '0', DATABASE_URL: 'mysql://localhost/klerno' }, tempFolder());
    expect(await main.exited).toBe(1);
    const stderr = main.stderr.join('');
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('db:migrate applies migrations and exits 0', async () => {
    const cwd = tempFolder();
    const migrate = runMain({ DATABASE_URL: 'file:./db/klerno.db' }, cwd, MIGRATE);
    expect(await migrate.exited).toBe(0);
    expect(migrate.stdout.join('\n')).toContain('Migrations applied (SQLite');
    expect(existsSync(join(cwd, 'db', 'klerno.db'))).toBe(true);
  });
});
