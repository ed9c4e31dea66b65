import { Transform } from 'node:stream';
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Settings } from '@klerno/config';

const SECRET_FIELDS = ['password', 'token', 'accessToken', 'refreshToken', 'secret'];
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-api-key'];

/**
 * pino redaction paths. Bodies, headers and query strings are not logged in the first place;
 * these catch anything that gets logged by mistake, at the top level and two levels down.
 */
export const REDACTED_PATHS = [
  ...SECRET_HEADERS.flatMap((header) => [
    `req.headers["${header}"]`,
    `res.headers["${header}"]`,
    `headers["${header}"]`,
  ]),
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/** Turns pino's JSON lines into one short line each, for a developer's terminal. */
function prettyLines(out: NodeJS.WritableStream): NodeJS.WritableStream {
  const LEVELS: Record<number, string> = {
    10: 'TRACE',
    20: 'DEBUG',
    30: 'INFO',
    40: 'WARN',
    50: 'ERROR',
    60: 'FATAL',
  };
  const pretty = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => {
          try {
            const { time, level, msg, requestId, ...rest } = JSON.parse(line) as Record<
              string,
              unknown
            >;
            delete rest.pid;
            delete rest.hostname;
            const when = new Date(typeof time === 'number' ? time : Date.now())
              .toISOString()
              .slice(11, 23);
            const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
            const id = typeof requestId === 'string' ? ` [${requestId}]` : '';
            return `${when} ${LEVELS[level as number] ?? String(level)}${id} ${typeof msg === 'string' ? msg : ''}${extra}\n`;
          } catch {
            return `${line}\n`;
          }
        });
      done(null, lines.join(''));
    },
  });
  pretty.pipe(out);
  return pretty;
}

/** Fastify's logger (pino): JSON lines carrying the request id, secrets redacted. */
export function loggerOptions(
  log: Settings['log'],
  destination: NodeJS.WritableStream = process.stdout,
): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: log.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    stream: log.format === 'pretty' ? prettyLines(destination) : destination,
    serializers: {
      // No headers, no query string (tRPC inputs travel there), no body.
      req: (request: FastifyRequest) => ({
        method: request.method,
        path: pathOf(request.url),
        remoteAddress: request.ip,
      }),
    },
  };
}
