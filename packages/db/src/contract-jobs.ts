/** Part of the one store contract (see ./contract.ts): background jobs and their progress. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-identity.js';
import { InvalidCursorError, InvalidInputError, NotFoundError } from './errors.js';
import type { Job, User } from './ports.js';
import { uuidv7 } from './uuidv7.js';

const CREATED = '2024-06-01T12:00:00.000Z';
const LATER = '2024-06-01T12:00:05.250Z';

export function jobsContract({ store, unique, newOrganization }: ContractContext): void {
  const newUser = (organizationId: string): Promise<User> =>
    store().users.create({
      organizationId,
      email: `jobs.${unique()}@example.com`,
      passwordHash: 'hash',
      role: 'analyst',
    });
  const newJob = (
    organizationId: string,
    overrides: Partial<Parameters<ReturnType<typeof store>['jobs']['create']>[0]> = {},
  ): Promise<Job> =>
    store().jobs.create({
      organizationId,
      kind: 'rescore',
      params: { from: '2024-05-01T00:00:00.000Z', to: '2024-05-31T00:00:00.000Z' },
      createdBy: null,
      createdAt: CREATED,
      ...overrides,
    });

  describe('jobs', () => {
    it('creates a queued job and reads it back', async () => {
      const organization = await newOrganization();
      const user = await newUser(organization.id);
      const job = await newJob(organization.id, {
        createdBy: user.id,
        params: { from: 'a', limit: 3, dryRun: false, note: null },
      });
      expect(job).toEqual({
        id: expect.any(String) as string,
        organizationId: organization.id,
        kind: 'rescore',
        status: 'queued',
        params: { from: 'a', limit: 3, dryRun: false, note: null },
        processed: 0,
        total: null,
        result: null,
        error: null,
        createdBy: user.id,
        createdAt: CREATED,
        updatedAt: CREATED,
        finishedAt: null,
      });
      expect(await store().jobs.byId(organization.id, job.id)).toEqual(job);
    });

    it('reports progress and the outcome; each update stamps updatedAt', async () => {
      const organization = await newOrganization();
      const job = await newJob(organization.id);
      const running = await store().jobs.update(organization.id, job.id, {
        status: 'running',
        total: 2500,
        updatedAt: LATER,
      });
      expect(running).toEqual({ ...job, status: 'running', total: 2500, updatedAt: LATER });
      const progressed = await store().jobs.update(organization.id, job.id, {
        processed: 1000,
        updatedAt: '2024-06-01T12:00:06.000Z',
      });
      expect(progressed).toMatchObject({ processed: 1000, total: 2500, status: 'running' });
      const done = await store().jobs.update(organization.id, job.id, {
        status: 'succeeded',
        processed: 2500,
        result: { changed: 12, alertsRaised: 3 },
        finishedAt: '2024-06-01T12:00:09.000Z',
        updatedAt: '2024-06-01T12:00:09.000Z',
      });
      expect(done).toEqual({
        ...job,
        status: 'succeeded',
        processed: 2500,
        total: 2500,
        result: { changed: 12, alertsRaised: 3 },
        finishedAt: '2024-06-01T12:00:09.000Z',
        updatedAt: '2024-06-01T12:00:09.000Z',
      });
      expect(await store().jobs.byId(organization.id, job.id)).toEqual(done);

      const failed = await store().jobs.update(organization.id, job.id, {
        status: 'failed',
        error: 'Re-scoring failed; start it again.',
        result: null,
        updatedAt: '2024-06-01T12:00:10.000Z',
      });
      expect(failed).toMatchObject({ error: 'Re-scoring failed; start it again.', result: null });
    });

    it('lists newest first across pages, by kind, and only the organization’s own', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const created: Job[] = [];
      for (let second = 0; second < 5; second += 1) {
        created.push(
          await newJob(organization.id, {
            kind: second === 2 ? 'export' : 'rescore',
            createdAt: `2024-06-01T12:00:0${second}.000Z`,
          }),
        );
      }
      // Same instant as the last one: the id breaks the tie.
      created.push(await newJob(organization.id, { createdAt: '2024-06-01T12:00:04.000Z' }));
      await newJob(other.id);

      const items: Job[] = [];
      let cursor: string | undefined;
      do {
        const page = await store().jobs.list(organization.id, { cursor, limit: 2 });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      const newestFirst = [...created].sort(
        (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1),
      );
      expect(items).toEqual(newestFirst);

      const rescores = await store().jobs.list(organization.id, { limit: 10 }, { kind: 'rescore' });
      expect(rescores.items.map((job) => job.kind)).toEqual(Array(5).fill('rescore'));
      expect(rescores.nextCursor).toBeNull();
      await expect(
        store().jobs.list(organization.id, { limit: 10, cursor: 'garbage' }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it('keeps organizations apart', async () => {
      const mine = await newOrganization();
      const theirs = await newOrganization();
      const job = await newJob(mine.id);
      expect(await store().jobs.byId(theirs.id, job.id)).toBeNull();
      expect((await store().jobs.list(theirs.id, { limit: 10 })).items).toEqual([]);
      await expect(
        store().jobs.update(theirs.id, job.id, { status: 'failed', updatedAt: LATER }),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect((await store().jobs.byId(mine.id, job.id))?.status).toBe('queued');
    });

    it('answers null or NotFoundError for jobs that do not exist', async () => {
      const organization = await newOrganization();
      expect(await store().jobs.byId(organization.id, uuidv7())).toBeNull();
      expect(await store().jobs.byId(organization.id, 'not-an-id')).toBeNull();
      await expect(
        store().jobs.update(organization.id, uuidv7(), { processed: 1, updatedAt: LATER }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(newJob(uuidv7())).rejects.toBeInstanceOf(NotFoundError);
      await expect(newJob(organization.id, { createdBy: uuidv7() })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      // A user of another organization is not a creator in this one.
      const stranger = await newUser((await newOrganization()).id);
      await expect(newJob(organization.id, { createdBy: stranger.id })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it.each([
      ['an empty kind', { kind: '' }],
      [
        'a nested value in params',
        { params: { range: { from: 'a' } } as unknown as Job['params'] },
      ],
      ['a non-finite number in params', { params: { limit: Number.NaN } }],
      ['a creation time without offset', { createdAt: '2024-06-01 12:00:00' }],
    ])('refuses a job with %s with InvalidInputError', async (_, overrides) => {
      const organization = await newOrganization();
      await expect(newJob(organization.id, overrides)).rejects.toBeInstanceOf(InvalidInputError);
      expect((await store().jobs.list(organization.id, { limit: 10 })).items).toEqual([]);
    });

    it.each([
      ['an unknown status', { status: 'paused' as Job['status'] }],
      ['negative progress', { processed: -1 }],
      ['a fractional total', { total: 2.5 }],
      ['a nested result', { result: { counts: [1] } as unknown as Job['result'] }],
    ])('refuses an update with %s with InvalidInputError', async (_, patch) => {
      const organization = await newOrganization();
      const job = await newJob(organization.id);
      await expect(
        store().jobs.update(organization.id, job.id, { ...patch, updatedAt: LATER }),
      ).rejects.toBeInstanceOf(InvalidInputError);
      expect(await store().jobs.byId(organization.id, job.id)).toEqual(job);
    });

    it('fails the unfinished jobs whose heartbeat is stale, in every organization', async () => {
      // Instants long before any other test's, so no other job is stale here.
      const first = await newOrganization();
      const second = await newOrganization();
      const staleQueued = await newJob(first.id, { createdAt: '2001-01-01T00:00:00.000Z' });
      const staleRunning = await newJob(second.id, { createdAt: '2001-01-01T00:00:00.000Z' });
      await store().jobs.update(second.id, staleRunning.id, {
        status: 'running',
        processed: 10,
        updatedAt: '2001-01-01T00:00:01.000Z',
      });
      const finished = await newJob(first.id, { createdAt: '2001-01-01T00:00:00.000Z' });
      await store().jobs.update(first.id, finished.id, {
        status: 'succeeded',
        finishedAt: '2001-01-01T00:00:02.000Z',
        updatedAt: '2001-01-01T00:00:02.000Z',
      });
      const fresh = await newJob(first.id, { createdAt: '2001-01-01T00:10:00.000Z' });

      const at = '2001-01-01T00:10:30.000Z';
      expect(
        await store().jobs.failStale(
          '2001-01-01T00:05:00.000Z',
          at,
          'Interrupted: start it again.',
        ),
      ).toBe(2);
      for (const [organizationId, id] of [
        [first.id, staleQueued.id],
        [second.id, staleRunning.id],
      ] as const) {
        expect(await store().jobs.byId(organizationId, id)).toMatchObject({
          status: 'failed',
          error: 'Interrupted: start it again.',
          finishedAt: at,
          updatedAt: at,
        });
      }
      expect((await store().jobs.byId(second.id, staleRunning.id))?.processed).toBe(10);
      expect((await store().jobs.byId(first.id, finished.id))?.status).toBe('succeeded');
      expect((await store().jobs.byId(first.id, fresh.id))?.status).toBe('queued');
      expect(
        await store().jobs.failStale(
          '2001-01-01T00:05:00.000Z',
          at,
          'Interrupted: start it again.',
        ),
      ).toBe(0);
    });

    it('creates and updates inside a unit of work, undone with it', async () => {
      const organization = await newOrganization();
      const kept = await newJob(organization.id);
      let undoneId = '';
      await expect(
        store().transaction(async (repos) => {
          const job = await repos.jobs.create({
            organizationId: organization.id,
            kind: 'rescore',
            params: {},
            createdBy: null,
            createdAt: CREATED,
          });
          undoneId = job.id;
          await repos.jobs.update(organization.id, kept.id, { processed: 7, updatedAt: LATER });
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await store().jobs.byId(organization.id, undoneId)).toBeNull();
      expect(await store().jobs.byId(organization.id, kept.id)).toEqual(kept);
    });
  });
}
