import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { decimalSortKey } from '../decimal.js';
import { defaultMigrationsDir, migrationsFolder } from '../migrations.js';
import { openSqliteConnection } from './connection.js';

describe('SQLite migration 0002 on a database holding transactions', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('keeps the rows, fills amount_key exactly and gives them the unscored defaults', () => {
    const folder = mkdtempSync(join(tmpdir(), 'klerno-migration-'));
    folders.push(folder);
    const full = migrationsFolder(defaultMigrationsDir(), 'sqlite');
    const upTo0001 = join(folder, 'migrations');
    cpSync(full, upTo0001, { recursive: true });
    const journalPath = join(upTo0001, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    writeFileSync(
      journalPath,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, 2) }),
    );

    const connection = openSqliteConnection(join(folder, 'klerno.db'));
    try {
      const db = drizzle({ client: connection });
      migrate(db, { migrationsFolder: upTo0001 });
      connection.prepare(`insert into organizations values ('o1', 'Org', 0)`).run();
      const insert = connection.prepare(
        `insert into transactions (id, organization_id, chain, tx_id, timestamp, from_address,
           to_address, amount, currency, direction, memo, fee, tags, created_at)
         values (?, 'o1', 'xrpl', ?, 0, 'a', 'b', ?, 'XRP', 'out', null, '0', '[]', 0)`,
      );
      insert.run('t1', 'T1', '-12.5');
      insert.run('t2', 'T2', '99999999999999999999.000000000000000001');

      migrate(db, { migrationsFolder: full });
      const rows = connection
        .prepare(
          `select id, amount, amount_key as amountKey, category, risk_score as riskScore,
             risk_flags as riskFlags, risk_bucket as riskBucket, ruleset_version as rulesetVersion
           from transactions order by id`,
        )
        .all();
      expect(rows).toEqual([
        {
          id: 't1',
          amount: '-12.5',
          amountKey: decimalSortKey('-12.5'),
          category: 'unknown',
          riskScore: 0,
          riskFlags: '[]',
          riskBucket: 'low',
          rulesetVersion: null,
        },
        expect.objectContaining({
          id: 't2',
          amountKey: decimalSortKey('99999999999999999999.000000000000000001'),
        }) as unknown,
      ]);
      expect(connection.pragma('foreign_key_check')).toEqual([]);
    } finally {
      connection.close();
    }
  });
});
