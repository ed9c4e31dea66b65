/** The feed's Redis message: which instance announced which organization's alerts. */
import { z } from 'zod';
import { ALERT_OUTCOMES, ALERT_STATUSES, RISK_BUCKETS, type Alert } from '@klerno/db';
import { alertTransactionDto } from '../dto/alerts.js';

const alertSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  transactionId: z.string(),
  transaction: alertTransactionDto,
  ownerUserId: z.string().nullable(),
  threshold: z.number(),
  riskScore: z.number(),
  riskBucket: z.enum(RISK_BUCKETS),
  riskFlags: z.array(z.string()),
  createdAt: z.string(),
  status: z.enum(ALERT_STATUSES),
  outcome: z.enum(ALERT_OUTCOMES).nullable(),
  assigneeId: z.string().nullable(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
}) satisfies z.ZodType<Alert>;

/** As announced, also by an instance of a release before alerts carried `transaction`. */
const announcedAlertSchema = alertSchema.extend({ transaction: alertTransactionDto.optional() });

/**
 * `alerts`: committed alerts. `resync`: an instance failed to announce some of the
 * organization's alerts earlier; subscribers catch up from the database.
 */
const messageSchema = z.discriminatedUnion('kind', [
  z.object({
    v: z.literal(1),
    kind: z.literal('alerts'),
    /** The announcing instance, which has already told its own subscribers. */
    origin: z.string(),
    organizationId: z.string(),
    alerts: z.array(announcedAlertSchema),
  }),
  z.object({
    v: z.literal(1),
    kind: z.literal('resync'),
    origin: z.string(),
    organizationId: z.string(),
  }),
]);

export type FeedMessage =
  | { kind: 'alerts'; origin: string; organizationId: string; alerts: Alert[] }
  | { kind: 'resync'; origin: string; organizationId: string };

export function encodeFeedMessage(message: FeedMessage): string {
  return JSON.stringify({ v: 1, ...message });
}

/** The message, or null for anything that is not one of ours (it is then ignored). */
export function decodeFeedMessage(text: string): FeedMessage | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const result = messageSchema.safeParse(parsed);
  if (!result.success) return null;
  const { v: _version, ...message } = result.data;
  if (message.kind === 'resync') return message;
  const { origin, organizationId, alerts } = message;
  // Every alert must belong to the organization the message names.
  if (alerts.some((alert) => alert.organizationId !== organizationId)) return null;
  // An older instance (a rolling upgrade) announces alerts without their transaction summary:
  // subscribers read them from the database instead, which has it.
  if (!alerts.every(hasSummary)) return { kind: 'resync', origin, organizationId };
  return { kind: 'alerts', origin, organizationId, alerts };
}

function hasSummary(alert: z.infer<typeof announcedAlertSchema>): alert is Alert {
  return alert.transaction !== undefined;
}
