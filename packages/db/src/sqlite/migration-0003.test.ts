import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../factory.js';
import { defaultMigrationsDir, migrationsFolder } from '../migrations.js';
import { openSqliteConnection } from './connection.js';

const ORG = '01900000-0000-7000-8000-000000000001';
const USER = '01900000-0000-7000-8000-000000000002';
const TX = '01900000-0000-7000-8000-000000000003';

describe('SQLite migration 0003 on a database holding issue-5 data', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('adds the alert tables, keeps every row, and alerts can then be raised on old transactions', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'klerno-migration-'));
    folders.push(folder);
    const full = migrationsFolder(defaultMigrationsDir(), 'sqlite');
    const upTo0002 = join(folder, 'migrations');
    cpSync(full, upTo0002, { recursive: true });
    const journalPath = join(upTo0002, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    writeFileSync(
      journalPath,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, 3) }),
    );

    const path = join(folder, 'klerno.db');
    const connection = openSqliteConnection(path);
    const snapshotOf = () => ({
      organizations: connection.prepare('select * from organizations order by id').all(),
      users: connection.prepare('select * from users order by id').all(),
      transactions: connection.prepare('select * from transactions order by id').all(),
      labels: connection.prepare('select * from address_labels order by id').all(),
      wallets: connection.prepare('select * from wallets order by id').all(),
      settings: connection.prepare('select * from user_settings order by user_id').all(),
    });
    let before: ReturnType<typeof snapshotOf>;
    try {
      const db = drizzle({ client: connection });
      migrate(db, { migrationsFolder: upTo0002 });
      connection.prepare(`insert into organizations values (?, 'Org', 0)`).run(ORG);
      connection
        .prepare(
          `insert into users (id, organization_id, email, role, password_hash, created_at, updated_at)
           values (?, ?, 'a@example.com', 'analyst', 'hash', 0, 0)`,
        )
        .run(USER, ORG);
      connection
        .prepare(
          `insert into transactions (id, organization_id, chain, tx_id, timestamp, from_address,
             to_address, amount, currency, direction, memo, fee, tags, created_at, amount_key,
             category, risk_score, risk_flags, risk_bucket, ruleset_version)
           values (?, ?, 'xrpl', 'T1', 0, 'a', 'b', '20000', 'XRP', 'out', 'ransom', '0', '[]', 0,
             decimal_sort_key('20000'), 'expense', 9000, '["outgoing"]', 'high', '2024.1')`,
        )
        .run(TX, ORG);
      connection
        .prepare(
          `insert into address_labels values ('01900000-0000-7000-8000-000000000004', ?, 'xrpl',
             'b', 'sanctioned', 'OFAC', 0)`,
        )
        .run(ORG);
      connection
        .prepare(
          `insert into wallets values ('01900000-0000-7000-8000-000000000005', ?, ?, 'xrpl', 'a',
             null, 0)`,
        )
        .run(ORG, USER);
      connection.prepare(`insert into user_settings values (?, ?, 7500, 30, 0)`).run(ORG, USER);
      before = snapshotOf();

      migrate(db, { migrationsFolder: full });
      // Later migrations only add columns (0006: the token issuer, null for rows from before).
      expect(snapshotOf()).toEqual({
        ...before,
        transactions: before.transactions.map((row) => ({ ...(row as object), issuer: null })),
      });
      expect(connection.prepare('select count(*) as count from alerts').get()).toEqual({
        count: 0,
      });
      expect(connection.prepare('select count(*) as count from alert_events').get()).toEqual({
        count: 0,
      });
      expect(connection.pragma('foreign_key_check')).toEqual([]);
    } finally {
      connection.close();
    }

    const store = await openStore({ kind: 'sqlite', url: `file:${path}`, path });
    try {
      const [alert] = await store.alerts.createMany(ORG, [
        {
          transactionId: TX,
          ownerUserId: USER,
          threshold: 0.75,
          riskScore: 0.9,
          riskBucket: 'high',
          riskFlags: ['outgoing'],
          createdAt: '2024-07-01T00:00:00.000Z',
        },
      ]);
      expect(alert).toMatchObject({ transactionId: TX, ownerUserId: USER, status: 'open' });
      expect(await store.alerts.history(ORG, alert?.id ?? '')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
