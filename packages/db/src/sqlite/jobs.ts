import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { decodeCursor } from '../cursor.js';
import { NotFoundError } from '../errors.js';
import {
  checkJobError,
  checkJobKind,
  checkJobPatch,
  checkNewJob,
  UNFINISHED_JOB_STATUSES,
  UNKNOWN_JOB,
} from '../job-input.js';
import { lazy } from '../lazy.js';
import { checkPageLimit, parseTimestamp } from '../normalize.js';
import { userPage } from '../page.js';
import type { JobRepository } from '../ports.js';
import { toJob } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { SqliteDatabase } from './database.js';
import { jobs } from './schema.js';

export function createSqliteJobs(db: SqliteDatabase): JobRepository {
  const selectById = lazy(() =>
    db
      .select()
      .from(jobs)
      .where(
        and(
          eq(jobs.organizationId, sql.placeholder('organizationId')),
          eq(jobs.id, sql.placeholder('id')),
        ),
      )
      .prepare(),
  );

  return {
    create: (input) =>
      settle(() => {
        const checked = checkNewJob(input);
        // An unknown organization or creator fails a foreign key → NotFoundError.
        const row = db
          .insert(jobs)
          .values({
            id: uuidv7(),
            organizationId: checked.organizationId,
            kind: checked.kind,
            status: 'queued',
            params: checked.params,
            processed: 0,
            total: null,
            result: null,
            error: null,
            createdBy: checked.createdBy,
            createdAt: checked.createdAtMs,
            updatedAt: checked.createdAtMs,
            finishedAt: null,
          })
          .returning()
          .get();
        return toJob(row);
      }),
    byId: (organizationId, id) =>
      settle(() => {
        const row = selectById().get({ organizationId, id });
        return row ? toJob(row) : null;
      }),
    list: (organizationId, page, filter) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const conditions: SQL[] = [eq(jobs.organizationId, organizationId)];
        if (filter?.kind !== undefined) conditions.push(eq(jobs.kind, checkJobKind(filter.kind)));
        if (page.cursor !== undefined) {
          const after = decodeCursor(page.cursor);
          conditions.push(
            sql`(${jobs.createdAt}, ${jobs.id}) < (${after.timestampMs}, ${after.id})`,
          );
        }
        const rows = db
          .select()
          .from(jobs)
          .where(and(...conditions))
          .orderBy(desc(jobs.createdAt), desc(jobs.id))
          .limit(limit + 1)
          .all();
        return userPage(rows.map(toJob), limit);
      }),
    update: (organizationId, id, patch) =>
      settle(() => {
        const checked = checkJobPatch(patch);
        const row = db
          .update(jobs)
          .set({
            ...(checked.status !== undefined && { status: checked.status }),
            ...(checked.processed !== undefined && { processed: checked.processed }),
            ...(checked.total !== undefined && { total: checked.total }),
            ...(checked.result !== undefined && { result: checked.result }),
            ...(checked.error !== undefined && { error: checked.error }),
            ...(checked.finishedAtMs !== undefined && { finishedAt: checked.finishedAtMs }),
            updatedAt: checked.updatedAtMs,
          })
          .where(and(eq(jobs.organizationId, organizationId), eq(jobs.id, id)))
          .returning()
          .get();
        if (!row) throw new NotFoundError(UNKNOWN_JOB);
        return toJob(row);
      }),
    failStale: (staleBefore, at, error) =>
      settle(() => {
        const atMs = parseTimestamp(at, 'at');
        const result = db
          .update(jobs)
          .set({ status: 'failed', error: checkJobError(error), finishedAt: atMs, updatedAt: atMs })
          .where(
            and(
              inArray(jobs.status, [...UNFINISHED_JOB_STATUSES]),
              lt(jobs.updatedAt, parseTimestamp(staleBefore, 'staleBefore')),
            ),
          )
          .run();
        return result.changes;
      }),
  };
}
