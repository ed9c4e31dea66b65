import type { AuditOutcome, Repositories } from '@klerno/db';

/** The security events of SPEC §7 (OWASP logging vocabulary). */
export const AUDIT_EVENTS = [
  'authn_login_success',
  'authn_login_fail',
  'authn_login_lock',
  'authn_password_change',
  'authn_token_reuse',
  'authn_token_revoked',
  'session_created',
  'session_logout',
  'authz_fail',
  'authz_change',
  'user_created',
  'user_updated',
  'user_disabled',
  'apikey_created',
  'apikey_revoked',
  'sensitive_create',
  'sensitive_read',
  'sensitive_update',
  'sensitive_delete',
  'excess_rate_limit_exceeded',
  'malicious_csp_violation',
] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** Where a request came from: copied onto every entry it causes. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** Just the request fields of a procedure's context (or of the account services' deps). */
export function requestMetaOf(ctx: RequestMeta): RequestMeta {
  return { ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId };
}

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditRecord {
  event: AuditEvent;
  /** Null only for events that belong to no organization (a failed login for an unknown email). */
  organizationId: string | null;
  /** Who acted: a user id, `apikey:<id>`, or an email for sign-in attempts. */
  actor: string | null;
  target: string | null;
  outcome: AuditOutcome;
  /** Never passwords, tokens, keys or cookies. */
  details?: AuditDetails;
}

// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f\u2028\u2029]/g;
const MAX_FIELD_LENGTH = 512;

/**
 * Control characters (CR/LF above all) are stored escaped, so nothing a user types can forge a
 * line of a log or an export that shows the trail.
 */
export function escapeAuditText(value: string): string {
  const escaped = value.replace(CONTROL_CHARACTERS, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return escaped.length > MAX_FIELD_LENGTH ? `${escaped.slice(0, MAX_FIELD_LENGTH)}…` : escaped;
}

function escapeOptional(value: string | null): string | null {
  return value === null ? null : escapeAuditText(value);
}

function escapeDetails(details: AuditDetails): AuditDetails {
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => [
      escapeAuditText(key),
      typeof value === 'string' ? escapeAuditText(value) : value,
    ]),
  );
}

/**
 * Appends one entry to the organization's hash chain. Pass the repositories of the unit of work
 * that makes the change, so the entry lands with it or not at all.
 */
export async function recordAudit(
  repos: Pick<Repositories, 'audit'>,
  meta: RequestMeta,
  record: AuditRecord,
  now: Date = new Date(),
): Promise<void> {
  await repos.audit.append({
    organizationId: record.organizationId,
    timestamp: now.toISOString(),
    event: record.event,
    actor: escapeOptional(record.actor),
    target: escapeOptional(record.target),
    outcome: record.outcome,
    ip: escapeOptional(meta.ip),
    userAgent: escapeOptional(meta.userAgent),
    requestId: escapeOptional(meta.requestId),
    details: escapeDetails(record.details ?? {}),
  });
}
