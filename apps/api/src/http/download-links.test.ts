import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, join, ok, signIn, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import { aTransaction, type NewTransactionInput } from '../testing/transactions.js';
import type { Inputs, Outputs } from '../testing/trpc-http.js';

type Link = Outputs['transactions']['csvDownloadLink'];
type ErrorBody = { error: { code: string; message: string } };

const DOWNLOAD = '/exports/transactions.csv';

/** The server's clock: tests move it forward to let links expire. */
let now = Date.now();
let api: RunningTestServer;
let admin: Member;
let viewer: Member;

const tx = (amount: string, overrides: Partial<NewTransactionInput> = {}) =>
  aTransaction({ amount, ...overrides });

beforeAll(async () => {
  api = await startTestServer({ clock: () => new Date(now) });
  admin = await signUp(api.url);
  viewer = await join(api.url, admin, 'viewer');
  await ok(
    api.url,
    'transactions.ingest',
    { transactions: [tx('5'), tx('20000', { memo: 'ransom' }), tx('50', { memo: 'ransom' })] },
    admin.credential,
  );
});
afterAll(() => api?.close());

const linkFor = (member: Member, input: Inputs['transactions']['csvDownloadLink'] = {}) =>
  ok<Link>(api.url, 'transactions.csvDownloadLink', input, member.credential);
const follow = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${api.url}${path}`, { headers });
const tokenOf = (link: Link) => new URL(link.path, api.url).searchParams.get('link')!;

async function refusal(response: Response, status: number): Promise<ErrorBody['error']> {
  expect(response.status).toBe(status);
  return ((await response.json()) as ErrorBody).error;
}

describe('transactions.csvDownloadLink', () => {
  it('gives a link that downloads, without credentials, exactly the export it was asked for', async () => {
    const input = { memo: 'ransom', sort: 'amount_desc', byteOrderMark: true } as const;
    const link = await linkFor(viewer, input);
    expect(link.path).toMatch(/^\/exports\/transactions\.csv\?link=[\w.-]+$/);
    expect(Date.parse(link.expiresAt) - now).toBe(60_000);

    const response = await follow(link.path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    const viaTrpc = await ok<Outputs['transactions']['exportCsv']>(
      api.url,
      'transactions.exportCsv',
      input,
      viewer.credential,
    );
    expect(body).toBe(viaTrpc.csv);
    expect(viaTrpc.rowCount).toBe(2);
  });

  it('records the download in the security trail as made through a link', async () => {
    const link = await linkFor(viewer, { riskBucket: 'high' });
    await (await follow(link.path)).arrayBuffer();
    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { limit: 20 },
      admin.credential,
    );
    expect(trail.items).toContainEqual(
      expect.objectContaining({
        event: 'sensitive_read',
        actor: viewer.id,
        details: expect.objectContaining({
          via: `GET ${DOWNLOAD} (download link)`,
          'filter.riskBucket': 'high',
        }) as unknown,
      }),
    );
    // The link itself is a secret: no entry carries it.
    expect(JSON.stringify(trail)).not.toContain(tokenOf(link));
  });

  it('opens only its own query: other parameters, a repeated link or credentials too are a 400', async () => {
    const link = await linkFor(viewer);
    const token = tokenOf(link);
    for (const path of [
      `${link.path}&riskBucket=low`,
      `${DOWNLOAD}?riskBucket=low&link=${token}`,
      `${link.path}&link=${token}`,
    ]) {
      expect((await refusal(await follow(path), 400)).message).toMatch(/only query parameter/);
    }
    const both = await follow(link.path, { authorization: `Bearer ${viewer.accessToken}` });
    expect((await refusal(both, 400)).message).toBe(
      'Give either a download link or credentials, not both',
    );
  });

  it('is no access token, and an access token is no link', async () => {
    const link = await linkFor(viewer);
    const asBearer = await call(api.url, 'transactions.list', {}, { token: tokenOf(link) });
    expect(asBearer.status).toBe(401);
    const accessTokenAsLink = await follow(`${DOWNLOAD}?link=${viewer.accessToken}`);
    expect((await refusal(accessTokenAsLink, 401)).message).toMatch(/invalid or has expired/);
  });

  it('refuses a link whose token was altered', async () => {
    const token = tokenOf(await linkFor(viewer));
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      target: { query: Record<string, string> };
    };
    claims.target.query = { riskBucket: 'low' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const response = await follow(`${DOWNLOAD}?link=${forged}`);
    expect((await refusal(response, 401)).code).toBe('UNAUTHORIZED');
  });

  it('expires a minute after it was given (plus the clock skew every token is allowed)', async () => {
    const link = await linkFor(viewer);
    now += 60_000;
    expect((await follow(link.path)).status).toBe(200);
    now += 31_000;
    expect((await refusal(await follow(link.path), 401)).message).toBe(
      'This download link is invalid or has expired; ask for a new one',
    );
  });

  it('dies with its session: signing out voids the links it gave', async () => {
    const session = await signIn(api.url, viewer);
    const link = await linkFor(session);
    await ok(api.url, 'auth.logout', undefined, session.credential);
    expect((await refusal(await follow(link.path), 401)).message).toBe(
      'This link belongs to a session that was signed out; sign in again',
    );
  });

  it('is for signed-in sessions: an API key downloads with its header instead (403)', async () => {
    const key = await createKey(api.url, admin, 'viewer');
    const result = await call(api.url, 'transactions.csvDownloadLink', {}, { apiKey: key.secret });
    expect(result.status).toBe(403);
    expect(result.error!.message).toContain(`GET ${DOWNLOAD} with the X-API-Key header`);
  });
});
