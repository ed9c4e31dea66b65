import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

const STOP_DEADLINE_MS = 10_000;
const START_DEADLINE_MS = 30_000;
/** Linux reports process CPU times in clock ticks of 1/100 s (USER_HZ) on every common build. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The absolute path of a program on the caller's PATH, or null (the shell looks it up). */
export function findExecutable(name: string): string | null {
  const found = spawnSync('sh', ['-c', 'command -v "$0"', name], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : '';
  return path === '' ? null : path;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

export interface PinnedProcess {
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr), for error messages. */
  output(): string;
  /** What it printed on stdout alone. */
  stdout(): string;
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it is gone. */
  stop(): Promise<void>;
}

const running = new Set<PinnedProcess>();

/** Stops every process the bench started that is still running (Ctrl-C, a failed run). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

export interface PinnedSpawn {
  /** The CPU core (taskset -c) the process may run on. */
  core: number;
  /** Arguments of `node` (the running Node binary). */
  nodeArgs: string[];
  /** The complete environment of the process: nothing of the caller's leaks in. */
  env: Record<string, string>;
  cwd: string;
  /** Lines of its stdout starting with this are printed as they come (progress reports). */
  echoLinesStartingWith?: string;
}

export function spawnPinnedNode(taskset: string, spec: PinnedSpawn): PinnedProcess {
  const child: ChildProcess = spawn(
    taskset,
    ['-c', String(spec.core), process.execPath, ...spec.nodeArgs],
    { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const all: string[] = [];
  const out: string[] = [];
  const echo = spec.echoLinesStartingWith;
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    all.push(text);
    out.push(text);
    if (echo === undefined) return;
    for (const line of text.split('\n')) if (line.startsWith(echo)) console.log(line);
  });
  child.stderr?.on('data', (chunk: Buffer) => all.push(chunk.toString('utf8')));
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    const finish = (code: number | null) => {
      done = true;
      resolve(code);
    };
    child.once('exit', finish);
    child.once('error', (error) => {
      all.push(String(error));
      finish(null);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${taskset}`);
  const pid = child.pid;
  let stopping: Promise<void> | undefined;
  const handle: PinnedProcess = {
    pid,
    output: () => all.join(''),
    stdout: () => out.join(''),
    exited,
    hasExited: () => done,
    stop() {
      stopping ??= (async () => {
        if (!done) {
          child.kill('SIGTERM');
          const forced = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
          await exited;
          clearTimeout(forced);
        }
        running.delete(handle);
      })();
      return stopping;
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

/** Polls `url` until it answers 2xx; fails early with the process's output if it exits. */
export async function waitUntilServing(
  child: PinnedProcess,
  url: string,
  accept: (body: unknown) => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.hasExited()) throw new Error(`the server exited while starting:\n${child.output()}`);
    const ready = await fetch(url).then(
      async (response) => response.ok && accept(await response.json()),
      () => false,
    );
    if (ready) return;
    await delay(100);
  }
  throw new Error(`${url} did not answer within ${START_DEADLINE_MS} ms:\n${child.output()}`);
}

/** User + system CPU time the process has used so far, in microseconds (Linux /proc). */
/** What `work` answered, and the CPU time (µs) process `pid` spent while it ran. */
export async function withCpuOf<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ outcome: T; cpuMicros: number }> {
  const before = cpuTimeMicros(pid);
  const outcome = await work();
  return { outcome, cpuMicros: cpuTimeMicros(pid) - before };
}

export function cpuTimeMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1e6;
}
