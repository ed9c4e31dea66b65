import { initTRPC, type TRPCError } from '@trpc/server';
import { z } from 'zod';
import { requireRole } from './authorization.js';
import type { Context } from './context.js';
import { toTRPCError } from './errors.js';
import { DEFAULT_HARD_LIMITS, withinTimeLimit, type TimeLimitMeta } from './hard-limits.js';
import type { RateLimitMeta } from './rate-limit/classes.js';
import { limitClientIp, limitIdentity } from './rate-limit/enforce.js';
import { rateLimitClassOf, retryAfterField } from './rate-limit/trpc.js';
import { authenticate } from './services/auth.js';
import { CsvRowsRejectedError, type RowError } from './services/errors.js';

// ---- Error shape ------------------------------------------------------------------------------

/** At most this many zod issues are sent back; a 1000-row batch of bad rows stays readable. */
const MAX_REPORTED_ISSUES = 50;

export interface ZodErrorSummary {
  formErrors: string[];
  fieldErrors: Record<string, string[] | undefined>;
  /** Every reported issue with its full path, e.g. ['transactions', 3, 'amount']. */
  issues: Array<{ code: string; path: Array<string | number>; message: string }>;
}

function summariseZodError(error: z.core.$ZodError): ZodErrorSummary {
  const issues = error.issues.slice(0, MAX_REPORTED_ISSUES);
  const flattened = z.flattenError(new z.ZodError(issues));
  return {
    formErrors: flattened.formErrors,
    fieldErrors: flattened.fieldErrors,
    issues: issues.map((issue) => ({
      code: issue.code,
      path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
      message: issue.message,
    })),
  };
}

function describeInputError(error: z.core.$ZodError): string {
  const [first] = error.issues;
  if (!first) return 'Invalid input';
  const where = first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `Invalid input: ${where}${first.message}${more}`;
}

function inputErrorOf(error: TRPCError): z.core.$ZodError | null {
  return error.code === 'BAD_REQUEST' && error.cause instanceof z.core.$ZodError
    ? error.cause
    : null;
}

/** `data.rowErrors` of an upload refused for its bad rows (422); nothing for other errors. */
function rowErrorsField(error: TRPCError): { rowErrors?: RowError[] } {
  return error.cause instanceof CsvRowsRejectedError
    ? { rowErrors: [...error.cause.rowErrors] }
    : {};
}

// ---- Initialisation -----------------------------------------------------------------------------

/** What a procedure may declare with `.meta({...})`. */
export type Meta = TimeLimitMeta & RateLimitMeta;

const trpcWithMeta = initTRPC.context<Context>().meta<Meta>();

/**
 * Subscriptions (SSE): a ping comment every 15 s keeps proxies from closing a quiet stream, and
 * tells the client to reconnect (resuming from its last event id) after 40 s without a byte.
 */
export const SSE_PING_INTERVAL_MS = 15_000;
export const SSE_RECONNECT_AFTER_INACTIVITY_MS = 40_000;

const t = trpcWithMeta.create({
  // Stack traces are added by the formatter, and only in development.
  isDev: false,
  sse: {
    ping: { enabled: true, intervalMs: SSE_PING_INTERVAL_MS },
    client: { reconnectAfterInactivityMs: SSE_RECONNECT_AFTER_INACTIVITY_MS },
  },
  errorFormatter({ shape, error, ctx }) {
    const development = ctx?.settings.appEnv === 'development';
    const inputError = inputErrorOf(error);
    const hideMessage = error.code === 'INTERNAL_SERVER_ERROR' && !development;
    return {
      ...shape,
      message: inputError
        ? describeInputError(inputError)
        : hideMessage
          ? 'Internal server error'
          : shape.message,
      data: {
        ...shape.data,
        requestId: ctx?.requestId ?? null,
        zodError: inputError ? summariseZodError(inputError) : null,
        ...retryAfterField(error),
        ...rowErrorsField(error),
        ...(development && error.stack ? { stack: error.stack } : {}),
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// ---- Procedures ---------------------------------------------------------------------------------

/** Maps domain and store errors to tRPC codes on the way out (see ./errors.ts). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

/**
 * Every procedure answers within its time limit (`meta.timeLimitMs`, else the server's default):
 * past it the client gets TIMEOUT (408) while the work finishes unseen.
 */
const timeLimit = t.middleware(({ ctx, meta, next }) =>
  withinTimeLimit(
    next(),
    meta?.timeLimitMs ??
      ctx.hardLimits?.procedureTimeLimitMs ??
      DEFAULT_HARD_LIMITS.procedureTimeLimitMs,
  ),
);

/**
 * SPEC §6: every call spends one point of its procedure's class (`meta.rateLimit`) for the
 * client IP, before any credential is looked at; signed-in calls spend one for their identity
 * too (`authedProcedure`). Refused: 429 with Retry-After and `data.retryAfter`.
 */
const limitByClientIp = t.middleware(async ({ ctx, meta, path, next }) => {
  await limitClientIp(ctx, rateLimitClassOf(meta, path), path);
  return next();
});

export const publicProcedure = t.procedure.use(timeLimit).use(mapDomainErrors).use(limitByClientIp);

/**
 * Needs a valid access token (Authorization: Bearer) or API key (X-API-Key) of a user who can
 * still sign in; adds `ctx.user`. Anything else is a 401 that says what was wrong.
 */
export const authedProcedure = publicProcedure
  .use(async ({ ctx, next }) => {
    const user = ctx.user ?? (await authenticate(ctx));
    return next({ ctx: { user } });
  })
  .use(async ({ ctx, meta, path, next }) => {
    await limitIdentity(ctx, ctx.user, rateLimitClassOf(meta, path), path);
    return next();
  });

// ---- Roles (SPEC §4: viewer < analyst < admin; an API key acts with the key's role) -----------

/** Reads of the organization's data. Every signed-in caller is at least a viewer. */
export const viewerProcedure = authedProcedure.use(requireRole('viewer'));
/** Work on the organization's data (ingest, imports, alert handling). */
export const analystProcedure = authedProcedure.use(requireRole('analyst'));
/** Administration: organization, members, roles, the audit trail. */
export const adminProcedure = authedProcedure.use(requireRole('admin'));
