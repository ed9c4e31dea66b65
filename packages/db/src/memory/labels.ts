import { decodeCursor } from '../cursor.js';
import { byAddressThenLabel, checkLabelFilter, checkLabelRows } from '../label-input.js';
import { checkPageLimit } from '../normalize.js';
import { userPage } from '../page.js';
import type { AddressLabelRecord, LabelRepository } from '../ports.js';
import { settle } from '../settle.js';
import { uuidv7 } from '../uuidv7.js';
import { copy, type MemoryState } from './state.js';

export function createMemoryLabels(
  current: () => MemoryState,
  requireOrganization: (id: string) => void,
): LabelRepository {
  const ofOrganization = (organizationId: string): AddressLabelRecord[] =>
    [...current().addressLabels.values()].filter((row) => row.organizationId === organizationId);

  return {
    importMany: (organizationId, rows) =>
      settle(() => {
        const checked = checkLabelRows(rows);
        if (checked.length === 0) return { created: 0, updated: 0 };
        requireOrganization(organizationId);
        const held = ofOrganization(organizationId);
        const createdAt = new Date().toISOString();
        let created = 0;
        let updated = 0;
        for (const row of checked) {
          const existing = held.find(
            (label) =>
              label.chain === row.chain &&
              label.address === row.address &&
              label.label === row.label,
          );
          if (existing) {
            current().addressLabels.set(existing.id, { ...existing, source: row.source });
            updated += 1;
          } else {
            const id = uuidv7();
            current().addressLabels.set(id, { id, organizationId, ...row, createdAt });
            created += 1;
          }
        }
        return { created, updated };
      }),
    list: (organizationId, page, filter) =>
      settle(() => {
        const limit = checkPageLimit(page);
        const checked = checkLabelFilter(filter);
        const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
        const rows = ofOrganization(organizationId)
          .filter(
            (row) =>
              (checked.chain === undefined || row.chain === checked.chain) &&
              (checked.address === undefined || row.address === checked.address) &&
              (checked.label === undefined || row.label === checked.label),
          )
          .filter((row) => {
            if (!after) return true;
            const millis = Date.parse(row.createdAt);
            return (
              millis < after.timestampMs || (millis === after.timestampMs && row.id < after.id)
            );
          })
          .sort(
            (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1),
          )
          .slice(0, limit + 1);
        return newestFirstPage(rows.map(copy), limit);
      }),
    remove: (organizationId, id) =>
      settle(() => {
        const row = current().addressLabels.get(id);
        if (!row || row.organizationId !== organizationId) return null;
        current().addressLabels.delete(id);
        return copy(row);
      }),
    forAddresses: (organizationId, chain, addresses) =>
      settle(() => {
        const wanted = new Set(addresses);
        return ofOrganization(organizationId)
          .filter((row) => row.chain === chain && wanted.has(row.address))
          .sort(byAddressThenLabel)
          .map(copy);
      }),
  };
}

/** `userPage` builds the same (createdAt, id) cursor whichever way the rows run. */
const newestFirstPage = userPage;
