import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../factory.js';
import { defaultMigrationsDir, migrationsFolder } from '../migrations.js';
import { createTempPostgresDatabase } from '../testing/index.js';
import { migratePostgres } from './migrate.js';

const ORG = '01900000-0000-7000-8000-000000000001';
const USER = '01900000-0000-7000-8000-000000000002';
const TX = '01900000-0000-7000-8000-000000000003';

describe('PostgreSQL migration 0003 on a database holding issue-5 data', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('adds the alert tables, keeps every row, and alerts can then be raised on old transactions', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'klerno-migration-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const full = migrationsFolder(defaultMigrationsDir(), 'pg');
    const upTo0002 = join(folder, 'migrations');
    cpSync(full, upTo0002, { recursive: true });
    const journalPath = join(upTo0002, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    writeFileSync(
      journalPath,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, 3) }),
    );
    const database = await createTempPostgresDatabase();
    cleanups.push(() => database.drop());

    await migratePostgres(database.url, upTo0002, 5);
    const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
    cleanups.push(() => sql.end({ timeout: 5 }));
    await sql`insert into organizations values (${ORG}, 'Org', now())`;
    await sql`insert into users (id, organization_id, email, role, password_hash, created_at,
                updated_at)
              values (${USER}, ${ORG}, 'a@example.com', 'analyst', 'hash', now(), now())`;
    await sql`insert into transactions (id, organization_id, chain, tx_id, timestamp,
                from_address, to_address, amount, currency, direction, memo, fee, tags,
                created_at, category, risk_score, risk_flags, risk_bucket, ruleset_version)
              values (${TX}, ${ORG}, 'xrpl', 'T1', now(), 'a', 'b', 20000, 'XRP', 'out', 'ransom',
                0, '{}', now(), 'expense', 9000, '{outgoing}', 'high', '2024.1')`;
    await sql`insert into address_labels values ('01900000-0000-7000-8000-000000000004', ${ORG},
                'xrpl', 'b', 'sanctioned', 'OFAC', now())`;
    await sql`insert into wallets values ('01900000-0000-7000-8000-000000000005', ${ORG},
                ${USER}, 'xrpl', 'a', null, now())`;
    await sql`insert into user_settings values (${ORG}, ${USER}, 7500, 30, now())`;
    const snapshotOf = async () => ({
      organizations: await sql`select * from organizations order by id`,
      users: await sql`select * from users order by id`,
      transactions: await sql`select * from transactions order by id`,
      labels: await sql`select * from address_labels order by id`,
      wallets: await sql`select * from wallets order by id`,
      settings: await sql`select * from user_settings order by user_id`,
    });
    const before = await snapshotOf();

    await migratePostgres(database.url, full, 5);
    // Later migrations only add columns (0007: the token issuer, null for rows from before).
    const after = await snapshotOf();
    expect({ ...after, transactions: [...after.transactions] }).toEqual({
      ...before,
      transactions: before.transactions.map((row) => ({ ...row, issuer: null })),
    });
    expect(await sql`select count(*)::int as count from alerts`).toEqual([{ count: 0 }]);
    expect(await sql`select count(*)::int as count from alert_events`).toEqual([{ count: 0 }]);

    const store = await openStore(database.database);
    cleanups.push(() => store.close());
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
  });
});
