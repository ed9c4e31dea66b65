import { tracked, type TRPCRouterRecord } from '@trpc/server';
import type { Alert } from '@klerno/db';
import type { Context } from '../context.js';
import {
  alertByIdInput,
  alertCaseDto,
  alertDto,
  alertEventDto,
  alertEventsDto,
  alertPageDto,
  assigneePageDto,
  assignAlertInput,
  commentAlertInput,
  listAlertsInput,
  listAssigneesInput,
  onAlertInput,
  setAlertStatusInput,
  toAlertDto,
  toAlertEventDto,
  toAssigneeDto,
} from '../dto/alerts.js';
import { toTransactionDto } from '../dto/transactions.js';
import { toTRPCError } from '../errors.js';
import { DEFAULT_HARD_LIMITS } from '../hard-limits.js';
import { streamAlerts } from '../services/alert-stream.js';
import {
  alertCase,
  assignAlert,
  commentOnAlert,
  emailsOf,
  listAlerts,
  listAssignees,
  setAlertStatus,
  type AlertCaller,
} from '../services/alerts.js';
import { authenticate, type CurrentUser } from '../services/auth.js';
import { analystProcedure, viewerProcedure } from '../trpc.js';

type SignedIn = Context & { user: CurrentUser };

const callerOf = (ctx: SignedIn): AlertCaller => ({
  store: ctx.store,
  user: ctx.user,
  clock: ctx.clock,
});

async function alertOut(ctx: SignedIn, alert: Alert) {
  return toAlertDto(alert, await emailsOf(ctx.store, ctx.user.organizationId, [alert.assigneeId]));
}

/**
 * The organization's alerts as they are raised, each as `tracked(id, alert)`: a client that
 * reconnects with the last id it got (tRPC sends it as `lastEventId`) first gets what it missed.
 * The stream lives until the client leaves or the server shuts down; every few minutes
 * (`subscriptionRecheckMs`) the caller's credentials are checked again, so a signed-out, disabled
 * or expired caller is cut off (UNAUTHORIZED) instead of listening forever.
 */
async function* liveAlerts(ctx: SignedIn, lastEventId: string | undefined, signal?: AbortSignal) {
  const emails = new Map<string, string>();
  const recheckMs =
    ctx.hardLimits?.subscriptionRecheckMs ?? DEFAULT_HARD_LIMITS.subscriptionRecheckMs;
  try {
    const alerts = streamAlerts({
      alerts: ctx.store.alerts,
      feed: ctx.alertFeed,
      organizationId: ctx.user.organizationId,
      lastEventId,
      signal: signal ? AbortSignal.any([signal, ctx.shutdownSignal]) : ctx.shutdownSignal,
      recheck: {
        everyMs: recheckMs,
        check: async () => {
          await authenticate(ctx);
        },
      },
    });
    for await (const alert of alerts) {
      const { assigneeId } = alert;
      if (assigneeId !== null && !emails.has(assigneeId)) {
        const found = await emailsOf(ctx.store, ctx.user.organizationId, [assigneeId]);
        for (const [id, email] of found) emails.set(id, email);
      }
      yield tracked(alert.id, toAlertDto(alert, emails));
    }
  } catch (error) {
    // Past the middlewares: domain and store errors are mapped here (an AbortError passes).
    throw toTRPCError(error) ?? error;
  }
}

// SPEC §4: viewer reads; analyst+ works them.
export const alertsRouter = {
  list: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(listAlertsInput)
    .output(alertPageDto)
    .query(async ({ ctx, input }) => {
      const page = await listAlerts(callerOf(ctx), input);
      const emails = await emailsOf(
        ctx.store,
        ctx.user.organizationId,
        page.items.map((alert) => alert.assigneeId),
      );
      return {
        items: page.items.map((alert) => toAlertDto(alert, emails)),
        nextCursor: page.nextCursor,
      };
    }),

  byId: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(alertByIdInput)
    .output(alertCaseDto)
    .query(async ({ ctx, input }) => {
      const { alert, transaction, explanation, history } = await alertCase(callerOf(ctx), input.id);
      const emails = await emailsOf(ctx.store, ctx.user.organizationId, [
        alert.assigneeId,
        ...history.map((event) => event.actorId),
      ]);
      return {
        alert: toAlertDto(alert, emails),
        transaction: toTransactionDto(transaction),
        explanation,
        history: history.map((event) => toAlertEventDto(event, emails)),
      };
    }),

  /** Whom `assign` accepts (active analysts and admins), by email: the assign picker's list. */
  assignees: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(listAssigneesInput)
    .output(assigneePageDto)
    .query(async ({ ctx, input }) => {
      const page = await listAssignees(ctx, input);
      return { items: page.items.map(toAssigneeDto), nextCursor: page.nextCursor };
    }),

  assign: analystProcedure
    .meta({ rateLimit: 'write' })
    .input(assignAlertInput)
    .output(alertDto)
    .mutation(async ({ ctx, input }) => alertOut(ctx, await assignAlert(callerOf(ctx), input))),

  setStatus: analystProcedure
    .meta({ rateLimit: 'write' })
    .input(setAlertStatusInput)
    .output(alertDto)
    .mutation(async ({ ctx, input }) => alertOut(ctx, await setAlertStatus(callerOf(ctx), input))),

  comment: analystProcedure
    .meta({ rateLimit: 'write' })
    .input(commentAlertInput)
    .output(alertEventDto)
    .mutation(async ({ ctx, input }) => {
      const event = await commentOnAlert(callerOf(ctx), input);
      return toAlertEventDto(event, new Map([[ctx.user.id, ctx.user.email]]));
    }),

  /** Server-sent events (httpSubscriptionLink); one connection costs one "read" point. */
  onAlert: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(onAlertInput)
    .output(alertEventsDto)
    .subscription(({ ctx, input, signal }) => liveAlerts(ctx, input.lastEventId, signal)),
} satisfies TRPCRouterRecord;
