/** Part of the one store contract (see ./contract.ts): address labels. */
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './contract-identity.js';
import { InvalidInputError, NotFoundError } from './errors.js';
import type { AddressLabelKind, AddressLabelRecord, NewAddressLabel } from './ports.js';
import { uuidv7 } from './uuidv7.js';

export function labelsContract({ store, newOrganization }: ContractContext): void {
  const row = (
    address: string,
    label: AddressLabelKind = 'sanctioned',
    source = 'OFAC SDN 2026-11-20',
    chain = 'xrpl',
  ): NewAddressLabel => ({ chain, address, label, source });
  const listAll = async (organizationId: string): Promise<AddressLabelRecord[]> => {
    const items: AddressLabelRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().labels.list(organizationId, { cursor, limit: 2 });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  };

  describe('labels', () => {
    it('imports, upserts by (chain, address, label) and counts created and updated', async () => {
      const organization = await newOrganization();
      expect(
        await store().labels.importMany(organization.id, [
          row('rA'),
          row('rA', 'mixer'),
          row('rB'),
          row('rB', 'sanctioned', 'repeat: last wins'),
          row('rA', 'sanctioned', 'x', 'eth'),
        ]),
      ).toEqual({ created: 4, updated: 0 });
      expect(
        await store().labels.importMany(organization.id, [
          row('rA', 'mixer', 'Chainalysis'),
          row('rC'),
        ]),
      ).toEqual({ created: 1, updated: 1 });
      const all = await listAll(organization.id);
      expect(all).toHaveLength(5);
      expect(all.find((label) => label.address === 'rA' && label.label === 'mixer')?.source).toBe(
        'Chainalysis',
      );
      expect(all.find((label) => label.address === 'rB')?.source).toBe('repeat: last wins');
      const sorted = [...all].sort(
        (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1),
      );
      expect(all).toEqual(sorted);
      expect(
        (await store().labels.list(organization.id, { limit: 10 }, { label: 'mixer' })).items.map(
          (label) => label.address,
        ),
      ).toEqual(['rA']);
      expect(
        (await store().labels.list(organization.id, { limit: 10 }, { chain: 'eth' })).items,
      ).toHaveLength(1);
    });

    it('is all or nothing: one bad row writes nothing', async () => {
      const organization = await newOrganization();
      await expect(
        store().labels.importMany(organization.id, [
          row('rA'),
          { ...row('rB'), label: 'terrorist' as AddressLabelKind },
        ]),
      ).rejects.toBeInstanceOf(InvalidInputError);
      await expect(
        store().labels.importMany(organization.id, [row('rA'), row('')]),
      ).rejects.toThrow(/rows\[1\]\.address/);
      expect(await listAll(organization.id)).toEqual([]);
      await expect(store().labels.importMany(uuidv7(), [row('rA')])).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it('finds the labels of a batch of addresses on one chain', async () => {
      const organization = await newOrganization();
      await store().labels.importMany(organization.id, [
        row('rB', 'mixer'),
        row('rA', 'sanctioned'),
        row('rA', 'exchange'),
        row('rA', 'darknet', 'x', 'eth'),
        row('rZ'),
      ]);
      const found = await store().labels.forAddresses(organization.id, 'xrpl', ['rA', 'rB', 'rQ']);
      expect(found.map((label) => [label.address, label.label])).toEqual([
        ['rA', 'exchange'],
        ['rA', 'sanctioned'],
        ['rB', 'mixer'],
      ]);
      expect(await store().labels.forAddresses(organization.id, 'xrpl', [])).toEqual([]);
    });

    it('removes one label; never reads, finds or removes across organizations', async () => {
      const organization = await newOrganization();
      const other = await newOrganization();
      await store().labels.importMany(organization.id, [row('rA'), row('rB')]);
      const [first] = await listAll(organization.id);
      expect(await store().labels.remove(other.id, first?.id ?? '')).toBeNull();
      expect(await listAll(other.id)).toEqual([]);
      expect(await store().labels.forAddresses(other.id, 'xrpl', ['rA', 'rB'])).toEqual([]);
      expect(await store().labels.remove(organization.id, first?.id ?? '')).toEqual(first);
      expect(await store().labels.remove(organization.id, first?.id ?? '')).toBeNull();
      expect(await store().labels.remove(organization.id, 'not-an-id')).toBeNull();
      expect(await listAll(organization.id)).toHaveLength(1);
    });
  });
}
