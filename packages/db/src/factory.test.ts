import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from './errors.js';
import { migrateDatabase, openStore } from './factory.js';
import { defaultMigrationsDir, journalEntryCount, migrationsFolder } from './migrations.js';
import { uuidv7 } from './uuidv7.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'klerno-factory-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

function tablesOf(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

describe('openStore on SQLite', () => {
  it('creates a missing folder, the file and every table on a fresh machine', async () => {
    const path = join(tempFolder(), 'data', 'nested', 'klerno.db');
    expect(existsSync(join(path, '..'))).toBe(false);

    const store = await openStore({ kind: 'sqlite', url: `file:${path}`, path });
    cleanups.push(() => store.close());
    expect(store.kind).toBe('sqlite');
    await store.ping();

    expect(tablesOf(path)).toEqual(
      expect.arrayContaining(['__drizzle_migrations', 'organizations', 'transactions', 'users']),
    );
  });

  it('opens with WAL, foreign keys on and a busy timeout, and reopens an existing file', async () => {
    const path = join(tempFolder(), 'klerno.db');
    await migrateDatabase({ kind: 'sqlite', url: `file:${path}`, path });
    const store = await openStore({ kind: 'sqlite', url: `file:${path}`, path });
    const organization = await store.organizations.create({ name: 'Kept' });
    await store.close();

    const reopened = await openStore({ kind: 'sqlite', url: `file:${path}`, path });
    cleanups.push(() => reopened.close());
    expect(await reopened.organizations.byId(organization.id)).toEqual(organization);

    const db = new Database(path);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const applied = db.prepare('select count(*) from __drizzle_migrations').pluck().get();
      expect(applied).toBe(journalEntryCount(migrationsFolder(defaultMigrationsDir(), 'sqlite')));
    } finally {
      db.close();
    }
  });

  it('leaves the file without tables when asked not to migrate', async () => {
    const path = join(tempFolder(), 'klerno.db');
    const store = await openStore(
      { kind: 'sqlite', url: `file:${path}`, path },
      { migrate: false },
    );
    await store.close();
    expect(tablesOf(path)).toEqual([]);
  });

  it('takes the migrations folder as an option (a bundle copies it elsewhere)', async () => {
    const path = join(tempFolder(), 'klerno.db');
    const database = { kind: 'sqlite', url: `file:${path}`, path } as const;
    await expect(openStore(database, { migrationsDir: tempFolder() })).rejects.toThrow(
      /No drizzle-kit migrations in .*sqlite/,
    );

    const copied = join(tempFolder(), 'dist', 'migrations');
    cpSync(defaultMigrationsDir(), copied, { recursive: true });
    const store = await openStore(database, { migrationsDir: copied });
    await store.close();
    expect(tablesOf(path)).toEqual(
      expect.arrayContaining(['organizations', 'transactions', 'users']),
    );
  });

  it('upgrades a database made by the first migration, keeping its users', async () => {
    const path = join(tempFolder(), 'klerno.db');
    const database = { kind: 'sqlite', url: `file:${path}`, path } as const;
    const firstOnly = join(tempFolder(), 'migrations');
    cpSync(defaultMigrationsDir(), firstOnly, { recursive: true });
    const journalPath = join(firstOnly, 'sqlite', 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    writeFileSync(
      journalPath,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }),
    );

    await migrateDatabase(database, { migrationsDir: firstOnly });
    // Rows as the code of that time wrote them (today's code would write token_version).
    const organizationId = uuidv7();
    const userId = uuidv7();
    const raw = new Database(path);
    try {
      raw
        .prepare('insert into organizations (id, name, created_at) values (?, ?, ?)')
        .run(organizationId, 'Before', Date.now());
      raw
        .prepare(
          `insert into users (id, organization_id, email, role, disabled, password_hash, created_at, updated_at)
           values (?, ?, 'early@example.com', 'admin', 0, 'hash', ?, ?)`,
        )
        .run(userId, organizationId, Date.now(), Date.now());
    } finally {
      raw.close();
    }
    expect(tablesOf(path)).not.toContain('audit_log');

    const store = await openStore(database);
    cleanups.push(() => store.close());
    expect((await store.users.byId(organizationId, userId))?.tokenVersion).toBe(0);
    expect(tablesOf(path)).toEqual(
      expect.arrayContaining(['api_keys', 'audit_log', 'invitations', 'refresh_tokens']),
    );
  });

  it('opens an in-memory SQLite database', async () => {
    const store = await openStore({ kind: 'sqlite', url: ':memory:', path: ':memory:' });
    cleanups.push(() => store.close());
    const organization = await store.organizations.create({ name: 'Ephemeral' });
    expect(await store.organizations.byId(organization.id)).toEqual(organization);
  });

  it('rejects with DatabaseUnavailableError when the file cannot be created', async () => {
    const blocker = join(tempFolder(), 'a-file');
    const first = await openStore({ kind: 'sqlite', url: `file:${blocker}`, path: blocker });
    await first.close();
    const path = join(blocker, 'klerno.db'); // a folder inside a file
    await expect(openStore({ kind: 'sqlite', url: `file:${path}`, path })).rejects.toBeInstanceOf(
      DatabaseUnavailableError,
    );
  });

  it('rejects calls and pings after close', async () => {
    const path = join(tempFolder(), 'klerno.db');
    const store = await openStore({ kind: 'sqlite', url: `file:${path}`, path });
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(store.organizations.byId('x')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await store.close();
  });
});

describe('openStore on an unreachable PostgreSQL', () => {
  const password = 'Sup3r-S3cret-Passw0rd';

  async function expectUnavailable(
    opening: Promise<unknown>,
    target: string,
  ): Promise<DatabaseUnavailableError> {
    const error: unknown = await opening.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const unavailable = error as DatabaseUnavailableError;
    expect(unavailable.message).toContain(target);
    expect(unavailable.target).toBe(target);
    for (const text of [
      unavailable.message,
      String(unavailable.stack),
      JSON.stringify(unavailable),
    ]) {
      expect(text).not.toContain(password);
    }
    expect(unavailable.cause).toBeUndefined();
    return unavailable;
  }

  it('rejects quickly when nothing listens on the port, naming host:port but not the password', async () => {
    const started = Date.now();
    const error = await expectUnavailable(
      openStore({ kind: 'postgres', url: `postgres://klerno:${password}@127.0.0.1:1/klerno` }),
      '127.0.0.1:1',
    );
    expect(error.reason).toBe('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('gives up after the connect timeout when the server accepts but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          silent.close(() => resolve());
        }),
    );
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const started = Date.now();
    const error = await expectUnavailable(
      openStore(
        { kind: 'postgres', url: `postgres://klerno:${password}@127.0.0.1:${port}/klerno` },
        { connectTimeoutMs: 300 },
      ),
      `127.0.0.1:${port}`,
    );
    expect(error.reason).toBe('CONNECT_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
