// Checks the package as it would be published: publint, Are the Types Wrong, and that the
// bundled declarations and JavaScript import nothing but the package's own dependencies
// (@trpc/client, @trpc/server and eventsource; no @klerno/* workspace package, no drizzle-orm,
// fastify, driver, pino or zod).
//
// Usage: node scripts/check-package.mjs [path/to/klerno-sdk-x.y.z.tgz]
// Without a tarball it packs the current dist/ (run `pnpm run build` first; `pnpm check:package` does).
/* global process, console */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleSpecifiers } from './module-specifiers.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(packageDir, 'node_modules', '.bin', name);
const workDir = mkdtempSync(join(tmpdir(), 'klerno-sdk-check-'));

try {
  const tarball = process.argv[2] ? resolve(process.argv[2]) : pack();
  execFileSync(bin('publint'), ['run', '--strict', tarball], { stdio: 'inherit' });
  execFileSync(bin('attw'), [tarball, '--format', 'ascii'], { stdio: 'inherit' });
  const { problems, dependencies } = importProblems(tarball);
  if (problems.length > 0) {
    console.error(`Published files import what consumers do not have:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`Imports: only the dependencies ${dependencies.join(', ')}.`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

function pack() {
  execFileSync('pnpm', ['pack', '--pack-destination', workDir], {
    cwd: packageDir,
    stdio: 'ignore',
  });
  const file = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
  if (!file) throw new Error('pnpm pack wrote no tarball');
  return join(workDir, file);
}

/** Every module specifier in the packed dist/ that is not a dependency (or subpath of one). */
function importProblems(tarball) {
  const unpacked = join(workDir, 'unpacked');
  execFileSync('mkdir', ['-p', unpacked]);
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
  const root = join(unpacked, 'package');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const allowed = Object.keys(manifest.dependencies ?? {});
  const isAllowed = (specifier) =>
    allowed.some((name) => specifier === name || specifier.startsWith(`${name}/`));

  const problems = [];
  for (const file of readdirSync(join(root, 'dist'))) {
    const text = readFileSync(join(root, 'dist', file), 'utf8');
    for (const specifier of moduleSpecifiers(text)) {
      if (!isAllowed(specifier)) problems.push(`dist/${file}: ${specifier}`);
    }
  }
  return { problems, dependencies: allowed.sort() };
}
