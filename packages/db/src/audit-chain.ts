/**
 * What every store shares about the audit log: the checks and canonical form of an entry before
 * it is hashed, the walk that verifies a chain page by page, and the list cursor.
 */
import { GENESIS_HASH, auditHash } from './audit-hash.js';
import { decodeCursorPair, encodeCursorPair } from './cursor.js';
import { InvalidCursorError, InvalidInputError } from './errors.js';
import { parseTimestamp, toIsoTimestamp } from './normalize.js';
import type { AuditEntry, AuditFilter, AuditVerification, NewAuditEntry } from './ports.js';

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;

/** Rows read per query when a chain is verified. */
export const AUDIT_VERIFY_PAGE_SIZE = 1000;

/** The key of the chain an entry belongs to; the null organization has the `system` chain. */
export function auditChainKey(organizationId: string | null): string {
  return organizationId ?? 'system';
}

// PostgreSQL text cannot hold NUL; refusing it everywhere keeps every store alike.
const NUL = '\u0000';

function checkText(value: unknown, field: string, nullable: boolean): string | null {
  if (value === null && nullable) return null;
  if (typeof value !== 'string') {
    throw new InvalidInputError(`${field} must be a string${nullable ? ' or null' : ''}`);
  }
  if (value.includes(NUL)) throw new InvalidInputError(`${field} must not contain NUL`);
  return value;
}

/**
 * Checks an entry and returns it in the form that is stored and hashed: the timestamp as
 * `toISOString()` (milliseconds, Z), details as a fresh plain object of finite primitives.
 */
export function normalizeAuditEntry(entry: NewAuditEntry): NewAuditEntry {
  const event = checkText(entry.event, 'event', false);
  if (!event) throw new InvalidInputError('event must not be empty');
  if (!(AUDIT_OUTCOMES as readonly unknown[]).includes(entry.outcome)) {
    throw new InvalidInputError(`outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`);
  }
  const details: unknown = entry.details;
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new InvalidInputError('details must be an object');
  }
  const checkedDetails: NewAuditEntry['details'] = {};
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    checkText(key, 'details key', false);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InvalidInputError(`details.${key} must be a finite number`);
    }
    if (typeof value === 'string') checkText(value, `details.${key}`, false);
    else if (value !== null && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new InvalidInputError(`details.${key} must be a string, number, boolean or null`);
    }
    checkedDetails[key] = value;
  }
  return {
    organizationId: checkText(entry.organizationId, 'organizationId', true),
    timestamp: toIsoTimestamp(parseTimestamp(entry.timestamp)),
    event,
    actor: checkText(entry.actor, 'actor', true),
    target: checkText(entry.target, 'target', true),
    outcome: entry.outcome,
    ip: checkText(entry.ip, 'ip', true),
    userAgent: checkText(entry.userAgent, 'userAgent', true),
    requestId: checkText(entry.requestId, 'requestId', true),
    details: checkedDetails,
  };
}

/** The next entry of a chain whose head is (`seq`, `hash`). */
export function chainEntry(
  id: string,
  entry: NewAuditEntry,
  head: { seq: number; hash: string },
): AuditEntry {
  const seq = head.seq + 1;
  const withSeq = { ...entry, seq };
  return { id, ...withSeq, prevHash: head.hash, hash: auditHash(head.hash, withSeq) };
}

/** The empty head every chain starts from. */
export const GENESIS_HEAD = { seq: 0, hash: GENESIS_HASH } as const;

/** Bounds of a list filter in epoch milliseconds (inclusive), after checking them. */
export interface AuditListBounds {
  event: string | undefined;
  actor: string | undefined;
  fromMs: number | undefined;
  toMs: number | undefined;
  /** Only entries with a lower seq (from the cursor). */
  beforeSeq: number | undefined;
}

export function auditListBounds(filter: AuditFilter, cursor: string | undefined): AuditListBounds {
  return {
    event: filter.event,
    actor: filter.actor,
    fromMs: filter.from === undefined ? undefined : parseTimestamp(filter.from, 'from'),
    toMs: filter.to === undefined ? undefined : parseTimestamp(filter.to, 'to'),
    beforeSeq: cursor === undefined ? undefined : decodeAuditCursor(cursor),
  };
}

export function encodeAuditCursor(seq: number): string {
  return encodeCursorPair('audit', seq);
}

export function decodeAuditCursor(cursor: string): number {
  const [kind, seq] = decodeCursorPair(cursor, 100);
  if (kind !== 'audit') throw new InvalidCursorError();
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    throw new InvalidCursorError();
  }
  return seq;
}

/** Builds a page from `limit + 1` entries fetched newest first. */
export function auditPage(
  rows: AuditEntry[],
  limit: number,
): { items: AuditEntry[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeAuditCursor(last.seq) : null };
}

/** Reads the chain's entries with seq > `afterSeq` (and ≤ `upToSeq` when given), in seq order. */
export type AuditPageReader = (
  afterSeq: number,
  upToSeq: number | null,
  limit: number,
) => Promise<AuditEntry[]>;

/**
 * Walks a chain in seq order, a page at a time, and names the first entry that does not follow
 * from the one before it. `headSeq` is the seq the chain head records (null when there is no
 * head): read it before the rows, so entries appended during the walk are not looked at, and
 * a deleted last entry still shows as missing.
 */
export async function verifyAuditChain(
  headSeq: number | null,
  readPage: AuditPageReader,
  pageSize: number = AUDIT_VERIFY_PAGE_SIZE,
): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await readPage(expectedSeq - 1, headSeq, pageSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          brokenAt: { seq: expectedSeq, id: null },
          reason: 'missing_entry',
        };
      }
      const brokenAt = { seq: row.seq, id: row.id };
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, brokenAt, reason: 'chain_mismatch' };
      }
      if (auditHash(row.prevHash, row) !== row.hash) {
        return { ok: false, checked, brokenAt, reason: 'hash_mismatch' };
      }
      checked += 1;
      expectedSeq += 1;
      prevHash = row.hash;
    }
    if (rows.length < pageSize) break;
  }
  if (headSeq !== null && headSeq >= expectedSeq) {
    return {
      ok: false,
      checked,
      brokenAt: { seq: expectedSeq, id: null },
      reason: 'missing_entry',
    };
  }
  return { ok: true, checked };
}
