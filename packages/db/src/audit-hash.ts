import { createHash } from 'node:crypto';
import type { AuditEntry } from './ports.js';

/** The `prevHash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers (everything but id, prevHash and hash). */
export type AuditHashedFields = Pick<
  AuditEntry,
  | 'organizationId'
  | 'seq'
  | 'timestamp'
  | 'event'
  | 'actor'
  | 'target'
  | 'outcome'
  | 'ip'
  | 'userAgent'
  | 'requestId'
  | 'details'
>;

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** JSON with object keys sorted (by UTF-16 code units) and no whitespace. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError('Canonical JSON has no form for a non-finite number.');
  }
  return JSON.stringify(value);
}

/** The canonical JSON of an entry: the same bytes on every store and every run. */
export function canonicalAuditJson(entry: AuditHashedFields): string {
  return canonicalJson({
    organizationId: entry.organizationId,
    seq: entry.seq,
    timestamp: entry.timestamp,
    event: entry.event,
    actor: entry.actor,
    target: entry.target,
    outcome: entry.outcome,
    ip: entry.ip,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
    details: entry.details,
  });
}

/** SHA-256 (hex) of prevHash ‖ canonical JSON of the entry. */
export function auditHash(prevHash: string, entry: AuditHashedFields): string {
  return createHash('sha256')
    .update(prevHash, 'utf8')
    .update(canonicalAuditJson(entry), 'utf8')
    .digest('hex');
}
