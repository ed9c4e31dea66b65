import type { FastifyInstance } from 'fastify';
import { limitRoute, type RouteLimitDeps } from '../rate-limit/http.js';

const CSP_REPORT_BODY_LIMIT = 64 * 1024;
const REPORT_CONTENT_TYPES = ['application/csp-report', 'application/reports+json'];

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Only the fields that help find the violation; a report is attacker-controlled, so nothing else
 * is kept. `application/csp-report` sends `{ "csp-report": {...} }`, the Reporting API
 * (`application/reports+json`) sends `[{ "type": "csp-violation", "body": {...} }]`.
 */
function summarise(payload: unknown): Record<string, string> {
  const envelope = asRecord(Array.isArray(payload) ? payload[0] : payload);
  const report = asRecord(envelope['csp-report'] ?? envelope.body);
  const pick = (...keys: string[]) => {
    const value = keys.map((key) => report[key]).find((candidate) => typeof candidate === 'string');
    return typeof value === 'string' ? value.slice(0, 300) : '';
  };
  return {
    directive: pick('effective-directive', 'effectiveDirective', 'violated-directive'),
    blocked: pick('blocked-uri', 'blockedURL'),
    document: pick('document-uri', 'documentURL'),
  };
}

/**
 * POST /csp-report: browsers send violations of the console's CSP here (≤ 64 KiB, 204).
 * Rate-limited per client IP (class csp-report) before the body is read. Logged for now; a later
 * issue stores reports for `security.cspReports`.
 */
export async function registerCspReport(
  app: FastifyInstance,
  limits: RouteLimitDeps,
): Promise<void> {
  await app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      REPORT_CONTENT_TYPES,
      { parseAs: 'string', bodyLimit: CSP_REPORT_BODY_LIMIT },
      (_request, body, parsed) => {
        try {
          parsed(null, JSON.parse(body as string) as unknown);
        } catch (error) {
          parsed(Object.assign(error as Error, { statusCode: 400 }), undefined);
        }
      },
    );
    const options = {
      bodyLimit: CSP_REPORT_BODY_LIMIT,
      onRequest: limitRoute(limits, 'csp-report'),
    };
    scope.post('/csp-report', options, (request, reply) => {
      request.log.warn({ cspViolation: summarise(request.body) }, 'CSP violation reported');
      return reply.code(204).send();
    });
    done();
  });
}
