import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, join, ok, signIn, signUp, type Member } from '../testing/admin-http.js';
import { startPostgresTestServer, type RunningPostgresTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

let api: RunningPostgresTestServer;

beforeAll(async () => {
  api = await startPostgresTestServer();
});
afterAll(() => api?.close());

const ROUNDS = 8;

async function activeAdmins(admin: Member): Promise<string[]> {
  const page = await ok<Outputs['users']['list']>(
    api.url,
    'users.list',
    { limit: 200 },
    admin.credential,
  );
  return page.items
    .filter((user) => user.role === 'admin' && !user.disabled)
    .map((user) => user.id);
}

/**
 * Each admin steps down at the same moment, with their own token (so neither request depends on
 * the other's outcome to be authenticated). Exactly one must win; the loser stays the last admin.
 */
async function race(
  admins: [Member, Member],
  stepDown: [(self: Member) => Promise<number>, (self: Member) => Promise<number>],
  restore: (loser: Member, winner: Member) => Promise<void>,
): Promise<[Member, Member]> {
  // Two warm keep-alive connections, so neither request waits for a TCP handshake.
  await Promise.all([fetch(`${api.url}/health`), fetch(`${api.url}/health`)]);
  const statuses = await Promise.all([stepDown[0](admins[0]), stepDown[1](admins[1])]);
  expect([...statuses].sort()).toEqual([200, 409]);
  const [winner, loser] = statuses[0] === 200 ? admins : [admins[1], admins[0]];
  expect(await activeAdmins(loser)).toEqual([loser.id]);
  await restore(loser, winner);
  const again = await signIn(api.url, winner);
  return admins[0] === winner ? [again, loser] : [loser, again];
}

const demoteSelf = async (self: Member) =>
  (await call(api.url, 'users.setRole', { userId: self.id, role: 'analyst' }, self.credential))
    .status;
const disableSelf = async (self: Member) =>
  (await call(api.url, 'users.setDisabled', { userId: self.id, disabled: true }, self.credential))
    .status;

describe('the last-admin rule on PostgreSQL', () => {
  it('lets exactly one of two concurrent demotions of the last two admins through', async () => {
    let admins: [Member, Member] = [await signUp(api.url), null as unknown as Member];
    admins[1] = await join(api.url, admins[0], 'admin');
    for (let round = 0; round < ROUNDS; round += 1) {
      admins = await race(admins, [demoteSelf, demoteSelf], async (loser, winner) => {
        await ok(api.url, 'users.setRole', { userId: winner.id, role: 'admin' }, loser.credential);
      });
    }
    const verified = await ok<Outputs['audit']['verify']>(
      api.url,
      'audit.verify',
      undefined,
      admins[0].credential,
    );
    expect(verified.ok).toBe(true);
  });

  it('lets exactly one of a concurrent demotion and disable of the last two admins through', async () => {
    let admins: [Member, Member] = [await signUp(api.url), null as unknown as Member];
    admins[1] = await join(api.url, admins[0], 'admin');
    for (let round = 0; round < ROUNDS; round += 1) {
      const [demoting] = admins;
      admins = await race(admins, [demoteSelf, disableSelf], async (loser, winner) => {
        const patch =
          winner === demoting
            ? { path: 'users.setRole', input: { userId: winner.id, role: 'admin' } }
            : { path: 'users.setDisabled', input: { userId: winner.id, disabled: false } };
        await ok(api.url, patch.path, patch.input, loser.credential);
      });
    }
    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { limit: 200 },
      admins[0].credential,
    );
    const verified = await ok<Outputs['audit']['verify']>(
      api.url,
      'audit.verify',
      undefined,
      admins[0].credential,
    );
    expect(verified).toEqual({ ok: true, checked: trail.items.length });
  });
});
