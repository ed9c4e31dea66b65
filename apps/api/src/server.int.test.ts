import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgresTestServer, type RunningPostgresTestServer } from './testing/server.js';
import { mutation, query, registerUser, type Outputs } from './testing/trpc-http.js';

let api: RunningPostgresTestServer;

beforeAll(async () => {
  api = await startPostgresTestServer();
});
afterAll(() => api?.close());

describe('on PostgreSQL', () => {
  it('register → login → me → ingest → list, organization by organization', async () => {
    const email = `pg-${Date.now()}@example.com`;
    const grant = await registerUser(api.url, email, 'a long enough password');
    const login = await mutation<Outputs['auth']['login']>(api.url, 'auth.login', {
      email,
      password: 'a long enough password',
    });
    expect(login.status).toBe(200);
    const token = login.data!.accessToken;
    const me = await query<Outputs['auth']['me']>(api.url, 'auth.me', undefined, token);
    expect(me.data).toMatchObject({ id: grant.user.id, email, role: 'admin' });

    const transactions = ['0.1', '0.2', '0.000'].map((amount, i) => ({
      chain: 'xrpl',
      txId: `PG${i}`,
      timestamp: `2024-05-0${i + 1}T00:00:00+01:00`,
      fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
      toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
      amount,
      currency: 'XRP',
      direction: 'in' as const,
    }));
    const ingested = await mutation<Outputs['transactions']['ingest']>(
      api.url,
      'transactions.ingest',
      { transactions },
      token,
    );
    expect(ingested.data!.created).toBe(3);
    expect(ingested.data!.items.map((item) => [item.amount, item.timestamp])).toEqual([
      ['0.1', '2024-04-30T23:00:00.000Z'],
      ['0.2', '2024-05-01T23:00:00.000Z'],
      ['0', '2024-05-02T23:00:00.000Z'],
    ]);

    const again = await mutation<Outputs['transactions']['ingest']>(
      api.url,
      'transactions.ingest',
      { transactions },
      token,
    );
    expect(again.data!.created).toBe(0);
    expect(again.data!.duplicates).toHaveLength(3);

    const duplicateInBatch = await mutation(
      api.url,
      'transactions.ingest',
      {
        transactions: [
          transactions[0],
          { ...transactions[0], txId: 'NEW' },
          { ...transactions[0], txId: 'NEW' },
        ],
      },
      token,
    );
    expect(duplicateInBatch.status).toBe(409);

    const page1 = await query<Outputs['transactions']['list']>(
      api.url,
      'transactions.list',
      { limit: 2 },
      token,
    );
    const page2 = await query<Outputs['transactions']['list']>(
      api.url,
      'transactions.list',
      { limit: 2, cursor: page1.data!.nextCursor! },
      token,
    );
    expect([...page1.data!.items, ...page2.data!.items].map((item) => item.txId)).toEqual([
      'PG2',
      'PG1',
      'PG0',
    ]);
    expect(page2.data!.nextCursor).toBeNull();

    const stranger = await registerUser(api.url);
    const theirs = await query<Outputs['transactions']['list']>(
      api.url,
      'transactions.list',
      undefined,
      stranger.accessToken,
    );
    expect(theirs.data!.items).toEqual([]);
  });

  it('/ready turns 503 when the database goes away, and the API answers 503 instead of crashing', async () => {
    const { accessToken } = await registerUser(api.url);
    expect((await fetch(`${api.url}/ready`)).status).toBe(200);

    await api.database.drop();

    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'not_ready',
      checks: { db: 'unreachable', redis: 'disabled' },
    });

    const me = await query(api.url, 'auth.me', undefined, accessToken);
    expect(me.status).toBe(503);
    expect(me.error!.data.code).toBe('SERVICE_UNAVAILABLE');
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });
});
