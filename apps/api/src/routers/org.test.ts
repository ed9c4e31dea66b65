import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import {
  call,
  invite,
  join,
  ok,
  signUp,
  TEST_PASSWORD,
  uniqueEmail,
} from '../testing/admin-http.js';
import { sqliteFileOf, startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type Invitations = Outputs['org']['invitations'];

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api?.close());

const databaseFile = () => sqliteFileOf(api);

const register = (email: string, invitationToken: string) =>
  call<Outputs['auth']['register']>(
    api.url,
    'auth.register',
    { email, password: TEST_PASSWORD, invitationToken },
    null,
  );

describe('org.get and org.update', () => {
  it('shows every member the organization, and lets only its admin rename it', async () => {
    const admin = await signUp(api.url);
    const viewer = await join(api.url, admin, 'viewer');
    const seen = await ok<Outputs['org']['get']>(api.url, 'org.get', undefined, viewer.credential);
    expect(seen).toEqual({
      id: expect.any(String) as string,
      name: expect.stringMatching(/'s organization$/) as string,
      createdAt: expect.any(String) as string,
      memberCount: 2,
    });

    const renamed = await call<Outputs['org']['update']>(
      api.url,
      'org.update',
      { name: '  Acme Payments  ' },
      admin.credential,
      { headers: { 'x-request-id': 'rename-1' } },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.data).toEqual({ ...seen, name: 'Acme Payments' });
    expect(
      (await ok<Outputs['org']['get']>(api.url, 'org.get', undefined, viewer.credential)).name,
    ).toBe('Acme Payments');

    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { event: 'user_updated' },
      admin.credential,
    );
    expect(trail.items[0]).toMatchObject({
      actor: admin.id,
      target: `organization:${seen.id}`,
      requestId: 'rename-1',
      details: { action: 'organization.rename', from: seen.name, to: 'Acme Payments' },
    });
  });

  it('refuses empty, huge and multi-line names with 400 and keeps the old one', async () => {
    const admin = await signUp(api.url);
    const before = await ok<Outputs['org']['get']>(api.url, 'org.get', undefined, admin.credential);
    for (const name of [
      '',
      '   ',
      'x'.repeat(101),
      'x'.repeat(1_000_000),
      'Acme\r\nadmin: yes',
      42,
    ]) {
      const result = await call(api.url, 'org.update', { name }, admin.credential);
      expect([400, 413]).toContain(result.status);
    }
    expect(await ok(api.url, 'org.get', undefined, admin.credential)).toEqual(before);
  });
});

