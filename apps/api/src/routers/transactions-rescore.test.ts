import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, uuidv7, type Store } from '@klerno/db';
import { createTempSqliteFile, type TempSqliteFile } from '@klerno/db/testing';
import { JOB_INTERRUPTED } from '../services/job-runner.js';
import { call, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Inputs, Outputs } from '../testing/trpc-http.js';

type Job = Outputs['transactions']['rescoreStatus'];
type NewTransaction = Inputs['transactions']['ingest']['transactions'][number];

const START = Date.parse('2024-03-01T00:00:00.000Z');
const RANGE = { from: '2024-03-01T00:00:00.000Z', to: '2024-03-02T00:00:00.000Z' };

/**
 * A real SQLite store whose job pages can be held: while a gate is set, a re-scoring job's read
 * of its second or later page (a `timestamp_asc` list with a cursor) waits for the gate to open.
 */
interface HeldPages {
  reached: Promise<void>;
  release(): void;
}

function gatedStore(real: Store): { store: Store; hold(): HeldPages } {
  let held: { reached: () => void; released: Promise<void> } | null = null;
  const store: Store = {
    ...real,
    transactions: {
      ...real.transactions,
      list: async (organizationId, request) => {
        if (held && request.sort === 'timestamp_asc' && request.cursor !== undefined) {
          held.reached();
          await held.released;
        }
        return real.transactions.list(organizationId, request);
      },
    },
  };
  return {
    store,
    hold() {
      let reached = (): void => undefined;
      let release = (): void => undefined;
      const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      held = { reached, released };
      return {
        reached: reachedPromise,
        release: () => {
          held = null;
          release();
        },
      };
    },
  };
}

interface Running {
  api: RunningTestServer;
  store: Store;
  hold(): HeldPages;
  close(): Promise<void>;
}

async function startGatedServer(): Promise<Running> {
  const file: TempSqliteFile = createTempSqliteFile();
  const real = await openStore(file.database);
  const gated = gatedStore(real);
  const api = await startTestServer({ store: gated.store });
  return {
    api,
    store: real,
    hold: gated.hold,
    close: async () => {
      await api.close();
      await real.close();
      file.cleanup();
    },
  };
}

/** `count` outgoing payments of 20000 XRP and more (score 0.6, medium), every fifth to rClean. */
function payments(count: number, target: string): NewTransaction[] {
  return Array.from({ length: count }, (_, index) => ({
    chain: 'xrpl',
    txId: `RESCORE${uuidv7().replaceAll('-', '')}`,
    timestamp: new Date(START + index * 10_000).toISOString(),
    fromAddress: 'rTreasury',
    toAddress: index % 5 === 4 ? 'rClean' : target,
    amount: String(20_000 + index),
    currency: 'XRP',
    direction: 'out',
  }));
}

async function ingestAll(url: string, member: Member, rows: NewTransaction[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000) {
    await ok(
      url,
      'transactions.ingest',
      { transactions: rows.slice(start, start + 1000) },
      member.credential,
    );
  }
}

async function labelSanctioned(url: string, admin: Member, address: string): Promise<void> {
  await ok(
    url,
    'labels.import',
    { csv: `address,chain,label,source\n${address},xrpl,sanctioned,OFAC SDN test list\n` },
    admin.credential,
  );
}

const status = (url: string, member: Member, jobId: string) =>
  call<Job>(url, 'transactions.rescoreStatus', { jobId }, member.credential);

/** Polls rescoreStatus until the job has ended (bounded). */
function ended(url: string, member: Member, jobId: string): Promise<Job> {
  return vi.waitFor(
    async () => {
      const job = (await status(url, member, jobId)).data;
      if (job?.status !== 'succeeded' && job?.status !== 'failed') {
        throw new Error(`still ${job?.status}`);
      }
      return job;
    },
    { timeout: 20_000, interval: 25 },
  );
}

