import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../services/audit.js';
import { call, join, ok, signIn, signUp, type Member } from '../testing/admin-http.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type AuditPage = Outputs['audit']['list'];
type Verification = Outputs['audit']['verify'];

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api?.close());

function withDatabase<T>(work: (db: Database.Database) => T): T {
  const { database } = api.settings;
  if (database.kind !== 'sqlite') throw new Error('these tests need the SQLite file');
  const db = new Database(database.path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const list = (admin: Member, input: Record<string, unknown> = {}) =>
  ok<AuditPage>(api.url, 'audit.list', { limit: 200, ...input }, admin.credential);
const verify = (admin: Member) =>
  ok<Verification>(api.url, 'audit.verify', undefined, admin.credential);

/** An organization whose trail has an entry of each administrative event, each from its own request. */
async function busyOrganization() {
  const admin = await signUp(api.url);
  const as = (requestId: string) => ({
    headers: { 'user-agent': 'audit-test/2.0', 'x-request-id': requestId },
  });
  const analyst = await join(api.url, admin, 'analyst');
  const invited = await ok<Outputs['org']['invite']>(
    api.url,
    'org.invite',
    { email: `audited-${Date.now()}@example.com`, role: 'viewer' },
    admin.credential,
    as('req-invite'),
  );
  await ok(
    api.url,
    'org.revokeInvitation',
    { id: invited.invitation.id },
    admin.credential,
    as('req-uninvite'),
  );
  await ok(api.url, 'org.update', { name: 'Audited Ltd' }, admin.credential, as('req-rename'));
  await ok(
    api.url,
    'users.setRole',
    { userId: analyst.id, role: 'viewer' },
    admin.credential,
    as('req-role'),
  );
  const key = await ok<Outputs['apiKeys']['create']>(
    api.url,
    'apiKeys.create',
    { name: 'audited key', role: 'viewer' },
    admin.credential,
    as('req-key'),
  );
  await ok(api.url, 'apiKeys.revoke', { id: key.apiKey.id }, admin.credential, as('req-unkey'));
  const viewer = await signIn(api.url, analyst);
  const refused = await call(
    api.url,
    'audit.verify',
    undefined,
    viewer.credential,
    as('req-refused'),
  );
  expect(refused.status).toBe(403);
  await ok(
    api.url,
    'users.setDisabled',
    { userId: analyst.id, disabled: true },
    admin.credential,
    as('req-disable'),
  );
  await ok(
    api.url,
    'users.setDisabled',
    { userId: analyst.id, disabled: false },
    admin.credential,
    as('req-enable'),
  );
  /** [requestId, event, actor, target, outcome] of each entry these requests must have left. */
  const expected: Array<[string, string, string, string, string]> = [
    ['req-invite', 'authz_change', admin.id, `invitation:${invited.invitation.id}`, 'success'],
    ['req-uninvite', 'authz_change', admin.id, `invitation:${invited.invitation.id}`, 'success'],
    ['req-rename', 'user_updated', admin.id, 'organization:*', 'success'],
    ['req-role', 'authz_change', admin.id, analyst.id, 'success'],
    ['req-key', 'apikey_created', admin.id, `apikey:${key.apiKey.id}`, 'success'],
    ['req-unkey', 'apikey_revoked', admin.id, `apikey:${key.apiKey.id}`, 'success'],
    ['req-refused', 'authz_fail', analyst.id, 'audit.verify', 'failure'],
    ['req-disable', 'user_disabled', admin.id, analyst.id, 'success'],
    ['req-enable', 'user_updated', admin.id, analyst.id, 'success'],
  ];
  return { admin, analyst, key, expected };
}

describe('audit.list', () => {
  it('has an entry for each administrative event with actor, target, outcome, ip, user agent and request id', async () => {
    const { admin, expected } = await busyOrganization();
    const org = await ok<Outputs['org']['get']>(api.url, 'org.get', undefined, admin.credential);
    const all = await list(admin);
    const seen = expected.map(([requestId]) => {
      const entry = all.items.find((item) => item.requestId === requestId);
      return entry
        ? [
            requestId,
            entry.event,
            entry.actor,
            entry.target,
            entry.outcome,
            entry.ip,
            entry.userAgent,
          ]
        : [requestId, 'missing'];
    });
    expect(seen).toEqual(
      expected.map(([requestId, event, actor, target, outcome]) => [
        requestId,
        event,
        actor,
        target === 'organization:*' ? `organization:${org.id}` : target,
        outcome,
        '127.0.0.1',
        'audit-test/2.0',
      ]),
    );
  });

  it('returns every field of each entry, newest first, filtered by event, actor and time', async () => {
    const { admin, analyst, key } = await busyOrganization();
    const all = await list(admin);
    const seqs = all.items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));

    const [disabled] = (await list(admin, { event: 'user_disabled' })).items;
    expect(disabled).toEqual({
      id: expect.any(String) as string,
      seq: expect.any(Number) as number,
      timestamp: expect.stringMatching(/Z$/) as string,
      event: 'user_disabled',
      actor: admin.id,
      target: analyst.id,
      outcome: 'success',
      ip: '127.0.0.1',
      userAgent: 'audit-test/2.0',
      requestId: 'req-disable',
      details: {
        action: 'user.disable',
        email: analyst.email,
        revokedSessions: expect.any(Number) as number,
      },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
    });
    const [revoked] = (await list(admin, { event: 'apikey_revoked' })).items;
    expect(revoked).toMatchObject({ target: `apikey:${key.apiKey.id}`, requestId: 'req-unkey' });

    const byActor = await list(admin, { actor: admin.id });
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((item) => item.actor === admin.id)).toBe(true);

    const cutoff = all.items[2]!.timestamp;
    const until = await list(admin, { to: cutoff });
    expect(until.items.every((item) => item.timestamp <= cutoff)).toBe(true);
    const since = await list(admin, { from: cutoff });
    expect(since.items.every((item) => item.timestamp >= cutoff)).toBe(true);
    expect(await list(admin, { from: '2999-01-01T00:00:00Z' })).toEqual({
      items: [],
      nextCursor: null,
    });

    const first = await list(admin, { limit: 2 });
    const second = await list(admin, { limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(
      all.items.slice(0, 4).map((item) => item.id),
    );
  });

  it('refuses unknown events, malformed times, reversed ranges and foreign cursors with 400', async () => {
    const admin = await signUp(api.url);
    for (const input of [
      { event: 'made_up' },
      { from: 'yesterday' },
      { to: '2024-13-01T00:00:00Z' },
      { from: '2024-02-01T00:00:00Z', to: '2024-01-01T00:00:00Z' },
      { cursor: 'forged' },
      { actor: 'x'.repeat(10_000) },
      { limit: 0 },
    ]) {
      const result = await call(api.url, 'audit.list', input, admin.credential);
      expect(result.status, JSON.stringify(input).slice(0, 60)).toBe(400);
    }
  });

  it('stores CR/LF and other control characters escaped, so an entry cannot forge a line', async () => {
    const admin = await signUp(api.url);
    const org = await ok<Outputs['org']['get']>(api.url, 'org.get', undefined, admin.credential);
    await api.server.store.transaction((repos) =>
      recordAudit(
        repos,
        { ip: '127.0.0.1', userAgent: 'evil\r\nagent', requestId: 'r\n1' },
        {
          event: 'authn_login_fail',
          organizationId: org.id,
          actor: 'mallory@example.com\r\n2024-01-01 authn_login_success admin',
          target: null,
          outcome: 'failure',
          details: { username: 'eve\nadmin\u0000' },
        },
      ),
    );
    const [entry] = (await list(admin, { event: 'authn_login_fail' })).items;
    expect(entry).toMatchObject({
      actor: 'mallory@example.com\\r\\n2024-01-01 authn_login_success admin',
      userAgent: 'evil\\r\\nagent',
      requestId: 'r\\n1',
      details: { username: 'eve\\nadmin\\u0000' },
    });
    const raw = withDatabase((db) =>
      db
        .prepare(
          "select actor, details from audit_log where event = 'authn_login_fail' and organization_id = ?",
        )
        .get(org.id),
    ) as { actor: string; details: string };
    expect(raw.actor).not.toMatch(/[\r\n]/);
    expect(raw.details).not.toMatch(/[\r\n]/);
    expect(await verify(admin)).toEqual({ ok: true, checked: expect.any(Number) as number });
  });
});

describe('audit.verify', () => {
  it('checks the whole chain of the organization', async () => {
    const { admin } = await busyOrganization();
    const entries = (await list(admin)).items;
    expect(await verify(admin)).toEqual({ ok: true, checked: entries.length });
  });

  it('names the row whose content was edited in the database', async () => {
    const { admin } = await busyOrganization();
    const other = await busyOrganization();
    const entries = (await list(admin)).items;
    const victim = entries.find((item) => item.event === 'authz_change')!;
    withDatabase((db) =>
      db
        .prepare('update audit_log set details = ? where id = ?')
        .run(JSON.stringify({ action: 'user.setRole', from: 'analyst', to: 'admin' }), victim.id),
    );
    expect(await verify(admin)).toEqual({
      ok: false,
      checked: expect.any(Number) as number,
      brokenAt: { seq: victim.seq, id: victim.id },
      reason: 'hash_mismatch',
    });
    // Another organization's chain is untouched and still verifies.
    expect((await verify(other.admin)).ok).toBe(true);
  });

  it('names the row whose actor was rewritten, even when its stored hash was recomputed badly', async () => {
    const { admin } = await busyOrganization();
    const entries = (await list(admin)).items;
    const victim = entries.find((item) => item.event === 'user_disabled')!;
    withDatabase((db) =>
      db
        .prepare("update audit_log set actor = 'someone-else', hash = ? where id = ?")
        .run('f'.repeat(64), victim.id),
    );
    const result = await verify(admin);
    expect(result.ok).toBe(false);
    expect(result.brokenAt).toEqual({ seq: victim.seq, id: victim.id });
  });

  it('names the position of a deleted row', async () => {
    const { admin } = await busyOrganization();
    const entries = (await list(admin)).items;
    const victim = entries[Math.floor(entries.length / 2)]!;
    withDatabase((db) => db.prepare('delete from audit_log where id = ?').run(victim.id));
    const result = await verify(admin);
    expect(result.ok).toBe(false);
    expect(result.brokenAt?.seq).toBe(victim.seq);
    expect(['missing_entry', 'chain_mismatch']).toContain(result.reason);
  });
});
