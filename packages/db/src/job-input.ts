/** Checks shared by every store's `jobs`, applied before anything is written. */
import { InvalidInputError } from './errors.js';
import { parseTimestamp } from './normalize.js';
import { JOB_STATUSES, type Job, type JobRepository, type JobStatus } from './ports.js';

export const MAX_JOB_KIND_LENGTH = 64;
export const MAX_JOB_ERROR_LENGTH = 1000;
/** Keys of `params` / `result`, and the length of their JSON. */
const MAX_VALUES_KEYS = 50;
const MAX_VALUES_JSON = 16_384;

export const UNKNOWN_JOB = 'The job does not exist.';

export type JobValues = Job['params'];
type NewJob = Parameters<JobRepository['create']>[0];
export type JobPatch = Parameters<JobRepository['update']>[2];

/** A patch with its instants as epoch milliseconds. */
export interface CheckedJobPatch {
  status?: JobStatus;
  processed?: number;
  total?: number | null;
  result?: JobValues | null;
  error?: string | null;
  finishedAtMs?: number | null;
  updatedAtMs: number;
}

export function checkJobKind(kind: unknown): string {
  if (typeof kind !== 'string' || kind.length === 0 || kind.length > MAX_JOB_KIND_LENGTH) {
    throw new InvalidInputError(`kind must be 1..${MAX_JOB_KIND_LENGTH} characters`);
  }
  return kind;
}

function checkValues(values: unknown, field: string): JobValues {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new InvalidInputError(`${field} must be an object`);
  }
  const entries = Object.entries(values);
  if (entries.length > MAX_VALUES_KEYS) {
    throw new InvalidInputError(`${field} must have at most ${MAX_VALUES_KEYS} keys`);
  }
  for (const [key, value] of entries) {
    const primitive =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!primitive) {
      throw new InvalidInputError(
        `${field}.${key} must be a string, finite number, boolean or null`,
      );
    }
  }
  if (JSON.stringify(values).length > MAX_VALUES_JSON) {
    throw new InvalidInputError(`${field} must be at most ${MAX_VALUES_JSON} characters of JSON`);
  }
  return { ...(values as JobValues) };
}

function checkCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError(`${field} must be a whole number ≥ 0`);
  }
  return value;
}

export function checkNewJob(input: NewJob): NewJob & { createdAtMs: number } {
  return {
    organizationId: input.organizationId,
    kind: checkJobKind(input.kind),
    params: checkValues(input.params, 'params'),
    createdBy: input.createdBy,
    createdAt: input.createdAt,
    createdAtMs: parseTimestamp(input.createdAt, 'createdAt'),
  };
}

export function checkJobPatch(patch: JobPatch): CheckedJobPatch {
  const checked: CheckedJobPatch = { updatedAtMs: parseTimestamp(patch.updatedAt, 'updatedAt') };
  if (patch.status !== undefined) checked.status = checkJobStatus(patch.status);
  if (patch.processed !== undefined) checked.processed = checkCount(patch.processed, 'processed');
  if (patch.total !== undefined) {
    checked.total = patch.total === null ? null : checkCount(patch.total, 'total');
  }
  if (patch.result !== undefined) {
    checked.result = patch.result === null ? null : checkValues(patch.result, 'result');
  }
  if (patch.error !== undefined) checked.error = checkJobError(patch.error);
  if (patch.finishedAt !== undefined) {
    checked.finishedAtMs =
      patch.finishedAt === null ? null : parseTimestamp(patch.finishedAt, 'finishedAt');
  }
  return checked;
}

export function checkJobStatus(status: unknown): JobStatus {
  if (!(JOB_STATUSES as readonly unknown[]).includes(status)) {
    throw new InvalidInputError(`status must be one of ${JOB_STATUSES.join(', ')}`);
  }
  return status as JobStatus;
}

export function checkJobError(error: unknown): string | null {
  if (error === null) return null;
  if (typeof error !== 'string' || error.length > MAX_JOB_ERROR_LENGTH) {
    throw new InvalidInputError(`error must be at most ${MAX_JOB_ERROR_LENGTH} characters`);
  }
  return error;
}

/** The statuses `failStale` ends: a job some runner holds. */
export const UNFINISHED_JOB_STATUSES: readonly JobStatus[] = ['queued', 'running'];
