import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningTestServer } from '../testing/server.js';

const INDEX_HTML = `<!doctype html>
<html><head>
<script type="module" crossorigin src="/assets/app-3f2a1b.js"></script>
<style>body { margin: 0 }</style>
<link rel="stylesheet" href="/assets/app-3f2a1b.css">
</head><body><div id="root"></div><script>window.boot = true</script></body></html>`;

let distDir: string;
let api: RunningTestServer;

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'klerno-web-dist-'));
  mkdirSync(join(distDir, 'assets'));
  writeFileSync(join(distDir, 'index.html'), INDEX_HTML);
  writeFileSync(join(distDir, 'assets', 'app-3f2a1b.js'), 'console.log("klerno")');
  writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  api = await startTestServer({ webDistDir: distDir });
});
afterAll(async () => {
  await api.close();
  rmSync(distDir, { recursive: true, force: true });
});

const html = (url: string) =>
  fetch(url, { headers: { accept: 'text/html,application/xhtml+xml' } });

function noncesIn(body: string): string[] {
  return [...body.matchAll(/<(?:script|style)\b[^>]*\bnonce="([^"]+)"/g)].map((match) => match[1]!);
}

describe('the console', () => {
  it('serves index.html with a fresh nonce per response, in every script and style tag and in the CSP', async () => {
    const first = await html(`${api.url}/`);
    const second = await html(`${api.url}/`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(first.headers.get('cache-control')).toBe('no-store');

    const [firstBody, secondBody] = [await first.text(), await second.text()];
    const firstNonces = noncesIn(firstBody);
    expect(firstNonces).toHaveLength(3);
    expect(new Set(firstNonces).size).toBe(1);
    const nonce = firstNonces[0]!;
    expect(noncesIn(secondBody)[0]).not.toBe(nonce);

    const csp = first.headers.get('content-security-policy-report-only');
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
    for (const directive of [
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      'report-uri /csp-report',
    ]) {
      expect(csp).toContain(directive);
    }
    expect(first.headers.get('content-security-policy')).toBeNull();
  });

  it('answers console routes with index.html (SPA fallback), but not API paths or missing assets', async () => {
    const route = await html(`${api.url}/transactions/123`);
    expect(route.status).toBe(200);
    expect(noncesIn(await route.text())).toHaveLength(3);

    expect((await html(`${api.url}/trpc/nope`)).status).toBe(404);
    expect((await html(`${api.url}/assets/missing.js`)).status).toBe(404);
    const json = await fetch(`${api.url}/transactions/123`, {
      headers: { accept: 'application/json' },
    });
    expect(json.status).toBe(404);
  });

  it('never serves index.html raw, without a nonce', async () => {
    const response = await html(`${api.url}/index.html`);
    expect(noncesIn(await response.text())).toHaveLength(3);
  });

  it('serves hashed assets with a long immutable cache, other files with revalidation', async () => {
    const asset = await fetch(`${api.url}/assets/app-3f2a1b.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log("klerno")');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const favicon = await fetch(`${api.url}/favicon.svg`);
    expect(favicon.headers.get('cache-control')).toBe('no-cache');
  });

  it('lists no directories', async () => {
    const response = await fetch(`${api.url}/assets/`);
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(body).not.toContain('app-3f2a1b');
  });

  it.each([
    ['enforce', 'content-security-policy', 'content-security-policy-report-only'],
    ['off', null, 'content-security-policy'],
  ])('CSP_MODE=%s', async (mode, present, absent) => {
    const other = await startTestServer({ webDistDir: distDir, env: { CSP_MODE: mode } });
    try {
      const response = await html(`${other.url}/`);
      if (present) expect(response.headers.get(present)).toContain("script-src 'self' 'nonce-");
      else expect(response.headers.get('content-security-policy-report-only')).toBeNull();
      expect(response.headers.get(absent)).toBeNull();
    } finally {
      await other.close();
    }
  });

  it('when not built, GET / explains how to build it', async () => {
    const bare = await startTestServer({ webDistDir: join(distDir, 'missing') });
    try {
      const response = await fetch(`${bare.url}/`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        console: 'not built',
        message: expect.stringContaining('pnpm build') as string,
      });
    } finally {
      await bare.close();
    }
  });
});
