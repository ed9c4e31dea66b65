import { createKlernoClient } from '@klerno/sdk';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startBuiltApi } from '../../test/built-api.js';
import type { BuiltApi } from '../../test/built-api.js';
import { failureOf } from '../../test/fixtures.js';
import { describeApiError } from './errors.js';

describe('describeApiError on what the built API really answers', () => {
  let api: BuiltApi;
  const account = { email: 'grace@example.com', password: 'a long enough passphrase' };

  beforeAll(async () => {
    api = await startBuiltApi();
    await createKlernoClient({ baseUrl: api.baseUrl }).auth.register.mutate(account);
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
  }, 30_000);

  it('passes on the sign-in failure message, which never says which part was wrong', async () => {
    const client = createKlernoClient({ baseUrl: api.baseUrl });
    const error = await failureOf(() =>
      client.auth.login.mutate({ ...account, password: 'wrong password!' }),
    );
    expect(describeApiError(error)).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Invalid email or password',
      fieldErrors: {},
    });
  });

  it('puts input problems on their fields', async () => {
    const client = createKlernoClient({ baseUrl: api.baseUrl });
    const error = await failureOf(() =>
      client.auth.register.mutate({ email: 'not-an-email', password: 'short' }),
    );
    expect(describeApiError(error)).toEqual({
      code: 'BAD_REQUEST',
      message: 'Please correct the highlighted fields.',
      fieldErrors: {
        email: ['Enter a valid email address'],
        password: ['Password must be at least 12 characters'],
      },
    });
  });

  it('passes on a conflict message', async () => {
    const client = createKlernoClient({ baseUrl: api.baseUrl });
    const error = await failureOf(() => client.auth.register.mutate(account));
    expect(describeApiError(error)).toMatchObject({ code: 'CONFLICT', fieldErrors: {} });
    expect(describeApiError(error).message).toMatch(/email/i);
  });

  it('recognises a call without a valid token as UNAUTHORIZED (the console then ends the session)', async () => {
    const client = createKlernoClient({ baseUrl: api.baseUrl, accessToken: 'not.a.token' });
    const error = await failureOf(() => client.transactions.list.query({}));
    expect(describeApiError(error).code).toBe('UNAUTHORIZED');
  });
});

describe('describeApiError on failures without an API answer', () => {
  it('says the API cannot be reached when nothing listens', async () => {
    const client = createKlernoClient({ baseUrl: `http://127.0.0.1:${await freePort()}` });
    const error = await failureOf(() => client.system.health.query());
    expect(describeApiError(error)).toEqual({
      code: 'NETWORK',
      message: 'Cannot reach the Klerno API. Check your connection and try again.',
      fieldErrors: {},
    });
  });

  it('gives a generic message for anything that is not an API error', () => {
    expect(describeApiError(new Error('boom'))).toMatchObject({ code: 'UNKNOWN' });
    expect(describeApiError('boom').message).not.toContain('boom');
  });
});

describe('describeApiError on error bodies the API sends under load or on faults', () => {
  const answer = (message: string, data: Record<string, unknown>) =>
    TRPCClientError.from({ error: { code: -32000, message, data } });

  it.each([
    [{ retryAfter: 30 }, 'Too many attempts. Please try again in 30 seconds.'],
    [{ retryAfter: 1 }, 'Too many attempts. Please try again in 1 second.'],
    [{}, 'Too many attempts. Please wait a moment and try again.'],
  ])('rate limited %o', (extra, message) => {
    const error = answer('Rate limit exceeded', {
      code: 'TOO_MANY_REQUESTS',
      httpStatus: 429,
      ...extra,
    });
    expect(describeApiError(error).message).toBe(message);
  });

  it('hides internal errors behind a reference a person can quote to support', () => {
    const error = answer('Internal server error', {
      code: 'INTERNAL_SERVER_ERROR',
      httpStatus: 500,
      requestId: 'req-42',
    });
    expect(describeApiError(error).message).toBe(
      'Something went wrong on our side. Please try again in a moment. (reference req-42)',
    );
  });

  it('never shows a serialised validation dump', () => {
    const error = answer('[{"code":"too_small","path":["limit"]}]', {
      code: 'BAD_REQUEST',
      httpStatus: 400,
    });
    expect(describeApiError(error).message).toBe('Please correct the highlighted fields.');
  });

  it('uses the first form-level problem as the message and drops malformed field entries', () => {
    const error = answer('Invalid input', {
      code: 'BAD_REQUEST',
      zodError: {
        formErrors: ['Send at least one transaction'],
        fieldErrors: { limit: undefined, cursor: [3] },
      },
    });
    expect(describeApiError(error)).toEqual({
      code: 'BAD_REQUEST',
      message: 'Send at least one transaction',
      fieldErrors: {},
    });
  });
});
