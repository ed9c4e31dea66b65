/**
 * The client's auth options against the API as it ships: API keys, tokens that are refreshed
 * once for every refused call, lazy sign-in, and tokens adopted from sign-in calls.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltApi } from '../test/built-api.js';
import type { BuiltApi } from '../test/built-api.js';
import {
  createKlernoClient,
  errorCode,
  isConflict,
  isForbidden,
  isNotFound,
  isUnauthorized,
} from './index.js';
import type { KlernoFetch, KlernoTokens } from './index.js';

const STARTUP_MS = 60_000;
/** Known to the test so it can sign a genuinely expired token the API would have issued. */
const JWT_SECRET = randomBytes(48).toString('base64url');

let api: BuiltApi;

beforeAll(async () => {
  api = await startBuiltApi({ JWT_SECRET });
}, STARTUP_MS);

afterAll(async () => {
  await api?.stop();
}, STARTUP_MS);

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The same token with iat/exp an hour in the past (well beyond the API's clock tolerance). */
function expired(accessToken: string): string {
  const [header = '', payload = ''] = accessToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const now = Math.floor(Date.now() / 1000);
  const body = base64url(JSON.stringify({ ...claims, iat: now - 3600, exp: now - 2700 }));
  const signature = createHmac('sha256', JWT_SECRET).update(`${header}.${body}`).digest();
  return `${header}.${body}.${base64url(signature)}`;
}

function newAccount() {
  return { email: `sdk-${randomUUID()}@example.com`, password: 'a sturdy sdk passphrase' };
}

/** Registers a new organization; its first user is the admin. Tokens come back in the body. */
async function register(
  account = newAccount(),
): Promise<KlernoTokens & { account: typeof account }> {
  const grant = await createKlernoClient({ baseUrl: api.baseUrl }).auth.register.mutate(account);
  return { ...grant, account };
}

interface SeenRequest {
  procedures: string[];
  authorization: string | null;
  apiKey: string | null;
  status: number;
}

/**
 * A fetch that records every request. `holdRefreshUntil` keeps the refresh request from leaving
 * until the condition holds, so the test controls which failures overlap the refresh.
 */
function recordingFetch(holdRefreshUntil?: (seen: readonly SeenRequest[]) => boolean) {
  const seen: SeenRequest[] = [];
  const waiting: Array<() => void> = [];
  let started = 0;
  const startWaiters: Array<{ count: number; go: () => void }> = [];
  /** Resolves once `count` calls' requests (refreshes aside) have left: the next call is a new request. */
  const requestsStarted = (count: number) =>
    new Promise<void>((go) => {
      if (started >= count) go();
      else startWaiters.push({ count, go });
    });
  const release = () => {
    if (!holdRefreshUntil?.(seen)) return;
    for (const go of waiting.splice(0)) go();
  };
  const fetchImpl: KlernoFetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const procedures = url.pathname.replace('/trpc/', '').split(',');
    if (!procedures.includes('auth.refresh')) started += 1;
    for (const waiter of startWaiters.filter(({ count }) => started >= count)) {
      startWaiters.splice(startWaiters.indexOf(waiter), 1);
      waiter.go();
    }
    if (holdRefreshUntil && procedures.includes('auth.refresh')) {
      await new Promise<void>((go) => {
        waiting.push(go);
        release();
      });
    }
    const headers = new Headers(init?.headers);
    const response = await fetch(input, init);
    seen.push({
      procedures,
      authorization: headers.get('authorization'),
      apiKey: headers.get('x-api-key'),
      status: response.status,
    });
    release();
    return response;
  };
  const count = (procedure: string) =>
    seen.filter((request) => request.procedures.includes(procedure)).length;
  return { fetch: fetchImpl, seen, count, requestsStarted };
}

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('auth: { apiKey }', () => {
  it('sends the key as X-API-Key, never an Authorization, and the API accepts it', async () => {
    const admin = await register();
    const signedIn = createKlernoClient({
      baseUrl: api.baseUrl,
      auth: { accessToken: admin.accessToken },
    });
    const { secret } = await signedIn.apiKeys.create.mutate({ name: 'sdk test', role: 'viewer' });
    const recorder = recordingFetch();

    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      fetch: recorder.fetch,
      headers: { Authorization: 'Bearer left-over', 'x-request-id': 'sdk-key-1' },
      auth: { apiKey: secret },
    });
    const page = await client.transactions.list.query({});

    expect(page).toEqual({ items: [], nextCursor: null });
    expect(recorder.seen).toEqual([
      { procedures: ['transactions.list'], authorization: null, apiKey: secret, status: 200 },
    ]);
    // A viewer key may read but not ingest: typed, and not "refreshed".
    const refused = await failureOf(client.users.list.query({}));
    expect(isForbidden(refused)).toBe(true);
    expect(recorder.count('auth.refresh')).toBe(0);
  });
});

