import { describe, expect, it } from 'vitest';
import { createAuthorizedFetch } from './authorized-fetch.js';

/** A fake API that accepts one token at a time; `rotate` makes the next renewal hand out another. */
function fakeApi(validToken: { current: string }) {
  const seen: (string | null)[] = [];
  const send: typeof fetch = (_input, init) => {
    const authorization = new Headers(init?.headers).get('Authorization');
    seen.push(authorization);
    const ok = authorization === `Bearer ${validToken.current}`;
    return Promise.resolve(new Response(ok ? 'a,b\n' : '{}', { status: ok ? 200 : 401 }));
  };
  return { seen, send };
}

describe('createAuthorizedFetch', () => {
  it('sends the current token, without cookies', async () => {
    const valid = { current: 't1' };
    const api = fakeApi(valid);
    let credentials: RequestCredentials | undefined;
    const authorized = createAuthorizedFetch({
      accessToken: () => 't1',
      renew: () => Promise.resolve(),
      fetch: (input, init) => {
        credentials = init?.credentials;
        return api.send(input, init);
      },
    });
    expect((await authorized('/exports/transactions.csv')).status).toBe(200);
    expect(api.seen).toEqual(['Bearer t1']);
    expect(credentials).toBe('omit');
  });

  it('renews once after a 401 and retries with the new token', async () => {
    const valid = { current: 't2' };
    const api = fakeApi(valid);
    let token = 't1';
    let renewals = 0;
    const authorized = createAuthorizedFetch({
      accessToken: () => token,
      renew: () => {
        renewals += 1;
        token = 't2';
        return Promise.resolve();
      },
      fetch: api.send,
    });
    expect((await authorized('/x')).status).toBe(200);
    expect(api.seen).toEqual(['Bearer t1', 'Bearer t2']);
    expect(renewals).toBe(1);
  });

  it('gives the 401 back when renewing brought no new token', async () => {
    const api = fakeApi({ current: 'other' });
    const authorized = createAuthorizedFetch({
      accessToken: () => 't1',
      renew: () => Promise.resolve(),
      fetch: api.send,
    });
    expect((await authorized('/x')).status).toBe(401);
    expect(api.seen).toEqual(['Bearer t1']);
  });
});
