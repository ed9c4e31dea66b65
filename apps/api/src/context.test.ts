import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '@klerno/db';
import { createInnerContext, type AppDeps } from './context.js';
import { appRouter } from './router.js';
import { createAccessTokens } from './services/access-tokens.js';
import { createCallerFactory } from './trpc.js';
import { testSettings } from './testing/server.js';

const createCaller = createCallerFactory(appRouter);

async function deps(): Promise<AppDeps> {
  const settings = testSettings();
  return { settings, store: createMemoryStore(), tokens: await createAccessTokens(settings.jwt) };
}

describe('the inner context (no HTTP)', () => {
  it('runs procedures in-process, with a known user or a bearer token', async () => {
    const app = await deps();
    const anonymous = createCaller(createInnerContext(app));
    const grant = await anonymous.auth.register({
      email: 'Inner@Example.com',
      password: 'a long enough password',
    });

    const byToken = createCaller(createInnerContext(app, { bearerToken: grant.accessToken }));
    const profile = await byToken.auth.me();
    expect(profile.email).toBe('inner@example.com');

    const asUser = createCaller(
      createInnerContext(app, { user: { ...grant.user, organizationId: profile.organization.id } }),
    );
    await asUser.transactions.ingest({
      transactions: [
        {
          chain: 'xrpl',
          txId: 'INNER1',
          timestamp: '2024-01-01T00:00:00Z',
          fromAddress: 'rA',
          toAddress: 'rB',
          amount: '1',
          currency: 'XRP',
          direction: 'in',
        },
      ],
    });
    expect((await byToken.transactions.list()).items.map((item) => item.txId)).toEqual(['INNER1']);
  });

  it('maps domain errors to tRPC codes in-process too', async () => {
    const caller = createCaller(createInnerContext(await deps()));
    await expect(caller.auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      caller.auth.login({ email: 'nobody@example.com', password: 'whatever!' }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'Invalid email or password',
    });
  });

  it('sets response headers through setHeader, never through a Fastify reply', async () => {
    const headers = new Map<string, string>();
    const caller = createCaller(
      createInnerContext(await deps(), { setHeader: (name, value) => headers.set(name, value) }),
    );
    await caller.auth.register({
      email: 'headers@example.com',
      password: 'a long enough password',
    });
    expect(headers.get('Cache-Control')).toBe('no-store');
  });
});
