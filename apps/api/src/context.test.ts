import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '@klerno/db';
import { createInnerContext, credentialsFrom, type AppDeps, type Context } from './context.js';
import { parseCookieHeader, serializeCookie } from './cookies.js';
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
      createInnerContext(app, {
        user: {
          ...grant.user,
          organizationId: profile.organization.id,
          via: 'token',
          apiKeyId: null,
          sessionId: null,
        },
      }),
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

describe('credentials from headers', () => {
  it('reads a Bearer token or an API key, and states what is wrong with anything else', () => {
    expect(credentialsFrom({})).toEqual({
      bearerToken: null,
      apiKey: null,
      credentialProblem: null,
    });
    expect(credentialsFrom({ authorization: 'bearer abc.def.ghi' }).bearerToken).toBe(
      'abc.def.ghi',
    );
    expect(credentialsFrom({ 'x-api-key': ' klk_x ' }).apiKey).toBe('klk_x');
    for (const authorization of ['Basic abc', 'Bearer', 'Bearer a b', '', 'Bearer a\tb']) {
      expect(credentialsFrom({ authorization }).credentialProblem).toMatch(
        /Malformed Authorization/,
      );
    }
    expect(credentialsFrom({ 'x-api-key': ['a', 'b'] }).credentialProblem).toMatch(/X-API-Key/);
    expect(credentialsFrom({ 'x-api-key': '  ' }).credentialProblem).toMatch(/X-API-Key/);
    const both = credentialsFrom({ authorization: 'Bearer a', 'x-api-key': 'b' });
    expect(both).toEqual({
      bearerToken: null,
      apiKey: null,
      credentialProblem: expect.stringContaining('not both') as string,
    });
  });
});

describe('cookies', () => {
  it('parses a Cookie header leniently: first of a name wins, malformed pairs are skipped', () => {
    const cookies = parseCookieHeader('a=1; b="2"; a=3; junk; =x; c=has space; d=ok');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['d', 'ok'],
    ]);
    expect(parseCookieHeader(undefined).size).toBe(0);
    expect(parseCookieHeader(`a=${'x'.repeat(9000)}`).size).toBe(0);
  });

  it('serializes one Set-Cookie line and refuses values that would need escaping', () => {
    const options = {
      maxAgeSeconds: 60.9,
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict' as const,
    };
    expect(serializeCookie('__Host-x', 'v', options)).toBe(
      '__Host-x=v; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect(() => serializeCookie('x', 'a;b', options)).toThrow();
    expect(() => serializeCookie('x y', 'v', options)).toThrow();
  });

  it('travel through the inner context as a map and a setter', async () => {
    const app = await deps();
    const set: string[] = [];
    const setCookie: Context['setCookie'] = (name, value, options) => {
      set.push(serializeCookie(name, value, options));
    };
    const grant = await createCaller(createInnerContext(app, { setCookie })).auth.register({
      email: 'cookie@example.com',
      password: 'a long enough password',
      useCookie: true,
    });
    expect(grant.refreshToken).toBeNull();
    expect(set).toEqual([expect.stringMatching(/^__Host-klerno_refresh=klr_/) as string]);
    const cookieValue = set[0]!.split(';')[0]!.split('=')[1]!;
    const next = await createCaller(
      createInnerContext(app, {
        cookies: new Map([['__Host-klerno_refresh', cookieValue]]),
        setCookie,
      }),
    ).auth.refresh();
    expect(next.refreshToken).toBeNull();
    expect(set).toHaveLength(2);
    expect(set[1]).not.toContain(cookieValue);
  });
});
