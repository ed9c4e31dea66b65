import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CspMode } from '@klerno/config';
import type { NotFoundFallback } from './errors.js';

/** Paths that belong to the API: never answered with the console's index.html. */
const API_PREFIXES = [
  '/trpc',
  '/health',
  '/ready',
  '/metrics',
  '/csp-report',
  '/.well-known',
  '/assets/',
];
const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';

export interface ConsoleOptions {
  /** The console's built files (apps/web/dist); null or missing means "not built". */
  distDir: string | null;
  cspMode: CspMode;
}

/**
 * Compiles index.html once into a function that puts a nonce in every `<script` and `<style`
 * tag: `split` with a capturing group yields [text, tag, text, tag, text, ...].
 */
export function compileNonceTemplate(html: string): (nonce: string) => string {
  const pieces = html.split(/<(script|style)\b/i);
  return (nonce) => {
    let out = pieces[0] ?? '';
    for (let i = 1; i < pieces.length; i += 2)
      out += `<${pieces[i]} nonce="${nonce}"${pieces[i + 1] ?? ''}`;
    return out;
  };
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    `script-src 'self' 'nonce-${nonce}'`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    'report-uri /csp-report',
  ].join('; ');
}

const CSP_HEADER: Record<CspMode, string | null> = {
  'report-only': 'Content-Security-Policy-Report-Only',
  enforce: 'Content-Security-Policy',
  off: null,
};

function wantsHtml(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  if (
    API_PREFIXES.some(
      (prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
    )
  ) {
    return false;
  }
  return (request.headers.accept ?? '').includes('text/html');
}

function notBuiltNote() {
  return {
    name: 'Klerno API',
    console: 'not built',
    message:
      'The web console has not been built. Run `pnpm build` from the repository root, then restart.',
    api: '/trpc',
    health: '/health',
  };
}

/**
 * Serves the built console: hashed assets with a long cache, and index.html (read once) with a
 * fresh CSP nonce in every <script> and <style> tag per response. Returns the SPA fallback for
 * the not-found handler, or null when there is no console to serve.
 */
export async function registerConsole(
  app: FastifyInstance,
  options: ConsoleOptions,
): Promise<NotFoundFallback | null> {
  const indexPath = options.distDir === null ? null : join(options.distDir, 'index.html');
  if (options.distDir === null || indexPath === null || !existsSync(indexPath)) {
    app.get('/', (_request, reply) => reply.send(notBuiltNote()));
    return null;
  }

  const renderIndex = compileNonceTemplate(readFileSync(indexPath, 'utf8'));
  const cspHeader = CSP_HEADER[options.cspMode];

  const sendIndex = (reply: FastifyReply): FastifyReply => {
    const nonce = randomBytes(16).toString('base64');
    if (cspHeader) void reply.header(cspHeader, contentSecurityPolicy(nonce));
    return reply
      .header('Cache-Control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(renderIndex(nonce));
  };

  await app.register(fastifyStatic, {
    root: options.distDir,
    index: false,
    list: false,
    cacheControl: false,
    // index.html is only ever served with a nonce, through sendIndex.
    allowedPath: (path) => path !== '/index.html',
    setHeaders: (reply, filePath) => {
      const hashed = filePath.startsWith(join(options.distDir ?? '', 'assets'));
      void reply.header('Cache-Control', hashed ? HASHED_ASSET_CACHE : 'no-cache');
    },
  });
  app.get('/', (_request, reply) => sendIndex(reply));

  return (request, reply) => {
    if (!wantsHtml(request)) return false;
    sendIndex(reply);
    return true;
  };
}
