import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { decodeCursor } from '../cursor.js';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
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
import { checkPageLimit, parseTimestamp, toIsoTimestamp } from '../normalize.js';
import { userPage } from '../page.js';
import type { JobRepository } from '../ports.js';
import { toJob } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import type { PgHandle } from './database.js';
import { guarded } from './guarded.js';
import { jobs } from './schema.js';

export function createPgJobs(db: PgHandle, insideTransaction: boolean): JobRepository {
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
      .prepare('jobs_by_id'),
  );

  return {
    async create(input) {
      const checked = checkNewJob(input);
      if (!isUuid(checked.organizationId)) throw new NotFoundError(UNKNOWN_ORGANIZATION);
      if (checked.createdBy !== null && !isUuid(checked.createdBy)) {
        throw new NotFoundError('The user does not exist.');
      }
      const createdAt = new Date(checked.createdAtMs);
      // An unknown organization or creator fails a foreign key (→ NotFoundError): a savepoint
      // inside a caller's transaction.
      const [row] = await guarded(db, insideTransaction, (handle) =>
        handle
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
            createdAt,
            updatedAt: createdAt,
            finishedAt: null,
          })
          .returning(),
      );
      if (!row) throw new NotFoundError(UNKNOWN_ORGANIZATION);
      return toJob(row);
    },
    async byId(organizationId, id) {
      if (!isUuid(organizationId) || !isUuid(id)) return null;
      const [row] = await selectById().execute({ organizationId, id });
      return row ? toJob(row) : null;
    },
    async list(organizationId, page, filter) {
      const limit = checkPageLimit(page);
      const kind = filter?.kind === undefined ? undefined : checkJobKind(filter.kind);
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
      if (!isUuid(organizationId)) return { items: [], nextCursor: null };
      const conditions: SQL[] = [eq(jobs.organizationId, organizationId)];
      if (kind !== undefined) conditions.push(eq(jobs.kind, kind));
      if (after !== undefined) {
        conditions.push(
          sql`(${jobs.createdAt}, ${jobs.id}) < (${toIsoTimestamp(after.timestampMs)}::timestamptz, ${after.id}::uuid)`,
        );
      }
      const rows = await db
        .select()
        .from(jobs)
        .where(and(...conditions))
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(limit + 1);
      return userPage(rows.map(toJob), limit);
    },
    async update(organizationId, id, patch) {
      const checked = checkJobPatch(patch);
      if (!isUuid(organizationId) || !isUuid(id)) throw new NotFoundError(UNKNOWN_JOB);
      const instant = (millis: number | null) => (millis === null ? null : new Date(millis));
      const [row] = await db
        .update(jobs)
        .set({
          ...(checked.status !== undefined && { status: checked.status }),
          ...(checked.processed !== undefined && { processed: checked.processed }),
          ...(checked.total !== undefined && { total: checked.total }),
          ...(checked.result !== undefined && { result: checked.result }),
          ...(checked.error !== undefined && { error: checked.error }),
          ...(checked.finishedAtMs !== undefined && { finishedAt: instant(checked.finishedAtMs) }),
          updatedAt: new Date(checked.updatedAtMs),
        })
        .where(and(eq(jobs.organizationId, organizationId), eq(jobs.id, id)))
        .returning();
      if (!row) throw new NotFoundError(UNKNOWN_JOB);
      return toJob(row);
    },
    async failStale(staleBefore, at, error) {
      const before = new Date(parseTimestamp(staleBefore, 'staleBefore'));
      const when = new Date(parseTimestamp(at, 'at'));
      const failed = await db
        .update(jobs)
        .set({ status: 'failed', error: checkJobError(error), finishedAt: when, updatedAt: when })
        .where(and(inArray(jobs.status, [...UNFINISHED_JOB_STATUSES]), lt(jobs.updatedAt, before)))
        .returning({ id: jobs.id });
      return failed.length;
    },
  };
}
