/**
 * Summarises a V8 CPU profile written by `pnpm bench -- --profile` (node --cpu-prof):
 * `pnpm --filter @klerno/bench profile-summary <file.cpuprofile> [--top N] [--match <regex>]`.
 * Prints self time by area (package or part of the API) and by function, and the inclusive time
 * of the functions whose name matches --match (e.g. "limitClientIp|limitIdentity").
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/.pnpm/<pkg>@x/node_modules/<pkg>/… → <pkg>; the API bundle, Node internals, V8. */
function areaOf({ url, functionName }: CallFrame): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (match?.[1]) return match[1];
  if (url.includes('/apps/api/dist/')) return 'apps/api (bundle)';
  return url.replace(/^file:\/\//, '');
}

const keyOf = ({ functionName, url, lineNumber }: CallFrame) =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/apps\//, 'apps/')}:${lineNumber + 1}`;

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
}

function top(map: Map<string, number>, count: number, whole: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${percent(micros, whole)}  ${name}`);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string' }, match: { type: 'string' } },
});
const file = positionals[0];
if (file === undefined)
  throw new Error('usage: profile-summary <file.cpuprofile> [--top N] [--match regex]');
const count = Number(values.top ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, index) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const busy = [...selfMicros.entries()]
  .filter(([id]) => nodes.get(id)?.callFrame.functionName !== '(idle)')
  .reduce((sum, [, micros]) => sum + micros, 0);

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const frame = nodes.get(id)?.callFrame;
  if (!frame || frame.functionName === '(idle)') continue;
  byArea.set(areaOf(frame), (byArea.get(areaOf(frame)) ?? 0) + micros);
  byFunction.set(keyOf(frame), (byFunction.get(keyOf(frame)) ?? 0) + micros);
}

console.log(`busy time ${(busy / 1000).toFixed(0)} ms (idle excluded)\n\nself time by area:`);
console.log(top(byArea, count, busy).join('\n'));
console.log('\nself time by function:');
console.log(top(byFunction, count, busy).join('\n'));

if (values.match) {
  const pattern = new RegExp(values.match);
  const inclusive = (id: number): number => {
    const node = nodes.get(id);
    return (
      (selfMicros.get(id) ?? 0) +
      (node?.children ?? []).reduce((sum, child) => sum + inclusive(child), 0)
    );
  };
  // Only the outermost matching frame of each stack counts, so recursion is not counted twice.
  const totals = new Map<string, number>();
  const visit = (id: number, insideMatch: boolean) => {
    const node = nodes.get(id);
    if (!node) return;
    const matches = !insideMatch && pattern.test(node.callFrame.functionName);
    if (matches)
      totals.set(keyOf(node.callFrame), (totals.get(keyOf(node.callFrame)) ?? 0) + inclusive(id));
    for (const child of node.children ?? []) visit(child, insideMatch || matches);
  };
  const root = profile.nodes[0];
  if (root) visit(root.id, false);
  console.log(`\ninclusive time of functions matching /${values.match}/:`);
  console.log(top(totals, count, busy).join('\n'));
}
