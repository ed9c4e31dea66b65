/** DTOs of the `alerts` router: alerts worked as cases (SPEC §4) and their live feed. */
import { z } from 'zod';
import {
  ALERT_EVENT_KINDS,
  ALERT_OUTCOMES,
  ALERT_STATUSES,
  DIRECTIONS,
  RISK_BUCKETS,
  type Alert,
  type AlertAssignee,
  type AlertEvent,
} from '@klerno/db';
import { trackedEvents } from './async-iterable.js';
import { idSchema } from './ids.js';
import { pageDto, pageFields, pageInput } from './pagination.js';
import { explanationDto } from './transaction-risk.js';
import { timestampSchema, transactionDto } from './transactions.js';

export const MAX_COMMENT_LENGTH = 2000;

const statusSchema = z.enum(ALERT_STATUSES, 'status must be open, investigating or closed');
const outcomeSchema = z.enum(
  ALERT_OUTCOMES,
  'outcome must be false_positive, escalated or reported',
);

/** A member's id, or "me" for the caller (an API key: its creator). */
const userRefSchema = z.union([z.literal('me'), idSchema], 'expected a user id or "me"');

/** The version the caller last saw: the change applies only if nobody changed the alert since (409). */
const versionSchema = z.number().int().min(1, 'version must be a positive whole number');

/** Which payment raised the alert: enough to tell alerts of one ingest apart in a list. */
export const alertTransactionDto = z.object({
  txId: z.string(),
  chain: z.string(),
  /** The transaction's own time (ISO 8601 UTC), not when the alert was raised. */
  timestamp: z.string(),
  fromAddress: z.string(),
  toAddress: z.string(),
  /** Exact decimal string, canonical form. */
  amount: z.string(),
  currency: z.string(),
  /** "out": the counterparty is toAddress; "in": fromAddress. */
  direction: z.enum(DIRECTIONS),
});
export type AlertTransactionDto = z.infer<typeof alertTransactionDto>;

export const alertDto = z.object({
  id: z.string(),
  transactionId: z.string(),
  /** A summary of the transaction (alerts.byId returns all of it). */
  transaction: alertTransactionDto,
  status: statusSchema,
  /** Set when, and only when, the alert is closed. */
  outcome: outcomeSchema.nullable(),
  assigneeId: z.string().nullable(),
  /** The assignee's email, for display; null when unassigned. */
  assigneeEmail: z.string().nullable(),
  /** Whose threshold raised it (the ingesting user); null for an ingest without one. */
  ownerUserId: z.string().nullable(),
  /** The threshold in force when it was raised, 0..1. */
  threshold: z.number(),
  /** The transaction's score, bucket and flags when the alert was raised. */
  riskScore: z.number(),
  riskBucket: z.enum(RISK_BUCKETS),
  riskFlags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  /** +1 per change; send it back with a change to refuse it (409) if someone else changed the alert. */
  version: z.number().int(),
});
export type AlertDto = z.infer<typeof alertDto>;

