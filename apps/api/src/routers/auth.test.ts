import { randomUUID } from 'node:crypto';
import { hash, type Options } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@klerno/db';
import { randomSecret, secretDigest } from '../services/secret-formats.js';
import { call } from '../testing/auth-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import { mutation, query, registerUser, type Outputs } from '../testing/trpc-http.js';

type Grant = Outputs['auth']['register'];
type Profile = Outputs['auth']['me'];
const PASSWORD = 'a long enough password';

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const uniqueEmail = (label = 'user') => `${label}-${randomUUID()}@example.com`;
const auditOf = async (organizationId: string, event: string) =>
  (await api.server.store.audit.list(organizationId, { event }, { limit: 100 })).items;

describe('auth.register → auth.login → auth.me', () => {
  it('creates an organization with the user as admin, then signs in and reads the profile', async () => {
    const email = `Ada.${randomUUID().slice(0, 8)}@Example.COM`;
    const registered = await mutation<Grant>(api.url, 'auth.register', {
      email: ` ${email} `,
      password: 'correct horse battery',
    });
    expect(registered.status).toBe(200);
    expect(registered.headers.get('cache-control')).toBe('no-store');
    const grant = registered.data!;
    expect(grant.user).toEqual({
      id: expect.any(String) as string,
      email: email.toLowerCase(),
      role: 'admin',
    });
    expect(grant.expiresIn).toBe(900);
    expect(grant.refreshToken).toMatch(/^klr_[A-Za-z0-9_-]{43}$/);

    const loggedIn = await mutation<Grant>(api.url, 'auth.login', {
      email: email.toUpperCase(),
      password: 'correct horse battery',
    });
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.headers.get('cache-control')).toBe('no-store');
    expect(loggedIn.data!.user).toEqual(grant.user);
    expect(loggedIn.data!.accessToken).not.toBe(grant.accessToken);
    expect(loggedIn.data!.refreshToken).not.toBe(grant.refreshToken);

    const me = await query<Profile>(api.url, 'auth.me', undefined, loggedIn.data!.accessToken);
    expect(me.status).toBe(200);
    const organizationId = me.data!.organization.id;
    expect(me.data).toEqual({
      ...grant.user,
      organization: {
        id: expect.any(String) as string,
        name: `${email.toLowerCase().split('@')[0]}'s organization`,
      },
    });

    // One unit of work each, on the organization's trail.
    expect(await auditOf(organizationId, 'user_created')).toEqual([
      expect.objectContaining({ actor: grant.user.id, target: grant.user.id, outcome: 'success' }),
    ]);
    expect(await auditOf(organizationId, 'session_created')).toHaveLength(2);
    expect(await auditOf(organizationId, 'authn_login_success')).toEqual([
      expect.objectContaining({ actor: grant.user.id, outcome: 'success' }),
    ]);
  });

  it('stores argon2id hashes with m=19456, t=2, p=1', async () => {
    const { user } = await registerUser(api.url, uniqueEmail(), PASSWORD);
    const stored = await api.server.store.users.byEmail(user.email);
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a second account for the same email (any case) with 409, without saying more', async () => {
    const email = uniqueEmail('dup');
    await registerUser(api.url, email);
    const again = await mutation<Grant>(api.url, 'auth.register', {
      email: email.toUpperCase(),
      password: 'another long password',
    });
    expect(again.status).toBe(409);
    expect(again.error!.data.code).toBe('CONFLICT');
    expect(again.error!.message).not.toContain(email);
  });

  it.each([
    ['too short', 'short pass', 'at least 12'],
    ['11 characters of 2 UTF-16 units each', '😀'.repeat(11), 'at least 12'],
    ['too long', 'x'.repeat(129), 'at most 128'],
    ['common', 'Password1234', 'too common'],
    ['common, padded', '!!qwerty2024!!', 'too common'],
    ['a repeated word', 'monkeymonkeymonkey', 'too common'],
    ['a keyboard run', 'qwertyuiopasdf', 'too common'],
  ])('refuses a %s password with 400 and zodError', async (_label, password, message) => {
    const result = await mutation<Grant>(api.url, 'auth.register', {
      email: uniqueEmail('p'),
      password,
    });
    expect(result.status).toBe(400);
    expect(result.error!.data.zodError!.fieldErrors.password?.[0]).toContain(message);
    expect(JSON.stringify(result.error)).not.toContain(password);
  });

  it('never truncates: a 100-character password works and its 99-character prefix does not', async () => {
    const password = `${'Zq7!'.repeat(24)}end.`;
    expect(password).toHaveLength(100);
    const { user } = await registerUser(api.url, uniqueEmail('long'), password);
    const prefix = await mutation<Grant>(api.url, 'auth.login', {
      email: user.email,
      password: password.slice(0, 99),
    });
    expect(prefix.status).toBe(401);
    const full = await mutation<Grant>(api.url, 'auth.login', { email: user.email, password });
    expect(full.status).toBe(200);
  });

  it('accepts 128 code points (256 UTF-16 units)', async () => {
    const password = '😀é'.repeat(64);
    const { user } = await registerUser(api.url, uniqueEmail('emoji'), password);
    const full = await mutation<Grant>(api.url, 'auth.login', { email: user.email, password });
    expect(full.status).toBe(200);
  });

  it('refuses malformed emails and oversized input with 400', async () => {
    for (const email of ['not-an-email', `${'a'.repeat(300)}@example.com`, 42]) {
      const result = await mutation<Grant>(api.url, 'auth.register', { email, password: PASSWORD });
      expect(result.status).toBe(400);
      expect(result.error!.data.zodError!.fieldErrors.email).toBeDefined();
    }
    const huge = await mutation<Grant>(api.url, 'auth.login', {
      email: uniqueEmail(),
      password: 'p'.repeat(100_000),
    });
    expect(huge.status).toBe(400);
  });
});

