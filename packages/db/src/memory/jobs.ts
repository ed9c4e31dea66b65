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
import { checkPageLimit, parseTimestamp, toIsoTimestamp } from '../normalize.js';
import { userPage } from '../page.js';
import type { Job, JobRepository } from '../ports.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import { copy, type MemoryState } from './state.js';

export function createMemoryJobs(
  current: () => MemoryState,
  references: {
    requireOrganization: (id: string) => void;
    requireUser: (organizationId: string, id: string) => void;
  },
): JobRepository {
  const held = (organizationId: string, id: string): Job | undefined => {
    const job = current().jobs.get(id);
    return job?.organizationId === organizationId ? job : undefined;
  };

  return {
    create: (input) =>
      settle(() => {
        const checked = checkNewJob(input);
        references.requireOrganization(checked.organizationId);
        if (checked.createdBy !== null) {
          references.requireUser(checked.organizationId, checked.createdBy);
        }
        const createdAt = toIsoTimestamp(checked.createdAtMs);
        const job: Job = {
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
        };
        current().jobs.set(job.id, job);
        return copy(job);
      }),
    byId: (organizationId, id) => settle(() => copy(held(organizationId, id) ?? null)),
    list: (organizationId, page, filter) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const kind = filter?.kind === undefined ? undefined : checkJobKind(filter.kind);
        const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
        const rows = [...current().jobs.values()]
          .filter((job) => job.organizationId === organizationId)
          .filter((job) => kind === undefined || job.kind === kind)
          .filter((job) => {
            if (!after) return true;
            const millis = Date.parse(job.createdAt);
            return (
              millis < after.timestampMs || (millis === after.timestampMs && job.id < after.id)
            );
          })
          .sort(
            (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1),
          )
          .slice(0, limit + 1);
        return userPage(rows.map(copy), limit);
      }),
    update: (organizationId, id, patch) =>
      settle(() => {
        const checked = checkJobPatch(patch);
        const job = held(organizationId, id);
        if (!job) throw new NotFoundError(UNKNOWN_JOB);
        const { updatedAtMs, finishedAtMs, ...fields } = checked;
        const updated: Job = {
          ...job,
          ...fields,
          ...(finishedAtMs !== undefined && {
            finishedAt: finishedAtMs === null ? null : toIsoTimestamp(finishedAtMs),
          }),
          updatedAt: toIsoTimestamp(updatedAtMs),
        };
        current().jobs.set(id, updated);
        return copy(updated);
      }),
    failStale: (staleBefore, at, error) =>
      settle(() => {
        const beforeMs = parseTimestamp(staleBefore, 'staleBefore');
        const when = toIsoTimestamp(parseTimestamp(at, 'at'));
        const message = checkJobError(error);
        let failed = 0;
        for (const job of current().jobs.values()) {
          if (!UNFINISHED_JOB_STATUSES.includes(job.status)) continue;
          if (Date.parse(job.updatedAt) >= beforeMs) continue;
          current().jobs.set(job.id, {
            ...job,
            status: 'failed',
            error: message,
            finishedAt: when,
            updatedAt: when,
          });
          failed += 1;
        }
        return failed;
      }),
  };
}
