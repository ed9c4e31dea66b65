import type { FastifyInstance } from 'fastify';
import type { AccessTokens } from '../services/access-tokens.js';
import { errorBody } from './errors.js';

export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * The public keys that verify our access tokens, for other services (asymmetric mode only).
 * With HS256 there is nothing public to publish: 404 in our error shape.
 */
export function registerJwks(app: FastifyInstance, tokens: Pick<AccessTokens, 'jwks'>): void {
  app.get(JWKS_PATH, (request, reply) => {
    const jwks = tokens.jwks();
    if (jwks.keys.length === 0) {
      return reply
        .code(404)
        .send(
          errorBody(
            request,
            'NOT_FOUND',
            'No public signing keys: access tokens are signed with a shared secret (HS256)',
          ),
        );
    }
    void reply.header('Cache-Control', 'public, max-age=300');
    return reply.type('application/jwk-set+json').send(jwks);
  });
}