describe('auth.login', () => {
  it('gives the same 401 for an unknown email and a wrong password, and audits both', async () => {
    const grant = await registerUser(api.url);
    const organizationId = (await query<Profile>(api.url, 'auth.me', undefined, grant.accessToken))
      .data!.organization.id;
    const wrongPassword = await mutation<Grant>(api.url, 'auth.login', {
      email: grant.user.email,
      password: 'not the password',
    });
    const unknownEmail = uniqueEmail('nobody');
    const unknownUser = await mutation<Grant>(api.url, 'auth.login', {
      email: unknownEmail,
      password: 'not the password',
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.error!.message).toBe(wrongPassword.error!.message);
    expect(unknownUser.error!.data.code).toBe('UNAUTHORIZED');

    const [failure] = await auditOf(organizationId, 'authn_login_fail');
    expect(failure).toMatchObject({
      actor: grant.user.email,
      target: grant.user.id,
      outcome: 'failure',
      details: { reason: 'wrong_password' },
    });
    expect(JSON.stringify(failure)).not.toContain('not the password');
  });

  it('rehashes a stored hash made with weaker parameters, and the password still works', async () => {
    const { organizationId } = await registerAdmin();
    const email = uniqueEmail('old-hash');
    const weak = await hash(PASSWORD, {
      algorithm: 2 as Options['algorithm'],
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await api.server.store.users.create({
      organizationId,
      email,
      passwordHash: weak,
      role: 'viewer',
    });

    expect((await mutation(api.url, 'auth.login', { email, password: PASSWORD })).status).toBe(200);
    const stored = (await api.server.store.users.byEmail(email))!.passwordHash;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await mutation(api.url, 'auth.login', { email, password: PASSWORD })).status).toBe(200);
    // A current hash is left alone.
    expect((await api.server.store.users.byEmail(email))!.passwordHash).toBe(stored);
  });

  it('refuses a disabled user with the same message, and their tokens stop working at once', async () => {
    const grant = await registerUser(api.url, uniqueEmail('off'), PASSWORD);
    const organizationId = (await query<Profile>(api.url, 'auth.me', undefined, grant.accessToken))
      .data!.organization.id;
    await api.server.store.users.update(organizationId, grant.user.id, { disabled: true });
    expect((await query(api.url, 'auth.me', undefined, grant.accessToken)).status).toBe(401);
    const login = await mutation(api.url, 'auth.login', {
      email: grant.user.email,
      password: PASSWORD,
    });
    expect(login.status).toBe(401);
    expect(login.error!.message).toBe('Invalid email or password');
  });
});

async function registerAdmin(): Promise<Grant & { organizationId: string }> {
  const grant = await registerUser(api.url, uniqueEmail('admin'), PASSWORD);
  const profile = await query<Profile>(api.url, 'auth.me', undefined, grant.accessToken);
  return { ...grant, organizationId: profile.data!.organization.id };
}

describe('auth.register with an invitation', () => {
  async function invite(
    organizationId: string,
    invitedBy: string,
    overrides: { email?: string; role?: Role; expiresAt?: string } = {},
  ) {
    const token = `kli_${randomSecret()}`;
    const email = overrides.email ?? uniqueEmail('invited');
    const invitation = await api.server.store.invitations.create({
      organizationId,
      email,
      role: overrides.role ?? 'analyst',
      invitedBy,
      tokenDigest: secretDigest(token),
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 3_600_000).toISOString(),
    });
    return { token, email, invitation };
  }

  const register = (email: string, invitationToken: string) =>
    call<Grant>(api.url, 'auth.register', {
      input: { email, password: PASSWORD, invitationToken },
    });

  it('joins the inviting organization with the invited role, once', async () => {
    const admin = await registerAdmin();
    const { token, email } = await invite(admin.organizationId, admin.user.id, { role: 'viewer' });
    const joined = await register(email.toUpperCase(), token);
    expect(joined.status).toBe(200);
    expect(joined.data!.user).toMatchObject({ email, role: 'viewer' });
    const profile = await query<Profile>(api.url, 'auth.me', undefined, joined.data!.accessToken);
    expect(profile.data!.organization.id).toBe(admin.organizationId);
    const created = await auditOf(admin.organizationId, 'user_created');
    expect(created.find((entry) => entry.target === joined.data!.user.id)).toMatchObject({
      details: expect.objectContaining({ role: 'viewer', invitedBy: admin.user.id }) as object,
    });

    const reused = await register(uniqueEmail('second'), token);
    expect(reused.status).toBe(400);
    const reusedSameEmail = await register(email, token);
    expect(reusedSameEmail.status).toBe(400);
    expect(reusedSameEmail.error!.message).toMatch(/already been used/);
  });

  it.each([
    ['for another email', { email: 'someone@example.com' }, /another email/, 'other@example.com'],
    ['expired', { expiresAt: new Date(Date.now() - 1000).toISOString() }, /expired/, undefined],
  ])(
    'refuses an invitation %s, creating nothing',
    async (_label, overrides, message, registerAs) => {
      const admin = await registerAdmin();
      const { token, email } = await invite(admin.organizationId, admin.user.id, overrides);
      const as = registerAs ?? email;
      const result = await register(as, token);
      expect(result.status).toBe(400);
      expect(result.error!.message).toMatch(message);
      expect(await api.server.store.users.byEmail(as)).toBeNull();
    },
  );

  it('refuses a revoked invitation, an unknown one and garbage', async () => {
    const admin = await registerAdmin();
    const { token, email, invitation } = await invite(admin.organizationId, admin.user.id);
    await api.server.store.invitations.revoke(
      admin.organizationId,
      invitation.id,
      new Date().toISOString(),
    );
    expect((await register(email, token)).error!.message).toMatch(/revoked/);
    expect((await register(email, `kli_${randomSecret()}`)).error!.message).toMatch(
      /does not exist/,
    );
    expect((await register(email, 'garbage')).status).toBe(400);
    expect(await api.server.store.users.byEmail(email)).toBeNull();
  });

  it('keeps the invitation when the email already has an account (409, nothing half-done)', async () => {
    const admin = await registerAdmin();
    const { token, invitation } = await invite(admin.organizationId, admin.user.id, {
      email: admin.user.email,
    });
    expect((await register(admin.user.email, token)).status).toBe(409);
    const [stored] = (await api.server.store.invitations.list(admin.organizationId)).filter(
      (candidate) => candidate.id === invitation.id,
    );
    expect(stored!.acceptedAt).toBeNull();
  });
});
