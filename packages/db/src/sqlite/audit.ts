import { and, desc, eq, gt, gte, lt, lte, asc, sql, type SQL } from 'drizzle-orm';
import {
  auditChainKey,
  auditListBounds,
  auditPage,
  chainEntry,
  normalizeAuditEntry,
  verifyAuditChain,
} from '../audit-chain.js';
import { GENESIS_HASH, canonicalJson } from '../audit-hash.js';
import { lazy } from '../lazy.js';
import { checkPageLimit } from '../normalize.js';
import type { AuditEntry, AuditRepository, NewAuditEntry } from '../ports.js';
import { toAuditEntry } from '../records.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import type { AtomicWrites } from './atomic-writes.js';
import type { SqliteConnection } from './connection.js';
import type { SqliteDatabase } from './database.js';
import { auditChainHeads, auditLog } from './schema.js';

type AuditRow = typeof auditLog.$inferSelect;

/** Matches the unique index on (coalesce(organization_id, 'system'), seq). */
const chainKeyOf = sql`coalesce(${auditLog.organizationId}, 'system')`;

/**
 * The connection lock of the store serialises every append; an append made outside a unit of
 * work still runs in a short transaction of its own (a savepoint inside one), so the entry and
 * the chain head land together.
 */
export function createSqliteAudit(
  db: SqliteDatabase,
  connection: SqliteConnection,
  atomic: AtomicWrites,
): AuditRepository {
  const advanceHead = lazy(() =>
    db
      .insert(auditChainHeads)
      .values({
        chainKey: sql.placeholder('chainKey'),
        organizationId: sql.placeholder('organizationId'),
        seq: 1,
        hash: GENESIS_HASH,
      })
      // Returns the new seq with the hash it still holds: that of the entry before.
      .onConflictDoUpdate({
        target: auditChainHeads.chainKey,
        set: { seq: sql`${auditChainHeads.seq} + 1` },
      })
      .returning({ seq: auditChainHeads.seq, hash: auditChainHeads.hash })
      .prepare(),
  );
  const setHeadHash = lazy(() =>
    db
      .update(auditChainHeads)
      .set({ hash: sql`${sql.placeholder('hash')}` })
      .where(eq(auditChainHeads.chainKey, sql.placeholder('chainKey')))
      .prepare(),
  );
  const headSeq = lazy(() =>
    db
      .select({ seq: auditChainHeads.seq })
      .from(auditChainHeads)
      .where(eq(auditChainHeads.chainKey, sql.placeholder('chainKey')))
      .prepare(),
  );
  const chainPage = lazy(() =>
    db
      .select()
      .from(auditLog)
      .where(
        and(
          sql`${chainKeyOf} = ${sql.placeholder('chainKey')}`,
          gt(auditLog.seq, sql.placeholder('afterSeq')),
          lte(auditLog.seq, sql.placeholder('upToSeq')),
        ),
      )
      .orderBy(asc(auditLog.seq))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );

  const append = atomic.wrap((entry: NewAuditEntry): AuditEntry => {
    const chainKey = auditChainKey(entry.organizationId);
    const head = advanceHead().get({ chainKey, organizationId: entry.organizationId });
    if (!head) throw new Error('The audit chain head was not written.');
    const appended = chainEntry(uuidv7(), entry, { seq: head.seq - 1, hash: head.hash });
    db.insert(auditLog).values(toRow(appended)).run();
    setHeadHash().run({ chainKey, hash: appended.hash });
    return appended;
  });

  return {
    append: (input) =>
      settle(() => {
        const entry = normalizeAuditEntry(input);
        return append(entry);
      }),
    list: (organizationId, filter, page) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const bounds = auditListBounds(filter, page.cursor);
        const conditions: (SQL | undefined)[] = [
          eq(auditLog.organizationId, organizationId),
          bounds.event === undefined ? undefined : eq(auditLog.event, bounds.event),
          bounds.actor === undefined ? undefined : eq(auditLog.actor, bounds.actor),
          bounds.fromMs === undefined ? undefined : gte(auditLog.timestamp, bounds.fromMs),
          bounds.toMs === undefined ? undefined : lte(auditLog.timestamp, bounds.toMs),
          bounds.beforeSeq === undefined ? undefined : lt(auditLog.seq, bounds.beforeSeq),
        ];
        const rows = db
          .select()
          .from(auditLog)
          .where(and(...conditions))
          .orderBy(desc(auditLog.seq))
          .limit(limit + 1)
          .all();
        return auditPage(rows.map(toEntry), limit);
      }),
    verify: async (organizationId) => {
      const chainKey = auditChainKey(organizationId);
      const head = headSeq().get({ chainKey });
      return verifyAuditChain(head?.seq ?? null, (afterSeq, upToSeq, limit) =>
        settle(() =>
          chainPage()
            .all({
              chainKey,
              afterSeq,
              upToSeq: upToSeq ?? Number.MAX_SAFE_INTEGER,
              limit,
            })
            .map(toEntry),
        ),
      );
    },
  };
}

function toRow(entry: AuditEntry): AuditRow {
  return {
    id: entry.id,
    organizationId: entry.organizationId,
    seq: entry.seq,
    timestamp: Date.parse(entry.timestamp),
    event: entry.event,
    actor: entry.actor,
    target: entry.target,
    outcome: entry.outcome,
    ip: entry.ip,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
    details: canonicalJson(entry.details),
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

function toEntry(row: AuditRow): AuditEntry {
  return toAuditEntry(row, parseJson(row.details), () => row.details);
}

/** Undefined for text that is not JSON (only an edited row). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
