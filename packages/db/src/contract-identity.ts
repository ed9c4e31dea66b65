/**
 * Part of the one store contract (see ./contract.ts): users administration, organizations,
 * invitations, refresh sessions and API keys, with organization isolation and the
 * compare-and-set races.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidCursorError, InvalidInputError, NotFoundError } from './errors.js';
import type { Organization, Role, Store, User } from './ports.js';
import { uuidv7 } from './uuidv7.js';

export interface ContractContext {
  store: () => Store;
  unique: () => string;
  newOrganization: () => Promise<Organization>;
}

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HOUR = 3_600_000;

/** An ISO instant `offsetMs` from now. */
const at = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString();
const digestOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function identityContract(context: ContractContext): void {
  const { store, unique, newOrganization } = context;
  const newUser = (organizationId: string, role: Role = 'admin'): Promise<User> =>
    store().users.create({
      organizationId,
      email: `user.${unique()}@example.com`,
      passwordHash: 'hash',
      role,
    });
  const newDigest = (): string => digestOf(`secret-${unique()}`);

  describe('organizations.update', () => {
    it('renames an organization and refuses unknown ones with NotFoundError', async () => {
      const organization = await newOrganization();
      const renamed = await store().organizations.update(organization.id, { name: 'Renamed' });
      expect(renamed).toEqual({ ...organization, name: 'Renamed' });
      expect(await store().organizations.byId(organization.id)).toEqual(renamed);
      await expect(store().organizations.update(uuidv7(), { name: 'x' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(store().organizations.update('not-an-id', { name: 'x' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        store().organizations.update(organization.id, { name: '' }),
      ).rejects.toBeInstanceOf(InvalidInputError);
    });
  });

  describe('users administration', () => {
    it('lists the organization’s users oldest first across pages, and no one else', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const created: User[] = [];
      for (let index = 0; index < 5; index += 1) created.push(await newUser(organization.id));
      await newUser(other.id);

      const seen: User[] = [];
      let cursor: string | undefined;
      do {
        const page = await store().users.list(organization.id, { cursor, limit: 2 });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(seen).toEqual(created);
      expect(seen[0]).not.toHaveProperty('passwordHash');
      expect((await store().users.list(other.id, { limit: 100 })).items).toHaveLength(1);
    });

    it('refuses a cursor it did not make and a limit out of range', async () => {
      const organization = await newOrganization();
      await expect(
        store().users.list(organization.id, { cursor: 'garbage', limit: 10 }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store().users.list(organization.id, { limit: 0 })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
    });

    it('updates role, disabled, password hash and token version', async () => {
      const organization = await newOrganization();
      const user = await newUser(organization.id, 'viewer');
      const updated = await store().users.update(organization.id, user.id, {
        role: 'analyst',
        disabled: true,
        passwordHash: 'new-hash',
        tokenVersion: 3,
      });
      expect(updated).toEqual({
        ...user,
        role: 'analyst',
        disabled: true,
        tokenVersion: 3,
        updatedAt: expect.stringMatching(ISO_MILLIS) as string,
      });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(user.updatedAt));
      expect((await store().users.byEmail(user.email))?.passwordHash).toBe('new-hash');
      expect(await store().users.byId(organization.id, user.id)).toEqual(updated);
      // An empty patch changes nothing but still proves the user exists.
      const same = await store().users.update(organization.id, user.id, {});
      expect({ ...same, updatedAt: updated.updatedAt }).toEqual(updated);
    });

    it('refuses bad patches with InvalidInputError', async () => {
      const organization = await newOrganization();
      const user = await newUser(organization.id);
      for (const patch of [
        { role: 'owner' as Role },
        { tokenVersion: -1 },
        { tokenVersion: 1.5 },
        { passwordHash: '' },
      ]) {
        await expect(store().users.update(organization.id, user.id, patch)).rejects.toBeInstanceOf(
          InvalidInputError,
        );
      }
      expect(await store().users.byId(organization.id, user.id)).toEqual(user);
    });

    it('never updates a user of another organization (NotFoundError, nothing changed)', async () => {
      const organization = await newOrganization();
      const intruder = await newOrganization();
      const user = await newUser(organization.id);
      await expect(
        store().users.update(intruder.id, user.id, { role: 'viewer', disabled: true }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store().users.update(organization.id, uuidv7(), { role: 'viewer' }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store().users.update(organization.id, 'not-an-id', { role: 'viewer' }),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(await store().users.byId(organization.id, user.id)).toEqual(user);
    });

    it('counts the organization’s admins who are not disabled', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      expect(await store().users.countActiveAdmins(organization.id)).toBe(0);
      const first = await newUser(organization.id, 'admin');
      await newUser(organization.id, 'admin');
      await newUser(organization.id, 'analyst');
      await newUser(other.id, 'admin');
      expect(await store().users.countActiveAdmins(organization.id)).toBe(2);
      await store().users.update(organization.id, first.id, { disabled: true });
      expect(await store().users.countActiveAdmins(organization.id)).toBe(1);
      expect(await store().users.countActiveAdmins(other.id)).toBe(1);
      expect(await store().users.countActiveAdmins('not-an-id')).toBe(0);
    });
  });

  describe('invitations', () => {
    const invite = async (organizationId: string, invitedBy: string, expiresInMs = HOUR) => {
      const tokenDigest = newDigest();
      const invitation = await store().invitations.create({
        organizationId,
        email: `Invitee.${unique()}@Example.com`,
        role: 'analyst',
        invitedBy,
        tokenDigest,
        expiresAt: at(expiresInMs),
      });
      return { invitation, tokenDigest };
    };

    it('creates, lists newest first and finds by token digest (never returning the digest)', async () => {
      const organization = await newOrganization();
      const admin = await newUser(organization.id);
      const first = await invite(organization.id, admin.id);
      const second = await invite(organization.id, admin.id);
      expect(first.invitation).toEqual({
        id: expect.any(String) as string,
        organizationId: organization.id,
        email: expect.stringMatching(/^invitee\..*@example\.com$/) as string,
        role: 'analyst',
        invitedBy: admin.id,
        createdAt: expect.stringMatching(ISO_MILLIS) as string,
        expiresAt: expect.stringMatching(ISO_MILLIS) as string,
        acceptedAt: null,
        revokedAt: null,
      });
      expect(await store().invitations.list(organization.id)).toEqual([
        second.invitation,
        first.invitation,
      ]);
      expect(await store().invitations.byTokenDigest(first.tokenDigest)).toEqual(first.invitation);
      expect(await store().invitations.byTokenDigest(newDigest())).toBeNull();
      expect(await store().invitations.byTokenDigest('kli_not_a_digest')).toBeNull();
    });

    it('stores digests only: a raw token is refused, a digest used twice is a conflict', async () => {
      const organization = await newOrganization();
      const admin = await newUser(organization.id);
      const input = {
        organizationId: organization.id,
        email: `x.${unique()}@example.com`,
        role: 'viewer' as const,
        invitedBy: admin.id,
        tokenDigest: 'kli_raw-token-that-must-never-be-stored',
        expiresAt: at(HOUR),
      };
      await expect(store().invitations.create(input)).rejects.toBeInstanceOf(InvalidInputError);
      const tokenDigest = newDigest();
      await store().invitations.create({ ...input, tokenDigest });
      await expect(store().invitations.create({ ...input, tokenDigest })).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(
        store().invitations.create({ ...input, tokenDigest: newDigest(), role: 'owner' as Role }),
      ).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('refuses an inviter of another organization with NotFoundError', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const outsider = await newUser(other.id);
      await expect(invite(organization.id, outsider.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await store().invitations.list(organization.id)).toEqual([]);
    });

    it('is single use: of two concurrent accepts exactly one wins', async () => {
      const organization = await newOrganization();
      const admin = await newUser(organization.id);
      const { invitation, tokenDigest } = await invite(organization.id, admin.id);
      const acceptedAt = at();
      const results = await Promise.all([
        store().invitations.markAccepted(invitation.id, acceptedAt),
        store().invitations.markAccepted(invitation.id, acceptedAt),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store().invitations.markAccepted(invitation.id, at())).toBe(false);
      expect((await store().invitations.byTokenDigest(tokenDigest))?.acceptedAt).toBe(acceptedAt);
      // Accepted invitations cannot be revoked any more.
      expect(await store().invitations.revoke(organization.id, invitation.id, at())).toBe(false);
    });

    it('does not accept revoked or expired invitations', async () => {
      const organization = await newOrganization();
      const admin = await newUser(organization.id);
      const revoked = await invite(organization.id, admin.id);
      expect(await store().invitations.revoke(organization.id, revoked.invitation.id, at())).toBe(
        true,
      );
      expect(await store().invitations.markAccepted(revoked.invitation.id, at())).toBe(false);
      const expired = await invite(organization.id, admin.id, -1000);
      expect(await store().invitations.markAccepted(expired.invitation.id, at())).toBe(false);
      expect(await store().invitations.markAccepted(uuidv7(), at())).toBe(false);
      expect(await store().invitations.markAccepted('not-an-id', at())).toBe(false);
    });

    it('never lets another organization list or revoke an invitation', async () => {
      const organization = await newOrganization();
      const intruder = await newOrganization();
      const admin = await newUser(organization.id);
      const { invitation } = await invite(organization.id, admin.id);
      expect(await store().invitations.list(intruder.id)).toEqual([]);
      expect(await store().invitations.revoke(intruder.id, invitation.id, at())).toBe(false);
      expect((await store().invitations.list(organization.id))[0]?.revokedAt).toBeNull();
      const revokedAt = at();
      expect(await store().invitations.revoke(organization.id, invitation.id, revokedAt)).toBe(
        true,
      );
      expect(await store().invitations.revoke(organization.id, invitation.id, at())).toBe(false);
      expect((await store().invitations.list(organization.id))[0]?.revokedAt).toBe(revokedAt);
    });
  });

  describe('sessions', () => {
    const signIn = async (organizationId: string, userId: string) => {
      const family = await store().sessions.createFamily({
        organizationId,
        userId,
        createdAt: at(),
        expiresAt: at(24 * HOUR),
      });
      const digest = newDigest();
      const token = await store().sessions.addToken({
        familyId: family.id,
        digest,
        createdAt: at(),
      });
      return { family, token, digest };
    };

    it('creates a family, adds tokens and finds a token with its family by digest', async () => {
      const organization = await newOrganization();
      const user = await newUser(organization.id);
      const { family, token, digest } = await signIn(organization.id, user.id);
      expect(family).toEqual({
        id: expect.any(String) as string,
        organizationId: organization.id,
        userId: user.id,
        createdAt: expect.stringMatching(ISO_MILLIS) as string,
        lastUsedAt: family.createdAt,
        expiresAt: expect.stringMatching(ISO_MILLIS) as string,
        revokedAt: null,
        revokedReason: null,
      });
      expect(token).toEqual({
        id: expect.any(String) as string,
        familyId: family.id,
        createdAt: expect.stringMatching(ISO_MILLIS) as string,
        rotatedAt: null,
      });
      expect(await store().sessions.tokenByDigest(digest)).toEqual({ token, family });
      expect(await store().sessions.tokenByDigest(newDigest())).toBeNull();
      expect(await store().sessions.tokenByDigest('klr_raw')).toBeNull();
    });

    it('refuses raw tokens, reused digests, unknown families and users of other organizations', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const user = await newUser(organization.id);
      const outsider = await newUser(other.id);
      const { family, digest } = await signIn(organization.id, user.id);
      await expect(
        store().sessions.addToken({ familyId: family.id, digest: 'klr_raw', createdAt: at() }),
      ).rejects.toBeInstanceOf(InvalidInputError);
      await expect(
        store().sessions.addToken({ familyId: family.id, digest, createdAt: at() }),
      ).rejects.toBeInstanceOf(ConflictError);
      await expect(
        store().sessions.addToken({ familyId: uuidv7(), digest: newDigest(), createdAt: at() }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        store().sessions.createFamily({
          organizationId: organization.id,
          userId: outsider.id,
          createdAt: at(),
          expiresAt: at(HOUR),
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('rotates once: of two concurrent markRotated calls exactly one wins', async () => {
      const organization = await newOrganization();
      const user = await newUser(organization.id);
      const { token, digest } = await signIn(organization.id, user.id);
      const rotatedAt = at();
      const results = await Promise.all([
        store().sessions.markRotated(token.id, rotatedAt),
        store().sessions.markRotated(token.id, rotatedAt),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store().sessions.markRotated(token.id, at())).toBe(false);
      expect((await store().sessions.tokenByDigest(digest))?.token.rotatedAt).toBe(rotatedAt);
      expect(await store().sessions.markRotated(uuidv7(), at())).toBe(false);
    });

    it('touches and revokes a family, keeping the first revocation', async () => {
      const organization = await newOrganization();
      const user = await newUser(organization.id);
      const { family, digest } = await signIn(organization.id, user.id);
      const usedAt = at(1000);
      await store().sessions.touchFamily(family.id, usedAt);
      expect((await store().sessions.tokenByDigest(digest))?.family.lastUsedAt).toBe(usedAt);
      const revokedAt = at(2000);
      await store().sessions.revokeFamily(family.id, revokedAt, 'logout');
      await store().sessions.revokeFamily(family.id, at(3000), 'token_reuse');
      const found = await store().sessions.tokenByDigest(digest);
      expect(found?.family.revokedAt).toBe(revokedAt);
      expect(found?.family.revokedReason).toBe('logout');
    });

    it('says whether a family is revoked: live no, revoked yes, unknown or malformed id no', async () => {
      const organization = await newOrganization();
      const user = await newUser(organization.id);
      const { family } = await signIn(organization.id, user.id);
      const sibling = await signIn(organization.id, user.id);
      expect(await store().sessions.isFamilyRevoked(family.id)).toBe(false);
      await store().sessions.revokeFamily(family.id, at(), 'logout');
      expect(await store().sessions.isFamilyRevoked(family.id)).toBe(true);
      expect(await store().sessions.isFamilyRevoked(sibling.family.id)).toBe(false);
      await store().sessions.revokeAllForUser(organization.id, user.id, at(), 'disabled');
      expect(await store().sessions.isFamilyRevoked(sibling.family.id)).toBe(true);
      expect(await store().sessions.isFamilyRevoked(uuidv7())).toBe(false);
      expect(await store().sessions.isFamilyRevoked('not-a-session-id')).toBe(false);
    });

    it('revokes every live family of the user but the one kept, in its organization only', async () => {
      const organization = await newOrganization();
      const intruder = await newOrganization();
      const user = await newUser(organization.id);
      const bystander = await newUser(organization.id);
      const kept = await signIn(organization.id, user.id);
      const others = [
        await signIn(organization.id, user.id),
        await signIn(organization.id, user.id),
      ];
      const alreadyRevoked = await signIn(organization.id, user.id);
      await store().sessions.revokeFamily(alreadyRevoked.family.id, at(), 'logout');
      const theirs = await signIn(organization.id, bystander.id);

      expect(
        await store().sessions.revokeAllForUser(intruder.id, user.id, at(), 'password_change'),
      ).toBe(0);
      expect(
        await store().sessions.revokeAllForUser(
          organization.id,
          user.id,
          at(),
          'password_change',
          kept.family.id,
        ),
      ).toBe(2);
      for (const session of others) {
        const found = await store().sessions.tokenByDigest(session.digest);
        expect(found?.family.revokedReason).toBe('password_change');
      }
      expect((await store().sessions.tokenByDigest(kept.digest))?.family.revokedAt).toBeNull();
      expect((await store().sessions.tokenByDigest(theirs.digest))?.family.revokedAt).toBeNull();
      expect(
        (await store().sessions.tokenByDigest(alreadyRevoked.digest))?.family.revokedReason,
      ).toBe('logout');
      expect(
        await store().sessions.revokeAllForUser(organization.id, user.id, at(), 'disabled'),
      ).toBe(1);
    });
  });

  describe('API keys', () => {
    const newKey = async (organizationId: string, createdBy: string, role: Role = 'viewer') => {
      const digest = newDigest();
      const key = await store().apiKeys.create({
        organizationId,
        createdBy,
        name: `key ${unique()}`,
        prefix: `klk_${unique().slice(-8)}`,
        digest,
        role,
        expiresAt: null,
      });
      return { key, digest };
    };

    it('creates, lists newest first with revoked ones, and finds by digest', async () => {
      const organization = await newOrganization();
      const admin = await newUser(organization.id);
      const first = await newKey(organization.id, admin.id, 'analyst');
      const expiring = await store().apiKeys.create({
        organizationId: organization.id,
        createdBy: admin.id,
        name: 'expiring',
        prefix: 'klk_expiring',
        digest: newDigest(),
        role: 'viewer',
        expiresAt: '2030-01-01T00:00:00Z',
      });
      expect(expiring.expiresAt).toBe('2030-01-01T00:00:00.000Z');
      expect(first.key).toEqual({
        id: expect.any(String) as string,
        organizationId: organization.id,
        createdBy: admin.id,
        name: expect.any(String) as string,
        prefix: expect.stringMatching(/^klk_/) as string,
        role: 'analyst',
        createdAt: expect.stringMatching(ISO_MILLIS) as string,
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(await store().apiKeys.revoke(organization.id, first.key.id, at())).toBe(true);
      const listed = await store().apiKeys.list(organization.id);
      expect(listed.map((key) => key.id)).toEqual([expiring.id, first.key.id]);
      expect(listed[1]?.revokedAt).toMatch(ISO_MILLIS);
      expect(await store().apiKeys.byDigest(first.digest)).toEqual(listed[1]);
      expect(await store().apiKeys.byDigest(newDigest())).toBeNull();
      expect(await store().apiKeys.byDigest('klk_raw_key')).toBeNull();
    });

    it('refuses raw keys, reused digests and creators of other organizations', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      const admin = await newUser(organization.id);
      const outsider = await newUser(other.id);
      const { digest } = await newKey(organization.id, admin.id);
      const input = {
        organizationId: organization.id,
        createdBy: admin.id,
        name: 'k',
        prefix: 'klk_x',
        role: 'viewer' as const,
        expiresAt: null,
      };
      await expect(
        store().apiKeys.create({ ...input, digest: 'klk_x_raw-secret' }),
      ).rejects.toBeInstanceOf(InvalidInputError);
      await expect(store().apiKeys.create({ ...input, digest })).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(
        store().apiKeys.create({ ...input, digest: newDigest(), createdBy: outsider.id }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('revokes once (of two concurrent calls one wins) and only in its organization', async () => {
      const organization = await newOrganization();
      const intruder = await newOrganization();
      const admin = await newUser(organization.id);
      const { key, digest } = await newKey(organization.id, admin.id);
      expect(await store().apiKeys.list(intruder.id)).toEqual([]);
      expect(await store().apiKeys.revoke(intruder.id, key.id, at())).toBe(false);
      expect((await store().apiKeys.byDigest(digest))?.revokedAt).toBeNull();
      const results = await Promise.all([
        store().apiKeys.revoke(organization.id, key.id, at()),
        store().apiKeys.revoke(organization.id, key.id, at()),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store().apiKeys.revoke(organization.id, 'not-an-id', at())).toBe(false);
    });

    it('records when a key was last used', async () => {
      const organization = await newOrganization();
      const admin = await newUser(organization.id);
      const { key, digest } = await newKey(organization.id, admin.id);
      const usedAt = at();
      await store().apiKeys.touch(key.id, usedAt);
      expect((await store().apiKeys.byDigest(digest))?.lastUsedAt).toBe(usedAt);
    });
  });
}