export const alertEventDto = z.object({
  id: z.string(),
  kind: z.enum(ALERT_EVENT_KINDS),
  /** Who made the change; null for 'created' (raised by the system). */
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  at: z.string(),
  /**
   * created: { score, threshold }; assigned: { from, to }; status_changed: { from, to, outcome };
   * commented: { body }. A change made with an API key also names it (apiKeyId).
   */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type AlertEventDto = z.infer<typeof alertEventDto>;

export const listAlertsInput = z
  .object({
    ...pageFields,
    status: statusSchema.optional(),
    /** A member's id, "me", or null for unassigned alerts. */
    assigneeId: userRefSchema.nullable().optional(),
    riskBucket: z.enum(RISK_BUCKETS, 'riskBucket must be low, medium or high').optional(),
    /** Inclusive bounds on when the alert was raised (ISO 8601 with a time zone). */
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
  })
  .refine(({ from, to }) => from === undefined || to === undefined || from <= to, {
    message: 'from must not be after to',
    path: ['from'],
  })
  .prefault({});

export const alertPageDto = pageDto(alertDto);

export const alertByIdInput = z.object({ id: idSchema });

export const alertCaseDto = z.object({
  alert: alertDto,
  transaction: transactionDto,
  /** The transaction's score recomputed rule by rule (transactions.explain). */
  explanation: explanationDto,
  /** Oldest first. */
  history: z.array(alertEventDto),
});

export const assignAlertInput = z.object({
  id: idSchema,
  /** An active analyst or admin of the organization, "me", or null to unassign. */
  assigneeId: userRefSchema.nullable(),
  version: versionSchema.optional(),
});

export const setAlertStatusInput = z
  .object({
    id: idSchema,
    status: statusSchema,
    /** Required when closing; refused otherwise. */
    outcome: outcomeSchema.optional(),
    version: versionSchema.optional(),
  })
  .superRefine(({ status, outcome }, ctx) => {
    if (status === 'closed' && outcome === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'closing an alert needs an outcome: false_positive, escalated or reported',
      });
    }
    if (status !== 'closed' && outcome !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: 'an outcome is given only when closing an alert',
      });
    }
  });

export const commentAlertInput = z.object({
  id: idSchema,
  body: z
    .string()
    .trim()
    .min(1, 'a comment must not be empty')
    .max(MAX_COMMENT_LENGTH, `a comment must be at most ${MAX_COMMENT_LENGTH} characters`)
    // Line breaks and tabs are fine; other control characters are not.
    .regex(
      /^(?:[^\p{Cc}]|[\n\r\t])*$/u,
      'a comment must not contain control characters other than line breaks and tabs',
    ),
});

export const onAlertInput = z
  .object({
    /** Resume after this alert id: the alerts raised since are sent first. */
    lastEventId: idSchema.optional(),
  })
  .prefault({});

/** Each event: tracked(alert.id, alert), so a reconnecting client resumes where it stopped. */
export const alertEventsDto = trackedEvents(alertDto);

/** `{ cursor?, limit? }`: the members alerts may be assigned to, by email. */
export const listAssigneesInput = pageInput;

/** An active analyst or admin: exactly whom alerts.assign accepts. */
export const assigneeDto = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(['analyst', 'admin']),
});
export type AssigneeDto = z.infer<typeof assigneeDto>;

export const assigneePageDto = pageDto(assigneeDto);

export function toAssigneeDto(assignee: AlertAssignee): AssigneeDto {
  return { id: assignee.id, email: assignee.email, role: assignee.role };
}

/** Emails of the members an alert or its history names, by id. */
export type EmailsById = ReadonlyMap<string, string>;

export function toAlertDto(alert: Alert, emails: EmailsById): AlertDto {
  return {
    id: alert.id,
    transactionId: alert.transactionId,
    transaction: {
      txId: alert.transaction.txId,
      chain: alert.transaction.chain,
      timestamp: alert.transaction.timestamp,
      fromAddress: alert.transaction.fromAddress,
      toAddress: alert.transaction.toAddress,
      amount: alert.transaction.amount,
      currency: alert.transaction.currency,
      direction: alert.transaction.direction,
    },
    status: alert.status,
    outcome: alert.outcome,
    assigneeId: alert.assigneeId,
    assigneeEmail: alert.assigneeId === null ? null : (emails.get(alert.assigneeId) ?? null),
    ownerUserId: alert.ownerUserId,
    threshold: alert.threshold,
    riskScore: alert.riskScore,
    riskBucket: alert.riskBucket,
    riskFlags: alert.riskFlags,
    createdAt: alert.createdAt,
    updatedAt: alert.updatedAt,
    closedAt: alert.closedAt,
    version: alert.version,
  };
}

export function toAlertEventDto(event: AlertEvent, emails: EmailsById): AlertEventDto {
  return {
    id: event.id,
    kind: event.kind,
    actorId: event.actorId,
    actorEmail: event.actorId === null ? null : (emails.get(event.actorId) ?? null),
    at: event.at,
    details: event.details,
  };
}
