/** Part of the one store contract (see ./contract.ts): watched wallets and user settings. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-identity.js';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js';
import { DEFAULT_TIME_RANGE_DAYS, type User, type UserSettingsPatch } from './ports.js';
import { uuidv7 } from './uuidv7.js';

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function walletsSettingsContract({ store, unique, newOrganization }: ContractContext): void {
  const newUser = (organizationId: string): Promise<User> =>
    store().users.create({
      organizationId,
      email: `watcher.${unique()}@example.com`,
      passwordHash: 'hash',
      role: 'analyst',
    });
  const twoOrganizations = async () => {
    const organization = await newOrganization();
    const other = await newOrganization();
    return {
      organization,
      other,
      alice: await newUser(organization.id),
      bob: await newUser(organization.id),
      stranger: await newUser(other.id),
    };
  };

  describe('wallets', () => {
    it('adds, lists oldest first and reports what a user watches', async () => {
      const { organization, alice } = await twoOrganizations();
      const first = await store().wallets.add(organization.id, alice.id, {
        chain: 'xrpl',
        address: 'rFirst',
        label: 'Treasury',
      });
      expect(first).toEqual({
        id: expect.any(String) as string,
        organizationId: organization.id,
        userId: alice.id,
        chain: 'xrpl',
        address: 'rFirst',
        label: 'Treasury',
        createdAt: expect.stringMatching(ISO_MILLIS) as string,
      });
      const second = await store().wallets.add(organization.id, alice.id, {
        chain: 'xrpl',
        address: 'rSecond',
      });
      expect(second.label).toBeNull();
      const third = await store().wallets.add(organization.id, alice.id, {
        chain: 'eth',
        address: 'rFirst',
        label: null,
      });
      expect(await store().wallets.list(organization.id, alice.id)).toEqual([first, second, third]);
    });

    it('tells which users of the organization watch which of some addresses on a chain', async () => {
      const { organization, other, alice, bob, stranger } = await twoOrganizations();
      const watch = (organizationId: string, user: User, chain: string, address: string) =>
        store().wallets.add(organizationId, user.id, { chain, address });
      await watch(organization.id, alice, 'xrpl', 'rB');
      await watch(organization.id, alice, 'xrpl', 'rA');
      await watch(organization.id, bob, 'xrpl', 'rB');
      await watch(organization.id, alice, 'eth', 'rC');
      await watch(other.id, stranger, 'xrpl', 'rA');
      const [first, second] = [alice.id, bob.id].sort();
      expect(
        await store().wallets.watchers(organization.id, 'xrpl', ['rC', 'rB', 'rA', 'rB', 'rZ']),
      ).toEqual([
        { address: 'rA', userId: alice.id },
        { address: 'rB', userId: first },
        { address: 'rB', userId: second },
      ]);
      expect(await store().wallets.watchers(organization.id, 'eth', ['rA', 'rC'])).toEqual([
        { address: 'rC', userId: alice.id },
      ]);
      expect(await store().wallets.watchers(other.id, 'xrpl', ['rA', 'rB'])).toEqual([
        { address: 'rA', userId: stranger.id },
      ]);
      expect(await store().wallets.watchers(organization.id, 'xrpl', [])).toEqual([]);
      expect(await store().wallets.watchers(organization.id, 'ledger', ['rA'])).toEqual([]);
      expect(await store().wallets.watchers('not-an-id', 'xrpl', ['rA'])).toEqual([]);
    });

    it('refuses a second (chain, address) for one user but not for another user', async () => {
      const { organization, alice, bob } = await twoOrganizations();
      await store().wallets.add(organization.id, alice.id, { chain: 'xrpl', address: 'rSame' });
      await expect(
        store().wallets.add(organization.id, alice.id, {
          chain: 'xrpl',
          address: 'rSame',
          label: 'again',
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      const bobs = await store().wallets.add(organization.id, bob.id, {
        chain: 'xrpl',
        address: 'rSame',
      });
      expect(await store().wallets.list(organization.id, bob.id)).toEqual([bobs]);
      expect(await store().wallets.list(organization.id, alice.id)).toHaveLength(1);
    });

    it('refuses users of another organization, unknown users and bad input', async () => {
      const { organization, other, alice, stranger } = await twoOrganizations();
      const wallet = { chain: 'xrpl', address: 'rX' };
      await expect(
        store().wallets.add(organization.id, stranger.id, wallet),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(store().wallets.add(other.id, alice.id, wallet)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(store().wallets.add(organization.id, uuidv7(), wallet)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        store().wallets.add(organization.id, 'not-an-id', wallet),
      ).rejects.toBeInstanceOf(NotFoundError);
      for (const bad of [
        { chain: '', address: 'rX' },
        { chain: 'xrpl', address: '' },
        { chain: 'xrpl', address: 'r'.repeat(257) },
        { chain: 'xrpl', address: 'rX', label: '' },
      ]) {
        await expect(store().wallets.add(organization.id, alice.id, bad)).rejects.toBeInstanceOf(
          InvalidInputError,
        );
      }
      expect(await store().wallets.list(organization.id, alice.id)).toEqual([]);
      expect(await store().wallets.list(other.id, stranger.id)).toEqual([]);
    });

    it('removes only the user’s own wallet, never another user’s or organization’s', async () => {
      const { organization, other, alice, bob, stranger } = await twoOrganizations();
      const wallet = await store().wallets.add(organization.id, alice.id, {
        chain: 'xrpl',
        address: 'rGone',
      });
      await store().wallets.add(other.id, stranger.id, { chain: 'xrpl', address: 'rGone' });
      expect(await store().wallets.remove(organization.id, bob.id, wallet.id)).toBe(false);
      expect(await store().wallets.remove(other.id, stranger.id, wallet.id)).toBe(false);
      expect(await store().wallets.remove(other.id, alice.id, wallet.id)).toBe(false);
      expect(await store().wallets.list(organization.id, bob.id)).toEqual([]);
      expect(await store().wallets.watchers(other.id, 'xrpl', ['rGone'])).toEqual([
        { address: 'rGone', userId: stranger.id },
      ]);
      expect(await store().wallets.list(organization.id, alice.id)).toEqual([wallet]);

      expect(await store().wallets.remove(organization.id, alice.id, wallet.id)).toBe(true);
      expect(await store().wallets.remove(organization.id, alice.id, wallet.id)).toBe(false);
      expect(await store().wallets.remove(organization.id, alice.id, 'not-an-id')).toBe(false);
      expect(await store().wallets.list(organization.id, alice.id)).toEqual([]);
      expect(await store().wallets.watchers(organization.id, 'xrpl', ['rGone'])).toEqual([]);
      expect(await store().wallets.watchers(other.id, 'xrpl', ['rGone'])).toEqual([
        { address: 'rGone', userId: stranger.id },
      ]);
      const again = await store().wallets.add(organization.id, alice.id, {
        chain: 'xrpl',
        address: 'rGone',
      });
      expect(again.id).not.toBe(wallet.id);
    });

    it('inside a unit of work: a refused add leaves the rest to commit or roll back together', async () => {
      const { organization, alice } = await twoOrganizations();
      await store().transaction(async (repos) => {
        await repos.wallets.add(organization.id, alice.id, { chain: 'xrpl', address: 'rA' });
        await expect(
          repos.wallets.add(organization.id, alice.id, { chain: 'xrpl', address: 'rA' }),
        ).rejects.toBeInstanceOf(ConflictError);
        await expect(
          repos.wallets.add(organization.id, uuidv7(), { chain: 'xrpl', address: 'rA' }),
        ).rejects.toBeInstanceOf(NotFoundError);
        await repos.wallets.add(organization.id, alice.id, { chain: 'xrpl', address: 'rB' });
      });
      await expect(
        store().transaction(async (repos) => {
          await repos.wallets.add(organization.id, alice.id, { chain: 'xrpl', address: 'rC' });
          await repos.settings.update(organization.id, alice.id, { timeRangeDays: 7 });
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await store().wallets.watchers(organization.id, 'xrpl', ['rA', 'rB', 'rC'])).toEqual([
        { address: 'rA', userId: alice.id },
        { address: 'rB', userId: alice.id },
      ]);
      expect((await store().settings.get(organization.id, alice.id)).timeRangeDays).toBe(
        DEFAULT_TIME_RANGE_DAYS,
      );
    });
  });

  describe('settings', () => {
    it('starts at the defaults and applies partial patches per user', async () => {
      const { organization, alice, bob } = await twoOrganizations();
      const defaults = { riskThreshold: null, timeRangeDays: DEFAULT_TIME_RANGE_DAYS };
      expect(DEFAULT_TIME_RANGE_DAYS).toBe(30);
      expect(await store().settings.get(organization.id, alice.id)).toEqual(defaults);
      expect(await store().settings.update(organization.id, alice.id, {})).toEqual(defaults);
      expect(
        await store().settings.update(organization.id, alice.id, { riskThreshold: 0.7531 }),
      ).toEqual({ riskThreshold: 0.7531, timeRangeDays: 30 });
      expect(
        await store().settings.update(organization.id, alice.id, { timeRangeDays: 90 }),
      ).toEqual({ riskThreshold: 0.7531, timeRangeDays: 90 });
      expect(await store().settings.get(organization.id, alice.id)).toEqual({
        riskThreshold: 0.7531,
        timeRangeDays: 90,
      });
      expect(await store().settings.get(organization.id, bob.id)).toEqual(defaults);
      expect(
        await store().settings.update(organization.id, alice.id, { riskThreshold: null }),
      ).toEqual({ riskThreshold: null, timeRangeDays: 90 });
      for (const [patch, expected] of [
        [
          { riskThreshold: 0, timeRangeDays: 1 },
          { riskThreshold: 0, timeRangeDays: 1 },
        ],
        [
          { riskThreshold: 1, timeRangeDays: 3650 },
          { riskThreshold: 1, timeRangeDays: 3650 },
        ],
        [{ riskThreshold: 0.0001 }, { riskThreshold: 0.0001, timeRangeDays: 3650 }],
      ] as const) {
        expect(await store().settings.update(organization.id, bob.id, patch)).toEqual(expected);
        expect(await store().settings.get(organization.id, bob.id)).toEqual(expected);
      }
      expect(await store().settings.get(organization.id, alice.id)).toEqual({
        riskThreshold: null,
        timeRangeDays: 90,
      });
    });

    it('refuses values out of range without changing anything', async () => {
      const { organization, alice } = await twoOrganizations();
      await store().settings.update(organization.id, alice.id, { riskThreshold: 0.5 });
      const bad: UserSettingsPatch[] = [
        { riskThreshold: 1.0001 },
        { riskThreshold: -0.1 },
        { riskThreshold: 0.12345 },
        { riskThreshold: Number.NaN },
        { riskThreshold: '0.5' as unknown as number },
        { timeRangeDays: 0 },
        { timeRangeDays: 3651 },
        { timeRangeDays: 1.5 },
        { timeRangeDays: Number.POSITIVE_INFINITY },
        { riskThreshold: 0.2, timeRangeDays: -1 },
      ];
      for (const patch of bad) {
        await expect(
          store().settings.update(organization.id, alice.id, patch),
        ).rejects.toBeInstanceOf(InvalidInputError);
      }
      expect(await store().settings.get(organization.id, alice.id)).toEqual({
        riskThreshold: 0.5,
        timeRangeDays: 30,
      });
    });

    it('never reads or writes across organizations; unknown users are not found', async () => {
      const { organization, other, alice, stranger } = await twoOrganizations();
      await store().settings.update(other.id, stranger.id, { timeRangeDays: 12 });
      for (const [owner, userId] of [
        [organization.id, stranger.id],
        [other.id, alice.id],
        [organization.id, uuidv7()],
        [organization.id, 'not-an-id'],
      ] as const) {
        await expect(store().settings.get(owner, userId)).rejects.toBeInstanceOf(NotFoundError);
        await expect(
          store().settings.update(owner, userId, { timeRangeDays: 5 }),
        ).rejects.toBeInstanceOf(NotFoundError);
      }
      expect(await store().settings.get(other.id, stranger.id)).toEqual({
        riskThreshold: null,
        timeRangeDays: 12,
      });
      expect(await store().settings.get(organization.id, alice.id)).toEqual({
        riskThreshold: null,
        timeRangeDays: 30,
      });
    });
  });
}
