import {
  GENESIS_HEAD,
  auditChainKey,
  auditListBounds,
  auditPage,
  chainEntry,
  normalizeAuditEntry,
  verifyAuditChain,
} from '../audit-chain.js';
import { checkPageLimit } from '../normalize.js';
import type { AuditEntry, AuditRepository } from '../ports.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import { copy, type MemoryState } from './state.js';

export function createMemoryAudit(
  current: () => MemoryState,
  requireOrganization: (id: string) => void,
): AuditRepository {
  const chainOf = (organizationId: string | null): AuditEntry[] =>
    [...current().auditEntries.values()]
      .filter((entry) => entry.organizationId === organizationId)
      .sort((a, b) => a.seq - b.seq);

  return {
    append: (input) =>
      settle(() => {
        const entry = normalizeAuditEntry(input);
        if (entry.organizationId !== null) requireOrganization(entry.organizationId);
        const state = current();
        const key = auditChainKey(entry.organizationId);
        const appended = chainEntry(uuidv7(), entry, state.auditHeads.get(key) ?? GENESIS_HEAD);
        state.auditEntries.set(appended.id, appended);
        state.auditHeads.set(key, { seq: appended.seq, hash: appended.hash });
        return copy(appended);
      }),
    list: (organizationId, filter, page) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const bounds = auditListBounds(filter, page.cursor);
        const rows = chainOf(organizationId)
          .reverse()
          .filter((entry) => {
            const at = Date.parse(entry.timestamp);
            return (
              (bounds.event === undefined || entry.event === bounds.event) &&
              (bounds.actor === undefined || entry.actor === bounds.actor) &&
              (bounds.fromMs === undefined || at >= bounds.fromMs) &&
              (bounds.toMs === undefined || at <= bounds.toMs) &&
              (bounds.beforeSeq === undefined || entry.seq < bounds.beforeSeq)
            );
          })
          .slice(0, limit + 1);
        return auditPage(rows.map(copy), limit);
      }),
    verify: async (organizationId) => {
      const head = current().auditHeads.get(auditChainKey(organizationId));
      const chain = chainOf(organizationId);
      return verifyAuditChain(head?.seq ?? null, (afterSeq, upToSeq, limit) =>
        settle(() =>
          chain
            .filter((entry) => entry.seq > afterSeq && (upToSeq === null || entry.seq <= upToSeq))
            .slice(0, limit)
            .map(copy),
        ),
      );
    },
  };
}