const buckets = async (url: string, member: Member) =>
  (
    await ok<Outputs['analytics']['summary']>(
      url,
      'analytics.summary',
      { ...RANGE, currency: 'XRP' },
      member.credential,
    )
  ).buckets;

let server: Running;
let admin: Member;
let analyst: Member;
let viewer: Member;
let otherAdmin: Member;

beforeAll(async () => {
  server = await startGatedServer();
  const { url } = server.api;
  admin = await signUp(url);
  analyst = await join(url, admin, 'analyst');
  viewer = await join(url, admin, 'viewer');
  otherAdmin = await signUp(url);
  await ingestAll(url, analyst, payments(2500, 'rTarget'));
  // The other organization pays the same address; nobody labelled it there.
  await ingestAll(url, otherAdmin, payments(10, 'rTarget'));
});
afterAll(() => server?.close());

describe('transactions.rescore', () => {
  it('re-scores a range after a label import, with progress visible until it succeeds', async () => {
    const { url } = server.api;
    expect(await buckets(url, viewer)).toEqual({ low: 0, medium: 2500, high: 0 });
    await labelSanctioned(url, admin, 'rTarget');

    const held = server.hold();
    const started = await call<Outputs['transactions']['rescore']>(
      url,
      'transactions.rescore',
      RANGE,
      analyst.credential,
    );
    expect(started.status).toBe(200);
    const { job } = started.data!;
    expect(job).toMatchObject({
      kind: 'rescore',
      status: 'queued',
      params: RANGE,
      processed: 0,
      total: null,
      result: null,
      error: null,
      createdBy: analyst.id,
      finishedAt: null,
    });

    // Held before its second page: the first 1000 are done, and a viewer sees it.
    await held.reached;
    const midway = await status(url, viewer, job.id);
    expect(midway.data).toMatchObject({ status: 'running', processed: 1000, total: 2500 });
    expect(await buckets(url, viewer)).toEqual({ low: 0, medium: 1700, high: 800 });
    held.release();

    const done = await ended(url, viewer, job.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      processed: 2500,
      total: 2500,
      result: { rescored: 2500, changed: 2000, alertsRaised: 2000 },
      error: null,
    });
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.createdAt));
    // 0.6 + 0.2 for the sanctioned recipient: high, and at the default threshold (0.75).
    expect(await buckets(url, viewer)).toEqual({ low: 0, medium: 500, high: 2000 });
    const page = await ok<Outputs['transactions']['list']>(
      url,
      'transactions.list',
      { wallet: 'rTarget', limit: 1 },
      viewer.credential,
    );
    expect(page.items[0]).toMatchObject({
      riskScore: 0.8,
      riskBucket: 'high',
      riskFlags: expect.arrayContaining(['sanctioned_or_mixer']) as string[],
    });
    const alerts = await ok<Outputs['alerts']['list']>(
      url,
      'alerts.list',
      { limit: 5 },
      viewer.credential,
    );
    expect(alerts.items).toHaveLength(5);
    expect(alerts.items[0]).toMatchObject({ riskScore: 0.8, ownerUserId: analyst.id });

    const jobs = await ok<Outputs['transactions']['rescoreJobs']>(
      url,
      'transactions.rescoreJobs',
      {},
      viewer.credential,
    );
    expect(jobs.items[0]).toEqual(done);

    // Nothing changes the second time, and no alert is raised twice.
    const again = await ok<Outputs['transactions']['rescore']>(
      url,
      'transactions.rescore',
      RANGE,
      analyst.credential,
    );
    expect((await ended(url, viewer, again.job.id)).result).toEqual({
      rescored: 2500,
      changed: 0,
      alertsRaised: 0,
    });
  });

  it('keeps to the organization: other rows, jobs and labels stay apart', async () => {
    const { url } = server.api;
    const mine = await ok<Outputs['transactions']['rescoreJobs']>(
      url,
      'transactions.rescoreJobs',
      {},
      analyst.credential,
    );
    const [job] = mine.items;
    expect(job).toBeDefined();
    expect((await status(url, otherAdmin, job!.id)).status).toBe(404);
    expect(
      (
        await ok<Outputs['transactions']['rescoreJobs']>(
          url,
          'transactions.rescoreJobs',
          {},
          otherAdmin.credential,
        )
      ).items,
    ).toEqual([]);

    const theirs = await ok<Outputs['transactions']['rescore']>(
      url,
      'transactions.rescore',
      RANGE,
      otherAdmin.credential,
    );
    // Our sanctions label is not theirs: their rows keep their scores.
    expect((await ended(url, otherAdmin, theirs.job.id)).result).toEqual({
      rescored: 10,
      changed: 0,
      alertsRaised: 0,
    });
    expect(await buckets(url, otherAdmin)).toEqual({ low: 0, medium: 10, high: 0 });
  });

  it('lets viewers watch but only analysts and admins start', async () => {
    const { url } = server.api;
    const refused = await call(url, 'transactions.rescore', RANGE, viewer.credential);
    expect(refused.status).toBe(403);
    expect(refused.error?.data.code).toBe('FORBIDDEN');
  });

  it('refuses at most two unfinished jobs per organization with a 409', async () => {
    const { url } = server.api;
    const held = server.hold();
    const start = () =>
      call<Outputs['transactions']['rescore']>(
        url,
        'transactions.rescore',
        RANGE,
        admin.credential,
      );
    const first = await start();
    const second = await start();
    expect([first.status, second.status]).toEqual([200, 200]);
    await held.reached;
    const third = await start();
    expect(third.status).toBe(409);
    expect(third.error?.message).toMatch(/already has 2 re-scoring jobs queued or running/);
    expect((await status(url, viewer, second.data!.job.id)).data?.status).toBe('queued');
    held.release();
    for (const { data } of [first, second]) {
      expect((await ended(url, viewer, data!.job.id)).status).toBe('succeeded');
    }
  });

  it.each<[string, unknown]>([
    ['from after to', { from: RANGE.to, to: RANGE.from }],
    ['a range over 3650 days', { from: '2000-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }],
    ['no to', { from: RANGE.from }],
    ['a bound without a time zone', { from: '2024-03-01T00:00:00', to: RANGE.to }],
  ])('refuses %s with a 400 and starts nothing', async (_name, input) => {
    const { url } = server.api;
    const before = await ok<Outputs['transactions']['rescoreJobs']>(
      url,
      'transactions.rescoreJobs',
      {},
      analyst.credential,
    );
    const result = await call(url, 'transactions.rescore', input, analyst.credential);
    expect(result.status).toBe(400);
    expect(await ok(url, 'transactions.rescoreJobs', {}, analyst.credential)).toEqual(before);
  });

  it('answers 400 for a malformed job id and 404 for an unknown one', async () => {
    const { url } = server.api;
    expect((await status(url, viewer, 'not-an-id')).status).toBe(400);
    expect((await status(url, viewer, uuidv7())).status).toBe(404);
  });
});

describe('a server that stops while re-scoring', () => {
  it('ends the job as interrupted, keeping the pages it wrote', async () => {
    const stopping = await startGatedServer();
    const { url } = stopping.api;
    const owner = await signUp(url);
    await ingestAll(url, owner, payments(2500, 'rStopTarget'));
    await labelSanctioned(url, owner, 'rStopTarget');
    const held = stopping.hold();
    const { job } = await ok<Outputs['transactions']['rescore']>(
      url,
      'transactions.rescore',
      RANGE,
      owner.credential,
    );
    await held.reached;
    const stopped = stopping.api.server.stop();
    held.release();
    await stopped;

    const { organizationId } = (await stopping.store.users.byEmail(owner.email))!;
    const after = await stopping.store.jobs.byId(organizationId, job.id);
    expect(after).toMatchObject({ status: 'failed', error: JOB_INTERRUPTED, processed: 2000 });
    expect(after?.finishedAt).not.toBeNull();
    await stopping.close();
  });
});