describe('invitations', () => {
  it('issue a single-use kli_ token, stored only as its digest and never listed', async () => {
    const admin = await signUp(api.url);
    const email = uniqueEmail('invited');
    const started = Date.now();
    const created = await call<Outputs['org']['invite']>(
      api.url,
      'org.invite',
      { email: email.toUpperCase(), role: 'analyst' },
      admin.credential,
    );
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { invitation, token } = created.data!;
    expect(token).toMatch(/^kli_[A-Za-z0-9_-]{43}$/);
    expect(invitation).toMatchObject({
      email,
      role: 'analyst',
      status: 'pending',
      invitedBy: admin.id,
      acceptedAt: null,
      revokedAt: null,
    });
    const hours = (Date.parse(invitation.expiresAt) - started) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThan(72.1);

    const listed = await ok<Invitations>(api.url, 'org.invitations', undefined, admin.credential);
    expect(listed.items.map((item) => item.id)).toEqual([invitation.id]);
    const digest = createHash('sha256').update(token).digest('hex');
    expect(JSON.stringify(listed)).not.toContain(token.slice(4));
    expect(JSON.stringify(listed)).not.toContain(digest);

    const db = new Database(databaseFile(), { readonly: true });
    try {
      const row = db
        .prepare('select token_digest from invitations where id = ?')
        .get(invitation.id) as { token_digest: string };
      expect(row.token_digest).toBe(digest);
    } finally {
      db.close();
    }
    expect(readFileSync(databaseFile()).includes(token.slice(4))).toBe(false);

    // Accepted once: the invitee joins the organization with the invited role.
    const joined = await register(email, token);
    expect(joined.status).toBe(200);
    expect(joined.data!.user).toMatchObject({ email, role: 'analyst' });
    const users = await ok<Outputs['users']['list']>(api.url, 'users.list', {}, admin.credential);
    expect(users.items.map((user) => user.id)).toContain(joined.data!.user.id);
    const after = await ok<Invitations>(api.url, 'org.invitations', undefined, admin.credential);
    expect(after.items[0]).toMatchObject({ id: invitation.id, status: 'accepted' });

    // Not twice, and not for another address.
    const replay = await register(uniqueEmail('replay'), token);
    expect([400, 401, 403, 404, 409, 410]).toContain(replay.status);
    expect(
      (await ok<Outputs['users']['list']>(api.url, 'users.list', {}, admin.credential)).items,
    ).toHaveLength(2);

    // An accepted invitation cannot be revoked any more.
    const revokeAccepted = await call(
      api.url,
      'org.revokeInvitation',
      { id: invitation.id },
      admin.credential,
    );
    expect(revokeAccepted.status).toBe(409);
  });

  it('a revoked or expired invitation admits nobody', async () => {
    const admin = await signUp(api.url);
    const revokedEmail = uniqueEmail('revoked');
    const revoked = await invite(api.url, admin, 'admin', revokedEmail);
    const result = await call<Outputs['org']['revokeInvitation']>(
      api.url,
      'org.revokeInvitation',
      { id: revoked.invitation.id },
      admin.credential,
    );
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ id: revoked.invitation.id, status: 'revoked' });
    // Revoking again changes nothing.
    const again = await call(
      api.url,
      'org.revokeInvitation',
      { id: revoked.invitation.id },
      admin.credential,
    );
    expect(again.status).toBe(200);
    expect((await register(revokedEmail, revoked.token)).status).not.toBe(200);

    const expiredEmail = uniqueEmail('expired');
    const expired = await invite(api.url, admin, 'viewer', expiredEmail);
    const db = new Database(databaseFile());
    try {
      db.prepare('update invitations set expires_at = ? where id = ?').run(
        Date.now() - 1000,
        expired.invitation.id,
      );
    } finally {
      db.close();
    }
    const listed = await ok<Invitations>(api.url, 'org.invitations', undefined, admin.credential);
    expect(listed.items.find((item) => item.id === expired.invitation.id)?.status).toBe('expired');
    expect((await register(expiredEmail, expired.token)).status).not.toBe(200);

    const users = await ok<Outputs['users']['list']>(api.url, 'users.list', {}, admin.credential);
    expect(users.items).toHaveLength(1);

    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { event: 'authz_change' },
      admin.credential,
    );
    expect(trail.items.map((item) => item.details.action)).toEqual([
      'invitation.create',
      'invitation.revoke',
      'invitation.create',
    ]);
    expect(trail.items[1]).toMatchObject({
      target: `invitation:${revoked.invitation.id}`,
      details: { email: revokedEmail, role: 'admin' },
    });
  });

  it('inviting an address again revokes its earlier pending invitation', async () => {
    const admin = await signUp(api.url);
    const email = uniqueEmail('twice');
    const first = await invite(api.url, admin, 'admin', email);
    const second = await invite(api.url, admin, 'viewer', email);
    const listed = await ok<Invitations>(api.url, 'org.invitations', undefined, admin.credential);
    expect(listed.items.map((item) => [item.id, item.status])).toEqual([
      [second.invitation.id, 'pending'],
      [first.invitation.id, 'revoked'],
    ]);
    expect((await register(email, first.token)).status).not.toBe(200);
    const joined = await register(email, second.token);
    expect(joined.status).toBe(200);
    expect(joined.data!.user.role).toBe('viewer');
  });

  it('refuses an email that already has an account (409), and bad input (400)', async () => {
    const admin = await signUp(api.url);
    const other = await signUp(api.url);
    expect(
      (await call(api.url, 'org.invite', { email: other.email, role: 'viewer' }, admin.credential))
        .status,
    ).toBe(409);
    expect(
      (await call(api.url, 'org.invite', { email: admin.email, role: 'viewer' }, admin.credential))
        .status,
    ).toBe(409);

    const email = uniqueEmail('bad');
    const bad: unknown[] = [
      { email, role: 'owner' },
      { email, role: 'viewer', expiresInHours: 0 },
      { email, role: 'viewer', expiresInHours: 721 },
      { email, role: 'viewer', expiresInHours: 1.5 },
      { email: 'not an email', role: 'viewer' },
      { email: 'a\r\nb@example.com', role: 'viewer' },
      { email: `${'x'.repeat(300)}@example.com`, role: 'viewer' },
      { role: 'viewer' },
    ];
    for (const input of bad) {
      const result = await call(api.url, 'org.invite', input, admin.credential);
      expect(result.status, JSON.stringify(input).slice(0, 80)).toBe(400);
    }
    const longest = await call<Outputs['org']['invite']>(
      api.url,
      'org.invite',
      { email, role: 'viewer', expiresInHours: 720 },
      admin.credential,
    );
    expect(longest.status).toBe(200);
    const listed = await ok<Invitations>(api.url, 'org.invitations', undefined, admin.credential);
    expect(listed.items).toHaveLength(1);

    for (const [id, status] of [
      [uuidv7(), 404],
      ['nope', 400],
      ['', 400],
    ] as const) {
      expect((await call(api.url, 'org.revokeInvitation', { id }, admin.credential)).status).toBe(
        status,
      );
    }
  });
});
