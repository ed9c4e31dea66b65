import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DatabaseUnavailableError, type Store } from '@klerno/db';
import { credentialsFrom, type AppDeps } from '../context.js';
import { transactionFilterFields, transactionQueryOf } from '../dto/transaction-filters.js';
import { CSV_DOWNLOAD_PATH } from '../dto/transaction-io.js';
import { limitClientIp, limitIdentity } from '../rate-limit/enforce.js';
import { limitContextOf } from '../rate-limit/http.js';
import { RateLimitedError } from '../rate-limit/errors.js';
import { RATE_LIMITS_OFF } from '../rate-limit/service.js';
import type { AccessTokens } from '../services/access-tokens.js';
import { LINK_PARAMETER } from '../services/download-links.js';
import { authenticate, authenticateLink, type CurrentUser } from '../services/identity.js';
import { NotAuthenticatedError } from '../services/errors.js';
import {
  exportFileName,
  exportQueryDetails,
  recordTransactionsExport,
  streamTransactionsCsv,
} from '../services/transaction-exports.js';
import { errorBody } from './errors.js';

/** `bom` plus `transactions.list`'s filters and sort; unknown parameters are refused. */
const downloadQuery = z.strictObject({
  bom: z.enum(['true', 'false'], 'bom must be true or false').optional(),
  ...transactionFilterFields,
});
const DOWNLOAD_PARAMETERS = Object.keys(downloadQuery.shape).join(', ');

/**
 * GET /exports/transactions.csv: the organization's transactions as a CSV attachment of any
 * size, streamed page by page (memory stays flat). Authenticated like tRPC machine clients —
 * `Authorization: Bearer` or `X-API-Key` through the same identity service — or by a download
 * link from `transactions.csvDownloadLink` (`?link=…`, what a browser follows to save the file),
 * never by cookie, so another site cannot make a signed-in browser download it (CSRF). Every
 * signed-in caller is at least a viewer. Rate-limited as a read, per client IP before
 * credentials, then per identity.
 */
export function registerTransactionsDownload(app: FastifyInstance, deps: AppDeps): void {
  const clock = deps.clock ?? (() => new Date());
  const rateLimits = deps.rateLimits ?? RATE_LIMITS_OFF;
  const target = `GET ${CSV_DOWNLOAD_PATH}`;

  app.get(CSV_DOWNLOAD_PATH, async (request, reply) => {
    const limitContext = limitContextOf(request, reply, { rateLimits, store: deps.store, clock });
    try {
      await limitClientIp(limitContext, 'read', target);
      const caller = await callerOf(request, { store: deps.store, tokens: deps.tokens, clock });
      if ('problem' in caller) return refuse(request, reply, 400, 'BAD_REQUEST', caller.problem);
      const { user, parameters, byLink } = caller;
      await limitIdentity(limitContext, user, 'read', target);

      const query = downloadQuery.safeParse(parameters);
      if (!query.success) {
        return refuse(request, reply, 400, 'BAD_REQUEST', describeQueryProblem(query.error));
      }
      const exportQuery = transactionQueryOf(query.data);
      const lines = streamTransactionsCsv(deps.store, user.organizationId, {
        byteOrderMark: query.data.bom === 'true',
        query: exportQuery,
      });
      // The header line and the first page are read before the 200: a database that is down
      // gets its 503 instead of a truncated attachment.
      const body = await startedStream(lines, (rows, complete) =>
        request.log.info({ rows, complete }, 'transactions export streamed'),
      );
      // Recorded before the first byte leaves. The row count is not known yet and an entry is
      // never amended, so the count goes to the application log (same request id) at the end.
      await recordTransactionsExport(
        {
          store: deps.store,
          user,
          clock,
          requestId: request.id,
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        },
        {
          via: byLink ? `${target} (download link)` : target,
          format: 'csv',
          selection: exportQueryDetails(exportQuery),
        },
      );
      void reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${exportFileName(clock())}"`)
        .header('Cache-Control', 'no-store');
      return reply.send(body);
    } catch (error) {
      if (error instanceof NotAuthenticatedError) {
        void reply.header('WWW-Authenticate', 'Bearer');
        return refuse(request, reply, 401, 'UNAUTHORIZED', error.message);
      }
      if (error instanceof RateLimitedError) {
        return refuse(request, reply, 429, 'TOO_MANY_REQUESTS', error.message);
      }
      if (error instanceof DatabaseUnavailableError) {
        return refuse(
          request,
          reply,
          503,
          'SERVICE_UNAVAILABLE',
          'The database is unavailable; try again shortly',
        );
      }
      throw error;
    }
  });
}

interface Caller {
  user: CurrentUser;
  /** The download's query parameters: the request's own, or those the link was issued with. */
  parameters: unknown;
  byLink: boolean;
}

/**
 * Who asks, and for what: a download link (the `link` parameter, alone and without credential
 * headers) names both; otherwise the credential headers name the caller and the query the rows.
 */
async function callerOf(
  request: FastifyRequest,
  deps: { store: Store; tokens: AccessTokens; clock: () => Date },
): Promise<Caller | { problem: string }> {
  const parameters: unknown = request.query;
  const link = linkIn(parameters);
  if (link === null) {
    const user = await authenticate({ ...deps, ...credentialsFrom(request.headers) });
    return { user, parameters, byLink: false };
  }
  if (typeof link !== 'string' || Object.keys(parameters as object).length !== 1) {
    return {
      problem: `A download link carries its own filters: give ${LINK_PARAMETER} once, as the only query parameter`,
    };
  }
  if (request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined) {
    return { problem: 'Give either a download link or credentials, not both' };
  }
  const { user, query } = await authenticateLink(deps, link, CSV_DOWNLOAD_PATH);
  return { user, parameters: query, byLink: true };
}

/** The `link` parameter's value (a string, or an array when repeated); null when absent. */
function linkIn(parameters: unknown): unknown {
  if (typeof parameters !== 'object' || parameters === null) return null;
  return Object.hasOwn(parameters, LINK_PARAMETER)
    ? (parameters as Record<string, unknown>)[LINK_PARAMETER]
    : null;
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): FastifyReply {
  return reply.code(status).send(errorBody(request, code, message));
}

function describeQueryProblem(error: z.ZodError): string {
  const [issue] = error.issues;
  if (issue?.code === 'unrecognized_keys') {
    return `Unknown query parameter ${issue.keys.join(', ')}; this download takes ${DOWNLOAD_PARAMETERS}`;
  }
  if (!issue) return 'Invalid query parameters';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/**
 * A stream of `lines` (a header, then one line per row) whose first two items have already been
 * read. `onEnd` learns how many rows were handed to the response, and whether that was all of
 * them, once the stream ends or is torn down (a client that went away).
 */
async function startedStream(
  lines: AsyncGenerator<string, void, undefined>,
  onEnd: (rows: number, complete: boolean) => void,
): Promise<Readable> {
  const first = await lines.next();
  const second = first.done ? first : await lines.next();
  async function* all(): AsyncGenerator<string, void, undefined> {
    let rows = 0;
    let complete = false;
    try {
      if (!first.done) yield first.value;
      if (!second.done) {
        rows++;
        yield second.value;
      }
      for await (const line of lines) {
        rows++;
        yield line;
      }
      complete = true;
    } finally {
      onEnd(rows, complete);
    }
  }
  return Readable.from(all());
}
