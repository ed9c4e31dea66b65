/**
 * Fills the seeded SQLite store with the bench organization's history:
 * `node --import tsx seed-worker.ts '<SeedJob as JSON>'`; prints progress, then one JSON line.
 *
 * Every row is scored by the API's own risk engine (`evaluate`: rules, labels, watched wallets,
 * history facts — history-tracker.ts computes those with the store's definitions and the API's
 * batch semantics) and written straight into the file: the transactions indexes are dropped
 * first and rebuilt at the end (sorting a million keys once is far quicker than a million random
 * B-tree inserts), while the store's triggers keep `sender_amount_buckets` as ingest would. What
 * ingest does besides is left out: no alerts are raised for the seeded rows.
 */
import Database from 'better-sqlite3';
import { openStore, uuidv7, type NewTransaction } from '@klerno/db';
import { evaluate } from '../../../apps/api/src/services/risk-context.js';
import { sortKey } from './decimal-keys.js';
import { HistoryTracker } from './history-tracker.js';
import { Population, type LabelRow } from './population.js';
import { SEED_STREAM, type SeedJob, type SeedOutcome } from './seed-job.js';
import { TransactionStream } from './transactions.js';

const BATCH = 1000;
const BATCHES_PER_COMMIT = 50;
const REPORT_EVERY = 200_000;

/** The columns this writer fills; a schema with others fails loudly instead of seeding wrong. */
const COLUMNS = [
  'id',
  'organization_id',
  'chain',
  'tx_id',
  'timestamp',
  'from_address',
  'to_address',
  'amount',
  'currency',
  'direction',
  'memo',
  'fee',
  'tags',
  'created_at',
  'amount_key',
  'category',
  'risk_score',
  'risk_flags',
  'risk_bucket',
  'ruleset_version',
  'issuer',
];

const job = JSON.parse(process.argv[2] ?? 'null') as SeedJob | null;
if (job === null) throw new Error("usage: seed-worker.ts '<SeedJob JSON>'");

// Migrations and the account, through the store itself.
const store = await openStore({ kind: 'sqlite', url: `file:${job.file}`, path: job.file });
const user = await store.users.byEmail(job.email);
await store.close();
if (!user) throw new Error(`no user ${job.email} in ${job.file}`);

const db = new Database(job.file);
// A throw-away build: durability comes from the final checkpoint, not from every commit.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -524288');
db.pragma('foreign_keys = ON');
const columns = (db.prepare('pragma table_info(transactions)').all() as { name: string }[]).map(
  (column) => column.name,
);
if (columns.join() !== COLUMNS.join()) {
  throw new Error(`transactions has columns ${columns.join()}; the seed writes ${COLUMNS.join()}`);
}
const indexes = db
  .prepare(
    `select name, sql from sqlite_master
     where type = 'index' and tbl_name = 'transactions' and sql is not null`,
  )
  .all() as { name: string; sql: string }[];
for (const { name } of indexes) db.exec(`drop index ${name}`);

const insert = db.prepare(
  `insert into transactions (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
);

const population = new Population(job.populationSeed);
const labelsOf = new Map<string, LabelRow[]>();
for (const row of population.labels) {
  labelsOf.set(row.address, [...(labelsOf.get(row.address) ?? []), row]);
}
for (const held of labelsOf.values()) held.sort((a, b) => a.label.localeCompare(b.label));
const labelsFor = (item: NewTransaction) =>
  (item.fromAddress === item.toAddress ? [item.fromAddress] : [item.fromAddress, item.toAddress])
    .flatMap((address) => labelsOf.get(address) ?? [])
    .map(({ address, label, source }) => ({ address, label, source }));

const stream = new TransactionStream(population, {
  ...SEED_STREAM,
  startMs: job.startMs,
  endMs: job.endMs,
  count: job.rows,
});
const tracker = new HistoryTracker();
// The bench account is the organization's only user and watches the hot wallets.
const hotWallets = new Set(population.hotWallets);
const watchersOf = (address: string): string[] => (hotWallets.has(address) ? [user.id] : []);
const writeBatches = db.transaction((batches: unknown[][][]) => {
  for (const rows of batches) for (const row of rows) insert.run(row);
});

const started = performance.now();
let written = 0;
let pending: unknown[][][] = [];
let lapRows = 0;
let lapStarted = started;
while (written < job.rows) {
  const batch: NewTransaction[] = stream.take(Math.min(BATCH, job.rows - written));
  const facts = tracker.batch(
    batch.map((item) => ({ ...item, timestampMs: Date.parse(item.timestamp) })),
  );
  const createdAt = Date.now();
  pending.push(
    batch.map((item, index) => {
      const { risk, category } = evaluate(item, {
        labels: labelsFor(item),
        watchers: { sender: watchersOf(item.fromAddress), recipient: watchersOf(item.toAddress) },
        history: facts[index]!,
      });
      return [
        uuidv7(),
        user.organizationId,
        item.chain,
        item.txId,
        Date.parse(item.timestamp),
        item.fromAddress,
        item.toAddress,
        item.amount,
        item.currency,
        item.direction,
        item.memo,
        item.fee,
        JSON.stringify(item.tags),
        createdAt,
        sortKey(item.amount),
        category.category,
        Math.round(risk.score * 10_000),
        JSON.stringify(risk.flags),
        risk.bucket,
        risk.version,
        item.issuer ?? null,
      ];
    }),
  );
  written += batch.length;
  lapRows += batch.length;
  if (pending.length >= BATCHES_PER_COMMIT || written === job.rows) {
    writeBatches(pending);
    pending = [];
  }
  if (lapRows >= REPORT_EVERY || written === job.rows) {
    const now = performance.now();
    console.log(
      `  seeded ${written.toLocaleString('en-US')} rows (${Math.round((lapRows / (now - lapStarted)) * 1000)} tx/s)`,
    );
    lapStarted = now;
    lapRows = 0;
  }
}
const indexStarted = performance.now();
for (const { sql } of indexes) db.exec(sql);
// The planner statistics a running store keeps (PRAGMA optimize at open and hourly): every copy
// of the seed starts with them instead of analyzing a million rows when the API opens it.
db.exec('ANALYZE');
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
console.log(
  `  seeded indexes rebuilt in ${((performance.now() - indexStarted) / 1000).toFixed(0)} s`,
);
const outcome: SeedOutcome = { rows: written, seconds: (performance.now() - started) / 1000 };
console.log(JSON.stringify(outcome));
