/**
 * Background jobs in the API process: one at a time per instance, first in first out. Progress
 * lives in the store (`jobs`), so any instance answers a status poll. `updatedAt` is the heartbeat:
 * the runner touches every job it holds, and sweeps (at start, then periodically) jobs of any
 * instance whose heartbeat went stale, failing them as interrupted.
 */
import type { Job, Store } from '@klerno/db';

export interface JobLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobContext {
  /** Aborted when the runner stops: end between two steps (`signal.throwIfAborted()`). */
  signal: AbortSignal;
  /** Records progress (a heartbeat too). Throws when the job was ended elsewhere meanwhile. */
  progress: (processed: number, total: number | null) => Promise<void>;
}

/** Does the job's work; what it returns becomes the job's `result`. */
export type JobHandler = (job: Job, context: JobContext) => Promise<Job['result']>;

/** A failure whose message is safe to show the job's owner (anything else is logged, not shown). */
export class JobFailure extends Error {
  override readonly name = 'JobFailure';
}

export const JOB_INTERRUPTED =
  'Interrupted: the server running this job stopped before it finished. Start it again.';
export const JOB_FAILED =
  'The job failed unexpectedly (the error was logged). Start it again; if it fails again, ask your administrator.';

export const DEFAULT_HEARTBEAT_MS = 10_000;
/** A queued or running job whose heartbeat is older than this is taken for abandoned. */
export const DEFAULT_STALE_AFTER_MS = 120_000;

export interface JobRunnerOptions {
  store: Store;
  clock: () => Date;
  logger: JobLogger;
  handlers: Readonly<Record<string, JobHandler>>;
  heartbeatMs?: number;
  staleAfterMs?: number;
}

export interface JobRunner {
  /** Queues a job the store already holds (status 'queued'). */
  submit(job: Job): void;
  /** True until `stop()` is called. */
  readonly accepting: boolean;
  /** Sweeps stale jobs once (resolves when done; never rejects), then keeps sweeping and beating. */
  start(): Promise<void>;
  /** Takes no more jobs, aborts the running one, fails what it held as interrupted. */
  stop(): Promise<void>;
}

/** The job ended elsewhere (failed by a sweep) while this runner still worked on it. */
class JobTakenAway extends Error {}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { store, clock, logger, handlers } = options;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const queue: Job[] = [];
  let running: { job: Job; controller: AbortController; done: Promise<void> } | null = null;
  let accepting = true;
  let stopping: Promise<void> | undefined;
  const timers: NodeJS.Timeout[] = [];
  const now = () => clock().toISOString();

  const end = async (job: Job, error: string): Promise<void> => {
    try {
      const at = now();
      await store.jobs.update(job.organizationId, job.id, {
        status: 'failed',
        error,
        finishedAt: at,
        updatedAt: at,
      });
    } catch (failure) {
      logger.error({ err: failure, jobId: job.id }, 'could not record the end of a job');
    }
  };

  async function execute(job: Job, signal: AbortSignal): Promise<void> {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
      const started = await store.jobs.update(job.organizationId, job.id, {
        status: 'running',
        updatedAt: now(),
      });
      if (started.status !== 'running') throw new JobTakenAway();
      const result = await handler(started, {
        signal,
        progress: async (processed, total) => {
          const held = await store.jobs.update(job.organizationId, job.id, {
            processed,
            total,
            updatedAt: now(),
          });
          if (held.status !== 'running') throw new JobTakenAway();
        },
      });
      const at = now();
      await store.jobs.update(job.organizationId, job.id, {
        status: 'succeeded',
        result,
        finishedAt: at,
        updatedAt: at,
      });
    } catch (error) {
      if (error instanceof JobTakenAway) {
        logger.warn({ jobId: job.id }, 'job ended elsewhere while it ran here (stale heartbeat)');
      } else if (signal.aborted) {
        await end(job, JOB_INTERRUPTED);
      } else if (error instanceof JobFailure) {
        await end(job, error.message);
      } else {
        logger.error({ err: error, jobId: job.id, kind: job.kind }, 'job failed');
        await end(job, JOB_FAILED);
      }
    }
  }

  function runNext(): void {
    if (running || !accepting) return;
    const job = queue.shift();
    if (!job) return;
    const controller = new AbortController();
    const done = execute(job, controller.signal).finally(() => {
      running = null;
      runNext();
    });
    running = { job, controller, done };
  }

  async function heartbeat(): Promise<void> {
    const held = [...(running ? [running.job] : []), ...queue];
    for (const job of held) {
      try {
        await store.jobs.update(job.organizationId, job.id, { updatedAt: now() });
      } catch (error) {
        logger.warn({ err: error, jobId: job.id }, 'job heartbeat failed');
      }
    }
  }

  async function sweep(): Promise<void> {
    try {
      const at = clock();
      const staleBefore = new Date(at.getTime() - staleAfterMs).toISOString();
      const failed = await store.jobs.failStale(staleBefore, at.toISOString(), JOB_INTERRUPTED);
      if (failed > 0) logger.info({ failed }, 'failed jobs abandoned by a stopped instance');
    } catch (error) {
      logger.warn({ err: error }, 'stale job sweep failed');
    }
  }

  return {
    get accepting() {
      return accepting;
    },
    submit(job) {
      if (!accepting) throw new Error('the job runner has stopped');
      queue.push(job);
      runNext();
    },
    async start() {
      await sweep();
      if (!accepting) return;
      timers.push(
        setInterval(() => void heartbeat(), heartbeatMs).unref(),
        setInterval(() => void sweep(), Math.max(staleAfterMs / 2, heartbeatMs)).unref(),
      );
    },
    stop() {
      stopping ??= (async () => {
        accepting = false;
        for (const timer of timers.splice(0)) clearInterval(timer);
        const waiting = queue.splice(0);
        running?.controller.abort();
        await running?.done;
        for (const job of waiting) await end(job, JOB_INTERRUPTED);
      })();
      return stopping;
    },
  };
}
