import { and, asc, desc, eq, gt, gte, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import {
  auditChainKey,
  auditListBounds,
  auditPage,
  chainEntry,
  normalizeAuditEntry,
  verifyAuditChain,
} from '../audit-chain.js';
import { GENESIS_HASH } from '../audit-hash.js';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { NotFoundError } from '../errors.js';
import { lazy } from '../lazy.js';
import { checkPageLimit } from '../normalize.js';
import type { AuditEntry, AuditRepository } from '../ports.js';
import { toAuditEntry } from '../records.js';
import { isUuid, uuidv7 } from '../uuidv7.js';
import type { PgHandle } from './database.js';
import { auditChainHeads, auditLog } from './schema.js';

type AuditRow = typeof auditLog.$inferSelect;

/**
 * Appends are serialised per chain by the chain head's row: the upsert that advances it locks
 * the row until the transaction ends, so a second writer of the same chain waits and then
 * reads the committed head. Outside a unit of work, the append opens a transaction of its own.
 */
export function createPgAudit(db: PgHandle): AuditRepository {
  const headSeq = lazy(() =>
    db
      .select({ seq: auditChainHeads.seq })
      .from(auditChainHeads)
      .where(eq(auditChainHeads.chainKey, sql.placeholder('chainKey')))
      .prepare('audit_head_seq'),
  );
  const pageOf = (chain: SQL, name: string) =>
    lazy(() =>
      db
        .select()
        .from(auditLog)
        .where(
          and(
            chain,
            gt(auditLog.seq, sql.placeholder('afterSeq')),
            lte(auditLog.seq, sql.placeholder('upToSeq')),
          ),
        )
        .orderBy(asc(auditLog.seq))
        .limit(sql.placeholder('limit'))
        .prepare(name),
    );
  const organizationPage = pageOf(
    eq(auditLog.organizationId, sql.placeholder('organizationId')),
    'audit_chain_page',
  );
  const systemPage = pageOf(isNull(auditLog.organizationId), 'audit_system_chain_page');

  return {
    async append(input) {
      const entry = normalizeAuditEntry(input);
      if (entry.organizationId !== null && !isUuid(entry.organizationId)) {
        throw new NotFoundError(UNKNOWN_ORGANIZATION);
      }
      const chainKey = auditChainKey(entry.organizationId);
      // A savepoint inside the caller's unit of work; a transaction of its own outside one.
      return db.transaction(async (tx) => {
        const [head] = await tx
          .insert(auditChainHeads)
          .values({ chainKey, organizationId: entry.organizationId, seq: 1, hash: GENESIS_HASH })
          // Returns the new seq with the hash it still holds: that of the entry before.
          .onConflictDoUpdate({
            target: auditChainHeads.chainKey,
            set: { seq: sql`${auditChainHeads.seq} + 1` },
          })
          .returning({ seq: auditChainHeads.seq, hash: auditChainHeads.hash });
        if (!head) throw new Error('The audit chain head was not written.');
        const appended = chainEntry(uuidv7(), entry, { seq: head.seq - 1, hash: head.hash });
        await tx.insert(auditLog).values(toRow(appended));
        await tx
          .update(auditChainHeads)
          .set({ hash: appended.hash })
          .where(eq(auditChainHeads.chainKey, chainKey));
        return appended;
      });
    },
    async list(organizationId, filter, page) {
      const limit = checkPageLimit(page);
      const bounds = auditListBounds(filter, page.cursor);
      if (!isUuid(organizationId)) return { items: [], nextCursor: null };
      const rows = await db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.organizationId, organizationId),
            bounds.event === undefined ? undefined : eq(auditLog.event, bounds.event),
            bounds.actor === undefined ? undefined : eq(auditLog.actor, bounds.actor),
            bounds.fromMs === undefined
              ? undefined
              : gte(auditLog.timestamp, new Date(bounds.fromMs)),
            bounds.toMs === undefined ? undefined : lte(auditLog.timestamp, new Date(bounds.toMs)),
            bounds.beforeSeq === undefined ? undefined : lt(auditLog.seq, bounds.beforeSeq),
          ),
        )
        .orderBy(desc(auditLog.seq))
        .limit(limit + 1);
      return auditPage(rows.map(toEntry), limit);
    },
    async verify(organizationId) {
      if (organizationId !== null && !isUuid(organizationId)) return { ok: true, checked: 0 };
      const [head] = await headSeq().execute({ chainKey: auditChainKey(organizationId) });
      return verifyAuditChain(head?.seq ?? null, async (afterSeq, upToSeq, limit) => {
        const bounds = { afterSeq, upToSeq: upToSeq ?? 2147483647, limit };
        const rows =
          organizationId === null
            ? await systemPage().execute(bounds)
            : await organizationPage().execute({ ...bounds, organizationId });
        return rows.map(toEntry);
      });
    },
  };
}

function toRow(entry: AuditEntry): AuditRow {
  return {
    id: entry.id,
    organizationId: entry.organizationId,
    seq: entry.seq,
    timestamp: new Date(entry.timestamp),
    event: entry.event,
    actor: entry.actor,
    target: entry.target,
    outcome: entry.outcome,
    ip: entry.ip,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
    details: entry.details,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

function toEntry(row: AuditRow): AuditEntry {
  const details: unknown = row.details;
  return toAuditEntry(row, details, () => JSON.stringify(details));
}
