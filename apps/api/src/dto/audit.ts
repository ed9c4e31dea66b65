import { z } from 'zod';
import type { AuditEntry } from '@klerno/db';
import { AUDIT_EVENTS } from '../services/audit.js';
import { timestampSchema } from './transactions.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageDto } from './pagination.js';

export const listAuditInput = z
  .object({
    event: z.enum(AUDIT_EVENTS, `event must be one of: ${AUDIT_EVENTS.join(', ')}`).optional(),
    /** A user id, `apikey:<id>`, or the email of a sign-in attempt; matched exactly. */
    actor: z.string().min(1).max(512, 'actor must be at most 512 characters').optional(),
    /** Inclusive bounds, ISO 8601 with a time zone. */
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
    cursor: z.string().min(1).max(512, 'Invalid cursor').optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, {
    message: 'from must not be after to',
    path: ['from'],
  })
  .prefault({});

export const auditEntryDto = z.object({
  id: z.string(),
  /** Position in the organization's chain: 1, 2, 3… */
  seq: z.number().int().positive(),
  timestamp: z.string(),
  event: z.string(),
  actor: z.string().nullable(),
  target: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** SHA-256 (hex) linking this entry to the one before it. */
  hash: z.string(),
});
export type AuditEntryDto = z.infer<typeof auditEntryDto>;

export const auditPageDto = pageDto(auditEntryDto);

export const auditVerificationDto = z.object({
  ok: z.boolean(),
  /** Entries checked (all of them when ok). */
  checked: z.number().int().nonnegative(),
  /** The first entry that does not follow from the one before it (id null when it is missing). */
  brokenAt: z.object({ seq: z.number().int(), id: z.string().nullable() }).optional(),
  reason: z.enum(['hash_mismatch', 'chain_mismatch', 'missing_entry']).optional(),
});

/** The entry without what only the store needs (its organization, the previous hash). */
export function toAuditEntryDto({
  organizationId: _organizationId,
  prevHash: _prevHash,
  ...entry
}: AuditEntry): AuditEntryDto {
  return entry;
}
