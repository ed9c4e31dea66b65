import { describe, expect, it } from 'vitest';
import { describeJob, isRunning } from './rescore-job.js';
import type { RescoreJob } from './rescore-job.js';

const job = (patch: Partial<RescoreJob>): RescoreJob => ({
  id: 'j1',
  kind: 'rescore',
  status: 'queued',
  params: { from: '2025-01-01T00:00:00.000Z', to: '2025-01-31T23:59:59.999Z' },
  processed: 0,
  total: null,
  result: null,
  error: null,
  createdBy: 'u1',
  createdAt: '2025-02-01T00:00:00.000Z',
  updatedAt: '2025-02-01T00:00:00.000Z',
  finishedAt: null,
  ...patch,
});

describe('describeJob', () => {
  const range = '2025-01-01 to 2025-01-31';
  it.each([
    [job({}), 'Re-scoring 2025-01-01 to 2025-01-31: waiting to start…'],
    [job({ status: 'running' }), 'Re-scoring 2025-01-01 to 2025-01-31: counting transactions…'],
    [
      job({ status: 'running', processed: 500, total: 1200 }),
      'Re-scoring 2025-01-01 to 2025-01-31: 500 of 1200 transactions…',
    ],
    [
      job({
        status: 'succeeded',
        processed: 1,
        total: 1,
        result: { rescored: 1, changed: 1, alertsRaised: 0 },
      }),
      'Re-scored 1 transaction of 2025-01-01 to 2025-01-31: 1 score changed, 0 new alerts.',
    ],
    [
      job({ status: 'failed', error: 'the database went away' }),
      'Re-scoring 2025-01-01 to 2025-01-31 failed: the database went away',
    ],
  ])('%#', (input, text) => {
    expect(describeJob(input, range)).toBe(text);
  });

  it('knows which jobs still run', () => {
    expect(isRunning(job({ status: 'running' }))).toBe(true);
    expect(isRunning(job({ status: 'succeeded' }))).toBe(false);
    expect(isRunning(undefined)).toBe(false);
  });
});
