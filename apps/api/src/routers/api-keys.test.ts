import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@klerno/db';
import { call, createKey, join, ok, signUp } from '../testing/admin-http.js';
import { sqliteFileOf, startTestServer, type RunningTestServer } from '../testing/server.js';
import type { Outputs } from '../testing/trpc-http.js';

type Created = Outputs['apiKeys']['create'];
type KeyList = Outputs['apiKeys']['list'];

const KEY_FORMAT = /^klk_([0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;

let api: RunningTestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api?.close());

const databaseFile = () => sqliteFileOf(api);

describe('apiKeys.create', () => {
  it("shows a klk_ secret once, stores only its digest, and defaults to the creator's role", async () => {
    const admin = await signUp(api.url);
    const analyst = await join(api.url, admin, 'analyst');
    const started = Date.now();
    const created = await call<Created>(
      api.url,
      'apiKeys.create',
      { name: 'CI importer', expiresInDays: 30 },
      analyst.credential,
    );
    expect(created.status).toBe(200);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { apiKey, secret } = created.data!;
    const prefix = KEY_FORMAT.exec(secret)?.[1];
    expect(prefix).toBeDefined();
    expect(apiKey).toMatchObject({
      name: 'CI importer',
      prefix,
      role: 'analyst',
      status: 'active',
      createdBy: analyst.id,
      lastUsedAt: null,
      revokedAt: null,
    });
    const days = (Date.parse(apiKey.expiresAt!) - started) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);

    const listed = await ok<KeyList>(api.url, 'apiKeys.list', undefined, analyst.credential);
    expect(listed.items.map((key) => key.id)).toEqual([apiKey.id]);
    const secretPart = secret.slice('klk_'.length + 9);
    const digest = createHash('sha256').update(secret).digest('hex');
    expect(JSON.stringify(listed)).not.toContain(secretPart);
    expect(JSON.stringify(listed)).not.toContain(digest);

    const db = new Database(databaseFile(), { readonly: true });
    try {
      const row = db.prepare('select digest, prefix from api_keys where id = ?').get(apiKey.id);
      expect(row).toEqual({ digest, prefix });
    } finally {
      db.close();
    }
    expect(readFileSync(databaseFile()).includes(secretPart)).toBe(false);

    // The key works with the key's role, and records when it was last used.
    const me = await call(api.url, 'transactions.list', {}, { apiKey: secret });
    expect(me.status).toBe(200);
    const used = await ok<KeyList>(api.url, 'apiKeys.list', undefined, analyst.credential);
    expect(used.items[0]!.lastUsedAt).not.toBeNull();

    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { event: 'apikey_created', actor: analyst.id },
      admin.credential,
    );
    expect(trail.items[0]).toMatchObject({
      target: `apikey:${apiKey.id}`,
      outcome: 'success',
      details: { name: 'CI importer', prefix, role: 'analyst', expiresAt: apiKey.expiresAt },
    });
    expect(JSON.stringify(trail)).not.toContain(secretPart);
  });

  it("refuses a role above the creator's with 403 and an authz_fail entry", async () => {
    const admin = await signUp(api.url);
    const analyst = await join(api.url, admin, 'analyst');
    const refused = await call(
      api.url,
      'apiKeys.create',
      { name: 'too strong', role: 'admin' },
      analyst.credential,
    );
    expect(refused.status).toBe(403);
    expect(refused.error?.message).toMatch(/higher role/);
    const lower = await call<Created>(
      api.url,
      'apiKeys.create',
      { name: 'reader', role: 'viewer' },
      analyst.credential,
    );
    expect(lower.data!.apiKey.role).toBe('viewer');
    const viewerKey = { apiKey: lower.data!.secret };
    expect((await call(api.url, 'transactions.list', {}, viewerKey)).status).toBe(200);
    expect(
      (await call(api.url, 'transactions.ingest', { transactions: [] }, viewerKey)).status,
    ).toBe(403);

    const keys = await ok<KeyList>(api.url, 'apiKeys.list', undefined, analyst.credential);
    expect(keys.items.map((key) => key.name)).toEqual(['reader']);
    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { event: 'authz_fail', actor: analyst.id },
      admin.credential,
    );
    expect(trail.items[0]).toMatchObject({
      target: 'apiKeys.create',
      outcome: 'failure',
      details: { reason: 'role_above_creator', requestedRole: 'admin', callerRole: 'analyst' },
    });
  });

  it('cannot be called with an API key, whatever its role', async () => {
    const admin = await signUp(api.url);
    const { secret } = await createKey(api.url, admin, 'admin');
    const result = await call(
      api.url,
      'apiKeys.create',
      { name: 'minted by a key' },
      { apiKey: secret },
    );
    expect(result.status).toBe(403);
    expect(result.error?.message).toMatch(/API keys cannot create API keys/);
    const keys = await ok<KeyList>(api.url, 'apiKeys.list', undefined, admin.credential);
    expect(keys.items).toHaveLength(1);
  });

  it('refuses bad names, roles and expiries with 400', async () => {
    const admin = await signUp(api.url);
    for (const input of [
      { name: '' },
      { name: 'x'.repeat(101) },
      { name: 'two\nlines' },
      { name: 'k', role: 'root' },
      { name: 'k', expiresInDays: 0 },
      { name: 'k', expiresInDays: 3651 },
      { name: 'k', expiresInDays: 'never' },
      {},
    ]) {
      const result = await call(api.url, 'apiKeys.create', input, admin.credential);
      expect(result.status, JSON.stringify(input)).toBe(400);
    }
    expect((await ok<KeyList>(api.url, 'apiKeys.list', undefined, admin.credential)).items).toEqual(
      [],
    );
  });
});

