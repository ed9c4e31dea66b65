import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { chunks } from '../chunks.js';
import { decodeCursor } from '../cursor.js';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { NotFoundError } from '../errors.js';
import { byAddressThenLabel, checkLabelFilter, checkLabelRows } from '../label-input.js';
import { checkPageLimit, toIsoTimestamp } from '../normalize.js';
import { userPage } from '../page.js';
import type { AddressLabelRecord, LabelRepository } from '../ports.js';
import { isoOf } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import type { PgHandle } from './database.js';
import { addressLabels } from './schema.js';

type LabelRow = typeof addressLabels.$inferSelect;

/** 1000 rows × 7 columns, well inside PostgreSQL's 65535 parameters. */
const UPSERT_CHUNK = 1000;
const ADDRESS_CHUNK = 10_000;

function toLabel(row: LabelRow): AddressLabelRecord {
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

export function createPgLabels(db: PgHandle): LabelRepository {
  return {
    async importMany(owner, rows) {
      const checked = checkLabelRows(rows);
      if (checked.length === 0) return { created: 0, updated: 0 };
      if (!isUuid(owner)) throw new NotFoundError(UNKNOWN_ORGANIZATION);
      // A savepoint when the caller's unit of work is already open: all rows or none.
      return db.transaction(async (tx) => {
        const createdAt = new Date();
        let created = 0;
        for (const part of chunks(checked, UPSERT_CHUNK)) {
          const values = part.map((row) => ({
            id: uuidv7(),
            organizationId: owner,
            createdAt,
            ...row,
          }));
          const newIds = new Set(values.map((value) => value.id));
          const written = await tx
            .insert(addressLabels)
            .values(values)
            .onConflictDoUpdate({
              target: [
                addressLabels.organizationId,
                addressLabels.chain,
                addressLabels.address,
                addressLabels.label,
              ],
              set: { source: sql`excluded.source` },
            })
            .returning({ id: addressLabels.id });
          created += written.filter((row) => newIds.has(row.id)).length;
        }
        return { created, updated: checked.length - created };
      });
    },
    async list(owner, page, filter) {
      const limit = checkPageLimit(page);
      const checked = checkLabelFilter(filter);
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
      if (!isUuid(owner)) return { items: [], nextCursor: null };
      const conditions: SQL[] = [eq(addressLabels.organizationId, owner)];
      if (checked.chain !== undefined) conditions.push(eq(addressLabels.chain, checked.chain));
      if (checked.address !== undefined)
        conditions.push(eq(addressLabels.address, checked.address));
      if (checked.label !== undefined) conditions.push(eq(addressLabels.label, checked.label));
      if (after !== undefined) {
        conditions.push(
          sql`(${addressLabels.createdAt}, ${addressLabels.id}) < (${toIsoTimestamp(after.timestampMs)}::timestamptz, ${after.id}::uuid)`,
        );
      }
      const rows = await db
        .select()
        .from(addressLabels)
        .where(and(...conditions))
        .orderBy(desc(addressLabels.createdAt), desc(addressLabels.id))
        .limit(limit + 1);
      return userPage(rows.map(toLabel), limit);
    },
    async remove(owner, id) {
      if (!isUuid(owner) || !isUuid(id)) return null;
      const [removed] = await db
        .delete(addressLabels)
        .where(and(eq(addressLabels.organizationId, owner), eq(addressLabels.id, id)))
        .returning();
      return removed ? toLabel(removed) : null;
    },
    async forAddresses(owner, chain, addresses) {
      if (!isUuid(owner)) return [];
      const found: AddressLabelRecord[] = [];
      for (const part of chunks([...new Set(addresses)], ADDRESS_CHUNK)) {
        const rows = await db
          .select()
          .from(addressLabels)
          .where(
            and(
              eq(addressLabels.organizationId, owner),
              eq(addressLabels.chain, chain),
              inArray(addressLabels.address, part),
            ),
          );
        found.push(...rows.map(toLabel));
      }
      return found.sort(byAddressThenLabel);
    },
  };
}