describe('auth: { accessToken, refreshToken, onTokens }', () => {
  it('refreshes exactly once for concurrent calls refused with an expired token, then retries each', async () => {
    const grant = await register();
    const issued: KlernoTokens[] = [];
    const stale = expired(grant.accessToken);
    // The refresh waits until all three requests sent with the expired token were refused.
    const recorder = recordingFetch(
      (seen) => seen.filter((request) => request.authorization === `Bearer ${stale}`).length === 3,
    );
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      fetch: recorder.fetch,
      auth: {
        accessToken: stale,
        refreshToken: grant.refreshToken ?? undefined,
        onTokens: (tokens) => void issued.push(tokens),
      },
    });

    // One batch of two calls, then two more calls, each sent once the request before it left.
    const calls: Array<Promise<unknown>> = [
      client.transactions.list.query({}),
      client.auth.me.query(),
    ];
    await recorder.requestsStarted(1);
    calls.push(client.transactions.list.query({ limit: 5 }));
    await recorder.requestsStarted(2);
    calls.push(client.org.get.query());
    const [list, me, shortList, org] = await Promise.all(calls);

    expect(list).toEqual({ items: [], nextCursor: null });
    expect(shortList).toEqual({ items: [], nextCursor: null });
    expect(me).toMatchObject({ email: grant.account.email, role: 'admin' });
    expect(org).toMatchObject({ memberCount: 1 });
    expect(recorder.count('auth.refresh')).toBe(1);
    expect(issued).toHaveLength(1);
    const [rotated] = issued;
    expect(rotated!.refreshToken).toMatch(/^klr_/);
    expect(rotated!.refreshToken).not.toBe(grant.refreshToken);
    expect(rotated!.accessToken).not.toBe(grant.accessToken);

    const refused = recorder.seen.filter((request) => request.status === 401);
    expect(refused.map((request) => request.authorization)).toEqual(
      Array(3).fill(`Bearer ${stale}`),
    );
    const retried = recorder.seen.filter(
      (request) => request.authorization === `Bearer ${rotated!.accessToken}`,
    );
    expect(retried.flatMap((request) => request.procedures).sort()).toEqual(
      ['auth.me', 'org.get', 'transactions.list', 'transactions.list'].sort(),
    );
    expect(retried.every((request) => request.status === 200)).toBe(true);
  });

  it('surfaces the original 401 when the refresh is refused, and does not try that token again', async () => {
    const grant = await register();
    const issued: KlernoTokens[] = [];
    const recorder = recordingFetch();
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      fetch: recorder.fetch,
      auth: {
        accessToken: expired(grant.accessToken),
        refreshToken: `klr_${randomBytes(32).toString('base64url')}`,
        onTokens: (tokens) => void issued.push(tokens),
      },
    });

    const error = await failureOf(client.transactions.list.query({}));

    expect(isUnauthorized(error)).toBe(true);
    expect((error as Error).message).toMatch(/access token/i);
    expect((error as Error).message).not.toMatch(/refresh token/i);
    expect(recorder.count('auth.refresh')).toBe(1);
    expect(recorder.count('transactions.list')).toBe(1);
    expect(issued).toEqual([]);

    const again = await failureOf(client.auth.me.query());
    expect(errorCode(again)).toBe('UNAUTHORIZED');
    expect(recorder.count('auth.refresh')).toBe(1);
  });

  it('starts from a refresh token alone, and follows a role change with one refresh', async () => {
    const admin = await register();
    const adminClient = createKlernoClient({
      baseUrl: api.baseUrl,
      auth: { accessToken: admin.accessToken },
    });
    const invitee = newAccount();
    const { token: invitationToken } = await adminClient.org.invite.mutate({
      email: invitee.email,
      role: 'viewer',
    });
    const joined = await createKlernoClient({ baseUrl: api.baseUrl }).auth.register.mutate({
      ...invitee,
      invitationToken,
    });
    expect(joined.user.role).toBe('viewer');

    const issued: KlernoTokens[] = [];
    const recorder = recordingFetch();
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      fetch: recorder.fetch,
      auth: {
        refreshToken: joined.refreshToken ?? undefined,
        onTokens: (tokens) => void issued.push(tokens),
      },
    });

    // No access token yet: the first call refreshes before it goes out.
    expect(await client.auth.me.query()).toMatchObject({ email: invitee.email, role: 'viewer' });
    expect(recorder.seen.map((request) => [request.procedures, request.status])).toEqual([
      [['auth.refresh'], 200],
      [['auth.me'], 200],
    ]);
    expect(isForbidden(await failureOf(client.users.list.query({})))).toBe(true);

    // The role change voids the access token at once; one refresh brings the new role.
    await adminClient.users.setRole.mutate({ userId: joined.user.id, role: 'analyst' });
    expect(await client.auth.me.query()).toMatchObject({ role: 'analyst' });

    expect(issued.map((tokens) => tokens.user.role)).toEqual(['viewer', 'analyst']);
    const refreshTokens = [joined.refreshToken, ...issued.map((tokens) => tokens.refreshToken)];
    expect(new Set(refreshTokens).size).toBe(3);
    expect(recorder.count('auth.refresh')).toBe(2);
  });
});

