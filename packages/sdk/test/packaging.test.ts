/**
 * The SDK as a user gets it: packed, installed from the tarball into a project outside the
 * workspace, type-checked strictly under two module resolutions, and run against a live API.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerFiles } from './consumer-project.js';

const TIMEOUT_MS = 240_000;
const API_START_DEADLINE_MS = 30_000;

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
const apiMain = join(repoRoot, 'apps/api/dist/main.js');

/** Runs a command; on failure the error carries everything it printed (tsc reports on stdout). */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Module specifiers of import/export/require/reference statements. */
function moduleSpecifiers(source: string): string[] {
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\/\/\/\s*<reference\s+(?:types|path)\s*=\s*['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

interface RunningApi {
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
}

async function startApi(databaseFile: string): Promise<RunningApi> {
  const port = await freePort();
  const child = spawn(process.execPath, [apiMain], {
    env: {
      // eslint-disable-next-line no-restricted-properties -- the child's environment, not a setting of ours
      ...process.env,
      APP_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `file:${databaseFile}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const api = { baseUrl: `http://127.0.0.1:${port}`, process: child, output: () => output };

  const deadline = Date.now() + API_START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the API exited with ${child.exitCode}:\n${output}`);
    const healthy = await fetch(`${api.baseUrl}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return api;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  await stopApi(api);
  throw new Error(`the API did not answer /health within ${API_START_DEADLINE_MS} ms:\n${output}`);
}

async function stopApi(api: RunningApi): Promise<void> {
  if (api.process.exitCode !== null || api.process.signalCode !== null) return;
  const exited = new Promise((done) => api.process.once('exit', done));
  api.process.kill('SIGTERM');
  const forced = setTimeout(() => api.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(forced);
}

describe('the packed SDK, installed in a project outside the workspace', () => {
  let workDir: string;
  let consumerDir: string;
  let tarball: string;
  let api: RunningApi | undefined;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'klerno-sdk-packaging-'));
    consumerDir = join(workDir, 'consumer');

    await run('pnpm', ['run', 'build'], packageDir);
    await run('pnpm', ['pack', '--pack-destination', workDir], packageDir);
    const packed = (await readdir(workDir)).find((name) => name.endsWith('.tgz'));
    if (!packed) throw new Error('pnpm pack wrote no tarball');
    tarball = join(workDir, packed);

    await mkdir(consumerDir);
    for (const [name, content] of Object.entries(consumerFiles)) {
      await writeFile(join(consumerDir, name), content);
    }
    // The same @types/node the workspace uses, so the check does not drift with npm's latest.
    const typesNode = JSON.parse(
      await readFile(join(packageDir, 'node_modules/@types/node/package.json'), 'utf8'),
    ) as { version: string };
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarball,
        `@types/node@${typesNode.version}`,
      ],
      consumerDir,
    );
  }, TIMEOUT_MS);

  afterAll(async () => {
    if (api) await stopApi(api);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, TIMEOUT_MS);

  it(
    'passes publint, Are the Types Wrong and the import check',
    async () => {
      const report = await run('node', ['scripts/check-package.mjs', tarball], packageDir);

      expect(report).toContain('No problems found');
      expect(report).toContain('Imports: only the dependencies @trpc/client and @trpc/server.');
    },
    TIMEOUT_MS,
  );

  it(
    'installs with pinned @trpc dependencies and declarations that import nothing of ours',
    async () => {
      const installed = join(consumerDir, 'node_modules/@klerno/sdk');
      const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      expect(Object.keys(manifest.dependencies).sort()).toEqual(['@trpc/client', '@trpc/server']);
      for (const version of Object.values(manifest.dependencies))
        expect(version).toMatch(/^\d+\.\d+\.\d+$/);

      const files = await readdir(join(installed, 'dist'));
      expect(files).toEqual(expect.arrayContaining(['index.d.ts', 'index.d.cts']));
      expect(files.filter((file) => /\.d\.c?ts$/.test(file))).toHaveLength(2);
      for (const file of ['index.d.ts', 'index.d.cts']) {
        const declarations = await readFile(join(installed, 'dist', file), 'utf8');
        const foreign = moduleSpecifiers(declarations).filter(
          (specifier) => !/^@trpc\/(client|server)(\/|$)/.test(specifier),
        );
        expect(foreign, `${file} imports`).toEqual([]);
        for (const forbidden of [
          'drizzle-orm',
          'fastify',
          'better-sqlite3',
          'postgres',
          'pino',
          'zod',
          '@klerno/',
        ]) {
          expect(
            moduleSpecifiers(declarations).some((specifier) => specifier.startsWith(forbidden)),
          ).toBe(false);
        }
      }
    },
    TIMEOUT_MS,
  );

  it.each(['bundler', 'nodenext'])(
    'type-checks a strict consumer (skipLibCheck off) with moduleResolution %s',
    async (resolution) => {
      await run('node', [tsc, '-p', `tsconfig.${resolution}.json`], consumerDir);
    },
    TIMEOUT_MS,
  );

  it(
    'runs the consumer, ESM and CommonJS, against a live API',
    async () => {
      await run('node', [tsc, '-p', 'tsconfig.nodenext.json', '--noEmit', 'false'], consumerDir);
      if (!existsSync(apiMain)) await run('pnpm', ['--filter', '@klerno/api', 'build'], repoRoot);
      api = await startApi(join(workDir, 'api.db'));

      const esm = JSON.parse(await run('node', ['run.mjs', api.baseUrl], consumerDir)) as unknown;
      const cjs = JSON.parse(await run('node', ['run.cjs', api.baseUrl], consumerDir)) as unknown;

      expect(esm).toEqual({
        health: 'ok',
        user: { email: 'consumer@example.com', role: 'admin' },
        tokenType: 'string',
        created: 1,
        listed: [{ txId: 'CONSUMER-1', amount: '12.5', direction: 'out' }],
        nextCursor: null,
        anonymousList: 'UNAUTHORIZED',
      });
      expect(cjs).toBe('ok');
    },
    TIMEOUT_MS,
  );
});
