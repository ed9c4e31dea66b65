import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import { call, createKey, join, ok, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type Wallet = Outputs['wallets']['add'];
type WalletList = Outputs['wallets']['list'];

const TREASURY = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const HOT = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api?.close());

const list = (member: Member) =>
  ok<WalletList>(api.url, 'wallets.list', undefined, member.credential);

describe('wallets.list / add / remove', () => {
  it('adds, lists oldest first and removes the caller’s own wallets (chain defaults to xrpl)', async () => {
    const admin = await signUp(api.url);
    expect((await list(admin)).items).toEqual([]);

    const treasury = await ok<Wallet>(
      api.url,
      'wallets.add',
      { address: ` ${TREASURY} `, label: 'Treasury' },
      admin.credential,
    );
    expect(treasury).toMatchObject({ chain: 'xrpl', address: TREASURY, label: 'Treasury' });
    const hot = await ok<Wallet>(
      api.url,
      'wallets.add',
      { chain: 'xrpl', address: HOT },
      admin.credential,
    );
    expect(hot.label).toBeNull();
    expect((await list(admin)).items.map(({ id }) => id)).toEqual([treasury.id, hot.id]);

    const removed = await ok<Wallet>(
      api.url,
      'wallets.remove',
      { id: treasury.id },
      admin.credential,
    );
    expect(removed).toEqual(treasury);
    expect((await list(admin)).items).toEqual([hot]);

    const again = await call(api.url, 'wallets.remove', { id: treasury.id }, admin.credential);
    expect(again.status).toBe(404);
  });

  it('refuses an address the caller already watches with 409, and keeps one wallet', async () => {
    const admin = await signUp(api.url);
    await ok(api.url, 'wallets.add', { address: TREASURY }, admin.credential);
    const duplicate = await call(
      api.url,
      'wallets.add',
      { chain: 'XRPL', address: TREASURY, label: 'again' },
      admin.credential,
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.error?.data.code).toBe('CONFLICT');
    expect((await list(admin)).items).toHaveLength(1);
  });

  it.each([
    [{ address: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYf' }, /address: .*wrong checksum/],
    [{ address: 'XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi' }, /address: .*X-address/],
    [{ address: 'r0OIl' }, /address: .*base58/],
    [{ address: '' }, /address/],
    [{ chain: 'Not a chain!', address: TREASURY }, /chain/],
    [{ address: TREASURY, label: '' }, /label must not be empty/],
    [{ address: TREASURY, label: 'x'.repeat(201) }, /label must be at most 200/],
    [{}, /address/],
  ])('refuses bad input %j with a clear 400', async (input, message) => {
    const admin = await signUp(api.url);
    const result = await call(api.url, 'wallets.add', input, admin.credential);
    expect(result.status).toBe(400);
    expect(result.error?.message).toMatch(message);
    expect((await list(admin)).items).toEqual([]);
  });

  it('checks addresses of other chains only for their shape', async () => {
    const admin = await signUp(api.url);
    const wallet = await ok<Wallet>(
      api.url,
      'wallets.add',
      { chain: 'eth', address: '0x52908400098527886E0F7030069857D2E4169EE7' },
      admin.credential,
    );
    expect(wallet.chain).toBe('eth');
  });

  it('refuses a malformed id with 400 and an unknown one with 404', async () => {
    const admin = await signUp(api.url);
    expect((await call(api.url, 'wallets.remove', { id: 'nope' }, admin.credential)).status).toBe(
      400,
    );
    expect((await call(api.url, 'wallets.remove', { id: uuidv7() }, admin.credential)).status).toBe(
      404,
    );
  });

  it('lets an API key act for its creator: it sees and changes the creator’s wallets only', async () => {
    const admin = await signUp(api.url);
    const analyst = await join(api.url, admin, 'analyst');
    const key = { apiKey: (await createKey(api.url, admin, 'viewer')).secret };
    const added = await ok<Wallet>(api.url, 'wallets.add', { address: TREASURY }, key);
    await ok(api.url, 'wallets.add', { address: HOT }, analyst.credential);
    expect((await list(admin)).items).toEqual([added]);
    expect((await ok<WalletList>(api.url, 'wallets.list', undefined, key)).items).toEqual([added]);
    await ok(api.url, 'wallets.remove', { id: added.id }, key);
    expect((await list(admin)).items).toEqual([]);
  });
});

describe('wallet isolation', () => {
  it('never shows or removes another user’s wallet, in the same organization or another', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    const stranger = await signUp(api.url);
    const owned = await ok<Wallet>(
      api.url,
      'wallets.add',
      { address: TREASURY, label: 'viewer’s' },
      viewer.credential,
    );

    for (const other of [admin, stranger]) {
      expect((await list(other)).items).toEqual([]);
      const removal = await call(api.url, 'wallets.remove', { id: owned.id }, other.credential);
      expect(removal.status).toBe(404);
      expect(removal.error?.message).not.toContain(TREASURY);
    }
    // Watching the same address is each user's own business: no conflict across users.
    await ok(api.url, 'wallets.add', { address: TREASURY }, admin.credential);
    await ok(api.url, 'wallets.add', { address: TREASURY }, stranger.credential);
    expect((await list(viewer)).items).toEqual([owned]);
  });
});
