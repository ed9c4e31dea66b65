import { generateKeyPairSync } from 'node:crypto';
import Fastify from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from '../services/access-tokens.js';
import { testSettings } from '../testing/server.js';
import { registerErrorHandlers } from './errors.js';
import { JWKS_PATH, registerJwks } from './jwks.js';

async function serve(ed25519PrivateKeyPem?: string) {
  const tokens = await createAccessTokens(
    testSettings().jwt,
    ed25519PrivateKeyPem ? { ed25519PrivateKeyPem } : {},
  );
  const app = Fastify();
  registerErrorHandlers(app, () => null);
  registerJwks(app, tokens);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, tokens, close: () => app.close() };
}

describe(`GET ${JWKS_PATH}`, () => {
  it('publishes the Ed25519 public key, enough to verify our tokens, and nothing private', async () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const server = await serve(pem);
    try {
      const response = await fetch(`${server.url}${JWKS_PATH}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/jwk-set+json');
      const text = await response.text();
      expect(text).not.toContain('"d"');
      const jwks = JSON.parse(text) as Parameters<typeof createLocalJWKSet>[0];
      const { token } = await server.tokens.issue({
        userId: 'u',
        organizationId: 'o',
        role: 'viewer',
        tokenVersion: 0,
        sessionId: 's',
      });
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
        issuer: 'klerno',
        audience: 'klerno-api',
      });
      expect(payload.sub).toBe('u');
    } finally {
      await server.close();
    }
  });

  it('is 404 in the error shape with HS256 (nothing public to publish)', async () => {
    const server = await serve();
    try {
      const response = await fetch(`${server.url}${JWKS_PATH}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    } finally {
      await server.close();
    }
  });
});

describe('JWT_PRIVATE_KEY through the whole server', () => {
  it('signs access tokens with EdDSA that verify against the published key set', async () => {
    const { startTestServer } = await import('../testing/server.js');
    const { query, registerUser } = await import('../testing/trpc-http.js');
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const running = await startTestServer({ env: { JWT_PRIVATE_KEY: pem } });
    try {
      const { accessToken } = await registerUser(running.url);
      const jwks = (await (await fetch(`${running.url}${JWKS_PATH}`)).json()) as Parameters<
        typeof createLocalJWKSet
      >[0];
      const { protectedHeader } = await jwtVerify(accessToken, createLocalJWKSet(jwks), {
        issuer: 'klerno',
        audience: 'klerno-api',
      });
      expect(protectedHeader.alg).toBe('EdDSA');
      const me = await query<{ email: string }>(running.url, 'auth.me', undefined, accessToken);
      expect(me.status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
