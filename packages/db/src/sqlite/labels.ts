import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { chunks } from '../chunks.js';
import { decodeCursor } from '../cursor.js';
import { byAddressThenLabel, checkLabelFilter, checkLabelRows } from '../label-input.js';
import { lazy } from '../lazy.js';
import { checkPageLimit } from '../normalize.js';
import { userPage } from '../page.js';
import type { AddressLabelRecord, LabelRepository, NewAddressLabel } from '../ports.js';
import { isoOf } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { AtomicWrites } from './atomic-writes.js';
import type { SqliteConnection } from './connection.js';
import type { SqliteDatabase } from './database.js';
import { addressLabels } from './schema.js';

type LabelRow = typeof addressLabels.$inferSelect;

/** SQLite allows 32766 parameters; leave room for the organization and chain. */
const ADDRESS_CHUNK = 10_000;

export function toLabel(
  row: LabelRow | (Omit<LabelRow, 'createdAt'> & { createdAt: Date }),
): AddressLabelRecord {
  return {
    id: row.id,
    organizationId: row.organizationId,
    chain: row.chain,
    address: row.address,
    label: row.label,
    source: row.source,
    createdAt: isoOf(row.createdAt),
  };
}

export function createSqliteLabels(
  db: SqliteDatabase,
  connection: SqliteConnection,
  atomic: AtomicWrites,
): LabelRepository {
  // One prepared statement for any number of addresses (bound as a JSON array): scoring asks on
  // every call, and the query builder re-planned the statement each time.
  const labelsOfAddresses = lazy(() =>
    connection.prepare(
      `select id, organization_id as organizationId, chain, address, label, source,
         created_at as createdAt
       from address_labels
       where organization_id = ? and chain = ? and address in (select value from json_each(?))`,
    ),
  );
  const upsert = lazy(() =>
    connection.prepare<{
      id: string;
      organizationId: string;
      chain: string;
      address: string;
      label: string;
      source: string;
      createdAt: number;
    }>(
      `insert into address_labels (id, organization_id, chain, address, label, source, created_at)
     values (@id, @organizationId, @chain, @address, @label, @source, @createdAt)
     on conflict (organization_id, chain, address, label) do update set source = excluded.source
     returning id`,
    ),
  );
  // better-sqlite3 turns this into a SAVEPOINT when a unit of work is already open.
  const importAll = atomic.wrap((owner: string, rows: NewAddressLabel[]) => {
    const createdAt = Date.now();
    let created = 0;
    for (const row of rows) {
      const id = uuidv7();
      const written = upsert().get({ id, organizationId: owner, createdAt, ...row }) as
        { id: string } | undefined;
      if (written?.id === id) created += 1;
    }
    return { created, updated: rows.length - created };
  });

  return {
    importMany: (owner, rows) =>
      settle(() => {
        const checked = checkLabelRows(rows);
        if (checked.length === 0) return { created: 0, updated: 0 };
        return importAll(owner, checked);
      }),
    list: (owner, page, filter) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const checked = checkLabelFilter(filter);
        const conditions: SQL[] = [eq(addressLabels.organizationId, owner)];
        if (checked.chain !== undefined) conditions.push(eq(addressLabels.chain, checked.chain));
        if (checked.address !== undefined)
          conditions.push(eq(addressLabels.address, checked.address));
        if (checked.label !== undefined) conditions.push(eq(addressLabels.label, checked.label));
        if (page.cursor !== undefined) {
          const after = decodeCursor(page.cursor);
          conditions.push(
            sql`(${addressLabels.createdAt}, ${addressLabels.id}) < (${after.timestampMs}, ${after.id})`,
          );
        }
        const rows = db
          .select()
          .from(addressLabels)
          .where(and(...conditions))
          .orderBy(desc(addressLabels.createdAt), desc(addressLabels.id))
          .limit(limit + 1)
          .all();
        return userPage(rows.map(toLabel), limit);
      }),
    remove: (owner, id) =>
      settle(() => {
        const removed = db
          .delete(addressLabels)
          .where(and(eq(addressLabels.organizationId, owner), eq(addressLabels.id, id)))
          .returning()
          .get();
        return removed ? toLabel(removed) : null;
      }),
    forAddresses: (owner, chain, addresses) =>
      settle(() => {
        const found: AddressLabelRecord[] = [];
        for (const part of chunks([...new Set(addresses)], ADDRESS_CHUNK)) {
          const rows = labelsOfAddresses().all(owner, chain, JSON.stringify(part)) as LabelRow[];
          found.push(...rows.map(toLabel));
        }
        return found.sort(byAddressThenLabel);
      }),
  };
}