describe('apiKeys.list and apiKeys.revoke', () => {
  it("show and revoke one's own keys; an admin manages every key of the organization", async () => {
    const admin = await signUp(api.url);
    const analyst = await join(api.url, admin, 'analyst');
    const viewer = await join(api.url, admin, 'viewer');
    const analystKey = await createKey(api.url, analyst, 'analyst');
    const viewerKey = await createKey(api.url, viewer, 'viewer');
    const adminKey = await createKey(api.url, admin, 'viewer');

    const ids = async (member: typeof admin) =>
      (await ok<KeyList>(api.url, 'apiKeys.list', undefined, member.credential)).items.map(
        (key) => key.id,
      );
    expect(await ids(analyst)).toEqual([analystKey.apiKey.id]);
    expect(await ids(viewer)).toEqual([viewerKey.apiKey.id]);
    expect(await ids(admin)).toEqual([adminKey, viewerKey, analystKey].map((k) => k.apiKey.id));

    // Another member's key looks like an unknown one.
    const foreign = await call(
      api.url,
      'apiKeys.revoke',
      { id: analystKey.apiKey.id },
      viewer.credential,
    );
    expect(foreign.status).toBe(404);
    expect(
      (await call(api.url, 'transactions.list', {}, { apiKey: analystKey.secret })).status,
    ).toBe(200);

    const own = await call<Outputs['apiKeys']['revoke']>(
      api.url,
      'apiKeys.revoke',
      { id: viewerKey.apiKey.id },
      viewer.credential,
    );
    expect(own.status).toBe(200);
    expect(own.data).toMatchObject({ id: viewerKey.apiKey.id, status: 'revoked' });
    expect(own.data!.revokedAt).not.toBeNull();
    expect((await call(api.url, 'auth.me', undefined, { apiKey: viewerKey.secret })).status).toBe(
      401,
    );

    const byAdmin = await call(
      api.url,
      'apiKeys.revoke',
      { id: analystKey.apiKey.id },
      admin.credential,
    );
    expect(byAdmin.status).toBe(200);
    expect((await call(api.url, 'auth.me', undefined, { apiKey: analystKey.secret })).status).toBe(
      401,
    );
    // Revoking again changes nothing.
    expect(
      (await call(api.url, 'apiKeys.revoke', { id: analystKey.apiKey.id }, admin.credential))
        .status,
    ).toBe(200);

    const listed = await ok<KeyList>(api.url, 'apiKeys.list', undefined, admin.credential);
    expect(listed.items.map((key) => key.status)).toEqual(['active', 'revoked', 'revoked']);

    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { event: 'apikey_revoked' },
      admin.credential,
    );
    expect(trail.items.map((item) => [item.actor, item.target])).toEqual([
      [admin.id, `apikey:${analystKey.apiKey.id}`],
      [viewer.id, `apikey:${viewerKey.apiKey.id}`],
    ]);

    for (const [id, status] of [
      [uuidv7(), 404],
      ['123', 400],
    ] as const) {
      expect((await call(api.url, 'apiKeys.revoke', { id }, admin.credential)).status).toBe(status);
    }
  });

  it('a key may revoke itself, and its actor in the trail is the key', async () => {
    const admin = await signUp(api.url);
    const key = await createKey(api.url, admin, 'viewer');
    const self = await call(
      api.url,
      'apiKeys.revoke',
      { id: key.apiKey.id },
      { apiKey: key.secret },
    );
    expect(self.status).toBe(200);
    expect((await call(api.url, 'auth.me', undefined, { apiKey: key.secret })).status).toBe(401);
    const trail = await ok<Outputs['audit']['list']>(
      api.url,
      'audit.list',
      { event: 'apikey_revoked' },
      admin.credential,
    );
    expect(trail.items[0]).toMatchObject({
      actor: `apikey:${key.apiKey.id}`,
      target: `apikey:${key.apiKey.id}`,
    });
  });
});
