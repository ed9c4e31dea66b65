/**
 * The SDK as a user gets it: packed, installed from the tarball into a project outside the
 * workspace, type-checked strictly under two module resolutions, and run against a live API.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startBuiltApi } from './built-api.js';
import type { BuiltApi } from './built-api.js';
import { consumerFiles } from './consumer-project.js';
import { moduleSpecifiers } from '../scripts/module-specifiers.mjs';

const TIMEOUT_MS = 240_000;

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');

/** Runs a command; on failure the error carries everything it printed (tsc reports on stdout). */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`));
      else resolvePromise(stdout);
    });
  });
}

/** Module specifiers of import/export/require/reference statements. */

describe('the packed SDK, installed in a project outside the workspace', () => {
  let workDir: string;
  let consumerDir: string;
  let tarball: string;
  let api: BuiltApi | undefined;

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
    await api?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, TIMEOUT_MS);

  it(
    'passes publint, Are the Types Wrong and the import check',
    async () => {
      const report = await run('node', ['scripts/check-package.mjs', tarball], packageDir);

      expect(report).toContain('No problems found');
      expect(report).toContain(
        'Imports: only the dependencies @trpc/client, @trpc/server, eventsource.',
      );
    },
    TIMEOUT_MS,
  );

  it(
    'installs with pinned dependencies and declarations that import nothing of ours',
    async () => {
      const installed = join(consumerDir, 'node_modules/@klerno/sdk');
      const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      // eventsource: subscriptions in Node.js 20, which has no EventSource of its own.
      expect(Object.keys(manifest.dependencies).sort()).toEqual([
        '@trpc/client',
        '@trpc/server',
        'eventsource',
      ]);
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
      api = await startBuiltApi();

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
        refreshed: { rotations: 1, newRefreshToken: true, listed: 1 },
        apiKey: { prefix: 'klk_', listed: 1, ingest: 'forbidden' },
        alert: { tracked: true, riskBucket: 'high', status: 'open' },
      });
      expect(cjs).toBe('ok');
    },
    TIMEOUT_MS,
  );
});
