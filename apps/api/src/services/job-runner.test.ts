import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Job, type Store } from '@klerno/db';
import { createTempSqliteFile, type TempSqliteFile } from '@klerno/db/testing';
import {
  createJobRunner,
  JOB_FAILED,
  JOB_INTERRUPTED,
  JobFailure,
  type JobHandler,
  type JobLogger,
  type JobRunner,
} from './job-runner.js';

let file: TempSqliteFile;
let store: Store;
let organizationId: string;
const runners: JobRunner[] = [];

beforeAll(async () => {
  file = createTempSqliteFile();
  store = await openStore(file.database);
  organizationId = (await store.organizations.create({ name: 'Jobs' })).id;
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop()));
});
afterAll(async () => {
  await store?.close();
  file?.cleanup();
});

/** A promise the test resolves when it wants. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function recordingLogger() {
  const lines: { level: string; details: object; message: string }[] = [];
  const logger: JobLogger = {
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
    error: (details, message) => lines.push({ level: 'error', details, message }),
  };
  return { logger, lines };
}

function runner(
  handlers: Record<string, JobHandler>,
  options: { logger?: JobLogger; heartbeatMs?: number; staleAfterMs?: number } = {},
): JobRunner {
  const created = createJobRunner({
    store,
    clock: () => new Date(),
    logger: options.logger ?? recordingLogger().logger,
    handlers,
    ...(options.heartbeatMs !== undefined && { heartbeatMs: options.heartbeatMs }),
    ...(options.staleAfterMs !== undefined && { staleAfterMs: options.staleAfterMs }),
  });
  runners.push(created);
  return created;
}

const newJob = (kind = 'count', createdAt = new Date().toISOString()): Promise<Job> =>
  store.jobs.create({ organizationId, kind, params: { upTo: 3 }, createdBy: null, createdAt });

const stored = async (job: Job): Promise<Job> => {
  const found = await store.jobs.byId(organizationId, job.id);
  if (!found) throw new Error('the job is gone');
  return found;
};

const finished = (job: Job) =>
  vi.waitFor(
    async () => {
      const now = await stored(job);
      if (now.status !== 'succeeded' && now.status !== 'failed') throw new Error(now.status);
      return now;
    },
    { timeout: 5000, interval: 10 },
  );

describe('the job runner', () => {
  it('runs jobs one at a time, first in first out, recording progress and the result', async () => {
    const order: string[] = [];
    const first = gate();
    const jobs = runner({
      count: async (job, { progress }) => {
        order.push(`start ${job.id}`);
        if (order.length === 1) await first.opened;
        await progress(1, 2);
        await progress(2, 2);
        order.push(`end ${job.id}`);
        return { counted: 2 };
      },
    });
    const [a, b] = [await newJob(), await newJob()];
    jobs.submit(a);
    jobs.submit(b);
    await vi.waitFor(async () => expect((await stored(a)).status).toBe('running'));
    expect((await stored(b)).status).toBe('queued');
    first.open();
    const done = await finished(b);
    expect(order).toEqual([`start ${a.id}`, `end ${a.id}`, `start ${b.id}`, `end ${b.id}`]);
    expect(done).toMatchObject({
      status: 'succeeded',
      processed: 2,
      total: 2,
      result: { counted: 2 },
      error: null,
    });
    expect(done.finishedAt).not.toBeNull();
    expect(await stored(a)).toMatchObject({ status: 'succeeded', result: { counted: 2 } });
  });

  it('shows a JobFailure’s message, and only a generic one (logged) for anything else', async () => {
    const { logger, lines } = recordingLogger();
    const jobs = runner(
      {
        refused: () => Promise.reject(new JobFailure('The range holds no transactions.')),
        broken: () => Promise.reject(new Error('SQL details nobody should see')),
      },
      { logger },
    );
    const refused = await newJob('refused');
    const broken = await newJob('broken');
    const unknown = await newJob('unknown-kind');
    for (const job of [refused, broken, unknown]) jobs.submit(job);
    expect(await finished(refused)).toMatchObject({
      status: 'failed',
      error: 'The range holds no transactions.',
    });
    expect(await finished(broken)).toMatchObject({ status: 'failed', error: JOB_FAILED });
    expect(await finished(unknown)).toMatchObject({ status: 'failed', error: JOB_FAILED });
    expect(lines.filter((line) => line.level === 'error').map((line) => line.details)).toEqual([
      expect.objectContaining({ jobId: broken.id, kind: 'broken' }),
      expect.objectContaining({ jobId: unknown.id, kind: 'unknown-kind' }),
    ]);
  });

  it('stops: the running job ends between two steps, queued ones too, all as interrupted', async () => {
    const reachedStep = gate();
    const jobs = runner({
      count: async (_job, { signal, progress }) => {
        await progress(1, 10);
        reachedStep.open();
        // A step that only ends when the runner stops.
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        signal.throwIfAborted();
        return null;
      },
    });
    const running = await newJob();
    const waiting = await newJob();
    jobs.submit(running);
    jobs.submit(waiting);
    await reachedStep.opened;
    await jobs.stop();
    expect(jobs.accepting).toBe(false);
    for (const job of [running, waiting]) {
      expect(await stored(job)).toMatchObject({ status: 'failed', error: JOB_INTERRUPTED });
    }
    expect((await stored(running)).processed).toBe(1);
    expect(() => jobs.submit(waiting)).toThrow(/stopped/);
  });

  it('fails, at start, the jobs a dead instance left with a stale heartbeat', async () => {
    const abandoned = await newJob('count', new Date(Date.now() - 10 * 60_000).toISOString());
    const recent = await newJob('count', new Date(Date.now() - 30_000).toISOString());
    const { logger, lines } = recordingLogger();
    await runner({}, { logger, staleAfterMs: 120_000 }).start();
    expect(await stored(abandoned)).toMatchObject({ status: 'failed', error: JOB_INTERRUPTED });
    expect((await stored(recent)).status).toBe('queued');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info' }));
  });

  it('keeps the heartbeat of every job it holds', async () => {
    const release = gate();
    const jobs = runner(
      {
        count: async () => {
          await release.opened;
          return null;
        },
      },
      { heartbeatMs: 20 },
    );
    await jobs.start();
    const running = await newJob();
    const queued = await newJob();
    jobs.submit(running);
    jobs.submit(queued);
    const beats = [running, queued].map(async (job) => {
      const before = (await stored(job)).updatedAt;
      await vi.waitFor(async () => expect((await stored(job)).updatedAt > before).toBe(true), {
        timeout: 5000,
        interval: 10,
      });
    });
    await Promise.all(beats);
    release.open();
    expect((await finished(queued)).status).toBe('succeeded');
  });

  it('leaves alone a job that another instance failed while it ran here', async () => {
    const reached = gate();
    const release = gate();
    const { logger, lines } = recordingLogger();
    const jobs = runner(
      {
        count: async (_job, { progress }) => {
          reached.open();
          await release.opened;
          await progress(5, 10);
          return { never: true };
        },
      },
      { logger },
    );
    const job = await newJob();
    jobs.submit(job);
    await reached.opened;
    // Another instance's sweep takes the job for abandoned.
    await store.jobs.update(organizationId, job.id, {
      status: 'failed',
      error: JOB_INTERRUPTED,
      finishedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    release.open();
    await vi.waitFor(() =>
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'warn', details: { jobId: job.id } }),
      ),
    );
    expect(await stored(job)).toMatchObject({
      status: 'failed',
      error: JOB_INTERRUPTED,
      result: null,
    });
  });
});
