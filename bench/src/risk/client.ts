/**
 * The latency client of the issue-5 suite, run as its own process pinned to the load core:
 * `node --import tsx client.ts '<ClientPlan as JSON>'`. Closed loop over keep-alive connections;
 * every request's time from send to the last byte of the answer is recorded per shape. Prints
 * one ClientOutcome as JSON.
 */
import { Agent, request } from 'node:http';
import {
  latencyStats,
  type ClientPlan,
  type IngestBatchesOutcome,
  type IngestBatchesPlan,
  type RequestShape,
  type RotationOutcome,
  type RotationPlan,
} from './client-plan.js';
import { Population } from './population.js';
import { TransactionStream } from './transactions.js';

interface Answer {
  status: number;
  body: string;
}

function send(
  agent: Agent,
  url: URL,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        agent,
        method: body === undefined ? 'GET' : 'POST',
        headers:
          body === undefined
            ? headers
            : {
                ...headers,
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body),
              },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

interface Page {
  items: unknown[];
  nextCursor: string | null;
}

function pageOf(body: string): Page | null {
  const parsed = JSON.parse(body) as {
    result?: { data?: { items?: unknown; nextCursor?: unknown } };
  };
  const data = parsed.result?.data;
  if (!data || !Array.isArray(data.items)) return null;
  return {
    items: data.items,
    nextCursor: typeof data.nextCursor === 'string' ? data.nextCursor : null,
  };
}

/** Replaces the `cursor` of a list query's input (the path carries `?input=<json>`). */
function withCursor(path: string, cursor: string | null): string {
  const url = new URL(path, 'http://placeholder');
  const input = JSON.parse(url.searchParams.get('input') ?? '{}') as Record<string, unknown>;
  if (cursor === null) delete input.cursor;
  else input.cursor = cursor;
  url.searchParams.set('input', JSON.stringify(input));
  return `${url.pathname}${url.search}`;
}

interface ShapeState {
  shape: RequestShape;
  cursor: string | null;
  samples: number[];
  items: number[];
}

async function rotate(plan: RotationPlan): Promise<RotationOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.connections });
  const states: ShapeState[] = plan.shapes.map((shape) => ({
    shape,
    cursor: null,
    samples: [],
    items: [],
  }));
  const failures: string[] = [];
  let recording = false;
  let warmupRequests = 0;
  let next = 0;

  const one = async (state: ShapeState) => {
    const path = state.shape.followCursor
      ? withCursor(state.shape.path, state.cursor)
      : state.shape.path;
    const started = performance.now();
    const answer = await send(agent, new URL(path, plan.baseUrl), plan.headers);
    const elapsed = performance.now() - started;
    if (answer.status !== 200) {
      failures.push(`${state.shape.name}: ${answer.status} ${answer.body.slice(0, 300)}`);
      return;
    }
    const page = pageOf(answer.body);
    if (state.shape.followCursor) state.cursor = page?.nextCursor ?? null;
    if (state.shape.expectItems && (page === null || page.items.length === 0)) {
      failures.push(`${state.shape.name}: an empty page (the filter should match rows)`);
    }
    if (recording) {
      state.samples.push(elapsed);
      if (page) state.items.push(page.items.length);
    } else {
      warmupRequests += 1;
    }
  };

  const loop = async (until: number) => {
    while (performance.now() < until && failures.length === 0) {
      const state = states[next++ % states.length]!;
      await one(state);
    }
  };
  const run = (seconds: number) => {
    const until = performance.now() + seconds * 1000;
    return Promise.all(Array.from({ length: plan.connections }, () => loop(until)));
  };

  await run(plan.warmupSeconds);
  recording = true;
  const started = performance.now();
  await run(plan.secondsPerShape * plan.shapes.length);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const total = states.reduce((sum, state) => sum + state.samples.length, 0);
  return {
    kind: 'rotation',
    requestsPerSecond: total / seconds,
    warmupRequests,
    shapes: states.map((state) => {
      const items = [...state.items].sort((a, b) => a - b);
      return {
        name: state.shape.name,
        ...latencyStats(state.samples),
        medianItems: items.length > 0 ? items[Math.floor(items.length / 2)]! : null,
      };
    }),
    failures,
  };
}

async function ingestBatches(plan: IngestBatchesPlan): Promise<IngestBatchesOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const total = plan.warmupBatches + plan.batches;
  const stream = new TransactionStream(new Population(plan.populationSeed), {
    ...plan.stream,
    count: total * plan.batchSize,
  });
  // Every body is built before the clock starts: the client's JSON work is not measured.
  const bodies = Array.from({ length: total }, () =>
    JSON.stringify({ transactions: stream.take(plan.batchSize) }),
  );
  const url = new URL('/trpc/transactions.ingest', plan.baseUrl);
  const failures: string[] = [];
  const latencies: number[] = [];
  let next = 0;
  const worker = async (from: number, to: number, record: boolean) => {
    while (failures.length === 0) {
      const index = next++;
      if (index >= to) return;
      if (index < from) continue;
      const started = performance.now();
      const answer = await send(agent, url, plan.headers, bodies[index]);
      if (answer.status !== 200 || !answer.body.includes(`"created":${plan.batchSize},`)) {
        failures.push(`batch ${index}: ${answer.status} ${answer.body.slice(0, 300)}`);
      } else if (record) {
        latencies.push(performance.now() - started);
      }
    }
  };
  const run = (from: number, to: number, record: boolean) => {
    next = from;
    return Promise.all(Array.from({ length: plan.concurrency }, () => worker(from, to, record)));
  };
  await run(0, plan.warmupBatches, false);
  const started = performance.now();
  await run(plan.warmupBatches, total, true);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const rows = plan.batches * plan.batchSize;
  return {
    kind: 'ingest-batches',
    rows,
    seconds,
    transactionsPerSecond: rows / seconds,
    batchLatency: latencyStats(latencies),
    failures,
  };
}

const plan = JSON.parse(process.argv[2] ?? 'null') as ClientPlan | null;
if (plan === null) throw new Error("usage: client.ts '<ClientPlan JSON>'");
const outcome = plan.kind === 'rotation' ? await rotate(plan) : await ingestBatches(plan);
process.stdout.write(`${JSON.stringify(outcome)}\n`);