describe('auth: { email, password }', () => {
  it('signs in once, lazily, for concurrent first calls, and reports the tokens', async () => {
    const { account } = await register();
    const issued: KlernoTokens[] = [];
    const recorder = recordingFetch();
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      fetch: recorder.fetch,
      auth: { ...account, onTokens: (tokens) => void issued.push(tokens) },
    });

    const [me, page] = await Promise.all([
      client.auth.me.query(),
      client.transactions.list.query({}),
    ]);

    expect(me.email).toBe(account.email);
    expect(page.items).toEqual([]);
    expect(recorder.count('auth.login')).toBe(1);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.refreshToken).toMatch(/^klr_/);
    const [login, ...rest] = recorder.seen;
    expect(login).toMatchObject({ procedures: ['auth.login'], authorization: null });
    expect(
      rest.every((request) => request.authorization === `Bearer ${issued[0]!.accessToken}`),
    ).toBe(true);
  });

  it('signs in again when its session was ended (member disabled, then enabled)', async () => {
    const admin = await register();
    const adminClient = createKlernoClient({
      baseUrl: api.baseUrl,
      auth: { accessToken: admin.accessToken },
    });
    const account = newAccount();
    const { token: invitationToken } = await adminClient.org.invite.mutate({
      email: account.email,
      role: 'analyst',
    });
    const joined = await createKlernoClient({ baseUrl: api.baseUrl }).auth.register.mutate({
      ...account,
      invitationToken,
    });
    const issued: KlernoTokens[] = [];
    const recorder = recordingFetch();
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      fetch: recorder.fetch,
      auth: { ...account, onTokens: (tokens) => void issued.push(tokens) },
    });
    await client.auth.me.query();

    await adminClient.users.setDisabled.mutate({ userId: joined.user.id, disabled: true });
    await adminClient.users.setDisabled.mutate({ userId: joined.user.id, disabled: false });
    const me = await client.auth.me.query();

    expect(me).toMatchObject({ email: account.email, role: 'analyst' });
    expect(recorder.seen.map((request) => [request.procedures[0], request.status])).toEqual([
      ['auth.login', 200],
      ['auth.me', 200],
      ['auth.me', 401],
      ['auth.refresh', 401],
      ['auth.login', 200],
      ['auth.me', 200],
    ]);
    expect(issued).toHaveLength(2);
  });

  it('fails the call with the sign-in error when the credentials are wrong', async () => {
    const { account } = await register();
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      auth: { ...account, password: 'not the right password' },
    });

    const error = await failureOf(client.transactions.list.query({}));

    expect(isUnauthorized(error)).toBe(true);
    expect((error as Error).message).toBe('Invalid email or password');
  });
});

describe('a session client', () => {
  it('adopts the tokens of auth.login made through it, and forgets them after auth.logout', async () => {
    const { account } = await register();
    const issued: KlernoTokens[] = [];
    const recorder = recordingFetch();
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      fetch: recorder.fetch,
      auth: { onTokens: (tokens) => void issued.push(tokens) },
    });

    const grant = await client.auth.login.mutate(account);
    expect(issued).toEqual([grant]);
    expect((await client.auth.me.query()).email).toBe(account.email);

    await client.auth.logout.mutate();
    const error = await failureOf(client.auth.me.query());

    expect(isUnauthorized(error)).toBe(true);
    expect(recorder.count('auth.refresh')).toBe(0);
    expect(recorder.seen.at(-1)?.authorization).toBeNull();
  });

  it('fails the call that brought tokens when onTokens throws, and still uses the new tokens', async () => {
    const { account } = await register();
    const client = createKlernoClient({
      baseUrl: api.baseUrl,
      auth: {
        onTokens: () => {
          throw new Error('disk full');
        },
      },
    });

    const error = await failureOf(client.auth.login.mutate(account));

    expect((error as Error).message).toBe('disk full');
    expect((await client.auth.me.query()).email).toBe(account.email);
  });

  it('tells refusals apart: FORBIDDEN, NOT_FOUND, CONFLICT', async () => {
    const admin = await register();
    const adminClient = createKlernoClient({
      baseUrl: api.baseUrl,
      auth: { accessToken: admin.accessToken, refreshToken: admin.refreshToken ?? undefined },
    });

    const lastAdmin = await failureOf(
      adminClient.users.setRole.mutate({ userId: admin.user.id, role: 'viewer' }),
    );
    const unknownUser = await failureOf(
      adminClient.users.setRole.mutate({
        userId: '01890a5d-ac96-774b-bcce-b302099a8057',
        role: 'viewer',
      }),
    );

    expect(isConflict(lastAdmin)).toBe(true);
    expect((lastAdmin as Error).message).toMatch(/admin/i);
    expect(isNotFound(unknownUser)).toBe(true);
    expect(isForbidden(unknownUser)).toBe(false);
  });
});
