/**
 * Part of the one store contract (see ./contract.ts): the hash-chained audit log. With a
 * `tamper` (SQLite and PostgreSQL), rows are edited and deleted behind the store's back and
 * `verify` must name the first broken one.
 */
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash } from './audit-hash.js';
import type { ContractContext } from './contract-identity.js';
import { InvalidCursorError, InvalidInputError, NotFoundError } from './errors.js';
import type { AuditEntry, NewAuditEntry } from './ports.js';
import type { AuditTamper } from './testing/audit-tamper.js';
import { uuidv7 } from './uuidv7.js';

export interface AuditContractContext extends ContractContext {
  /**
   * Raw SQL access to the store's database, or null for a store without one (in-memory): then
   * the tampering tests are not defined at all.
   */
  tamper: (() => AuditTamper) | null;
}

const BASE = Date.parse('2024-05-01T00:00:00.000Z');
const HEX64 = /^[0-9a-f]{64}$/;

export function auditContract(context: AuditContractContext): void {
  const { store, newOrganization } = context;
  const entry = (
    organizationId: string | null,
    overrides: Partial<NewAuditEntry> = {},
  ): NewAuditEntry => ({
    organizationId,
    timestamp: new Date(BASE).toISOString(),
    event: 'user_updated',
    actor: 'actor-1',
    target: 'target-1',
    outcome: 'success',
    ip: '203.0.113.7',
    userAgent: 'vitest',
    requestId: 'req-1',
    details: { field: 'role', from: 'viewer', to: 'admin', count: 2, flag: true, none: null },
    ...overrides,
  });
  const appendMany = async (organizationId: string, count: number): Promise<AuditEntry[]> => {
    const appended: AuditEntry[] = [];
    for (let index = 0; index < count; index += 1) {
      appended.push(
        await store().audit.append(
          entry(organizationId, { timestamp: new Date(BASE + index * 1000).toISOString() }),
        ),
      );
    }
    return appended;
  };
  const listAll = async (organizationId: string): Promise<AuditEntry[]> => {
    const items: AuditEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().audit.list(organizationId, {}, { cursor, limit: 1000 });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  };
  const expectLinked = (chain: AuditEntry[]): void => {
    chain.forEach((item, index) => {
      expect(item.seq).toBe(index + 1);
      expect(item.prevHash).toBe(index === 0 ? GENESIS_HASH : chain[index - 1]?.hash);
      expect(item.hash).toBe(auditHash(item.prevHash, item));
    });
  };

  describe('audit log', () => {
    it('appends a hash chain from the genesis hash, stored exactly as hashed', async () => {
      const organization = await newOrganization();
      const first = await store().audit.append(
        entry(organization.id, { timestamp: '2024-05-01T02:00:00+02:00' }),
      );
      expect(first).toEqual({
        ...entry(organization.id),
        id: expect.any(String) as string,
        timestamp: '2024-05-01T00:00:00.000Z',
        seq: 1,
        prevHash: GENESIS_HASH,
        hash: expect.stringMatching(HEX64) as string,
      });
      const second = await store().audit.append(entry(organization.id, { outcome: 'failure' }));
      expect(second.seq).toBe(2);
      expect(second.prevHash).toBe(first.hash);
      const stored = await listAll(organization.id);
      expect(stored).toEqual([second, first]);
      expectLinked([...stored].reverse());
      expect(await store().audit.verify(organization.id)).toEqual({ ok: true, checked: 2 });
    });

    it('keeps one chain per organization and one for entries of no organization', async () => {
      const first = await newOrganization();
      const second = await newOrganization();
      const systemBefore = await store().audit.verify(null);
      expect(systemBefore.ok).toBe(true);
      await appendMany(first.id, 3);
      const other = await store().audit.append(entry(second.id));
      const system = await store().audit.append(entry(null, { event: 'authn_login_fail' }));
      expect(other.seq).toBe(1);
      expect(system.seq).toBe(systemBefore.checked + 1);
      expect(system.organizationId).toBeNull();
      expect(await store().audit.verify(first.id)).toEqual({ ok: true, checked: 3 });
      expect(await store().audit.verify(second.id)).toEqual({ ok: true, checked: 1 });
      expect(await store().audit.verify(null)).toEqual({
        ok: true,
        checked: systemBefore.checked + 1,
      });
      // Organization isolation: nothing of one organization is listed for another.
      expect((await listAll(second.id)).map((item) => item.id)).toEqual([other.id]);
      expect(await listAll(uuidv7())).toEqual([]);
      expect(await store().audit.verify(uuidv7())).toEqual({ ok: true, checked: 0 });
    });

    it('lists newest first with filters on event, actor and time, across pages', async () => {
      const organization = await newOrganization();
      const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();
      const rows: AuditEntry[] = [];
      for (let index = 0; index < 7; index += 1) {
        rows.push(
          await store().audit.append(
            entry(organization.id, {
              timestamp: at(index),
              event: index % 2 === 0 ? 'authz_change' : 'apikey_created',
              actor: index < 4 ? 'alice' : 'bob',
            }),
          ),
        );
      }
      const collect = async (filter: Parameters<Store['audit']['list']>[1], limit: number) => {
        const seen: number[] = [];
        let cursor: string | undefined;
        do {
          const page = await store().audit.list(organization.id, filter, { cursor, limit });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items.map((item) => item.seq));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        return seen;
      };
      expect(await collect({}, 3)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect(await collect({ event: 'authz_change' }, 2)).toEqual([7, 5, 3, 1]);
      expect(await collect({ actor: 'alice' }, 10)).toEqual([4, 3, 2, 1]);
      expect(await collect({ from: at(2), to: at(4) }, 1)).toEqual([5, 4, 3]);
      expect(await collect({ event: 'apikey_created', actor: 'bob', from: at(5) }, 5)).toEqual([6]);
      expect(await collect({ event: 'nothing_like_it' }, 5)).toEqual([]);
      expect(rows).toHaveLength(7);
    });

    it('refuses bad cursors, limits, filters and entries with typed errors', async () => {
      const organization = await newOrganization();
      await expect(
        store().audit.list(organization.id, {}, { cursor: 'nonsense', limit: 10 }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store().audit.list(organization.id, {}, { limit: 0 })).rejects.toBeInstanceOf(
        InvalidInputError,
      );
      await expect(
        store().audit.list(organization.id, { from: 'yesterday' }, { limit: 10 }),
      ).rejects.toBeInstanceOf(InvalidInputError);
      for (const bad of [
        { timestamp: 'not a time' },
        { outcome: 'maybe' as NewAuditEntry['outcome'] },
        { event: '' },
        { details: { ratio: Number.NaN } },
        { details: { nested: { no: 1 } } as unknown as NewAuditEntry['details'] },
        { actor: 'nul\u0000byte' },
      ]) {
        await expect(store().audit.append(entry(organization.id, bad))).rejects.toBeInstanceOf(
          InvalidInputError,
        );
      }
      await expect(store().audit.append(entry(uuidv7()))).rejects.toBeInstanceOf(NotFoundError);
      expect(await listAll(organization.id)).toEqual([]);
    });

    it('lands with its unit of work or not at all, leaving no gap', async () => {
      const organization = await newOrganization();
      await store().transaction(async (repos) => {
        await repos.audit.append(entry(organization.id));
        await repos.organizations.update(organization.id, { name: 'Audited' });
      });
      await expect(
        store().transaction(async (repos) => {
          await repos.audit.append(entry(organization.id, { event: 'rolled_back' }));
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const third = await store().audit.append(entry(organization.id));
      expect(third.seq).toBe(2);
      expect((await listAll(organization.id)).map((item) => item.event)).not.toContain(
        'rolled_back',
      );
      expect(await store().audit.verify(organization.id)).toEqual({ ok: true, checked: 2 });
    });

    it('never forks under 50 concurrent appends, in and outside units of work', async () => {
      const organization = await newOrganization();
      await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          index % 2 === 0
            ? store().audit.append(entry(organization.id, { details: { index } }))
            : store().transaction((repos) =>
                repos.audit.append(entry(organization.id, { details: { index } })),
              ),
        ),
      );
      const chain = (await listAll(organization.id)).reverse();
      expect(chain.map((item) => item.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expectLinked(chain);
      expect(new Set(chain.map((item) => item.details.index)).size).toBe(50);
      expect(await store().audit.verify(organization.id)).toEqual({ ok: true, checked: 50 });
    });

    const tamper = context.tamper;
    if (tamper) {
      describe('tampering', () => {
        it('names an edited row (hash_mismatch)', async () => {
          const raw = tamper();
          const organization = await newOrganization();
          const chain = await appendMany(organization.id, 5);
          const edited = chain[2]!;
          await raw.setDetails(edited.id, { ...edited.details, to: 'viewer' });
          expect(await store().audit.verify(organization.id)).toEqual({
            ok: false,
            checked: 2,
            brokenAt: { seq: 3, id: edited.id },
            reason: 'hash_mismatch',
          });
        });

        it('names a deleted middle row by its seq (missing_entry)', async () => {
          const raw = tamper();
          const organization = await newOrganization();
          const chain = await appendMany(organization.id, 5);
          await raw.remove(chain[1]!.id);
          expect(await store().audit.verify(organization.id)).toEqual({
            ok: false,
            checked: 1,
            brokenAt: { seq: 2, id: null },
            reason: 'missing_entry',
          });
        });

        it('notices a deleted last row too', async () => {
          const raw = tamper();
          const organization = await newOrganization();
          const chain = await appendMany(organization.id, 3);
          await raw.remove(chain[2]!.id);
          expect(await store().audit.verify(organization.id)).toEqual({
            ok: false,
            checked: 2,
            brokenAt: { seq: 3, id: null },
            reason: 'missing_entry',
          });
        });

        it('names a row whose prev_hash was changed (chain_mismatch)', async () => {
          const raw = tamper();
          const organization = await newOrganization();
          const chain = await appendMany(organization.id, 4);
          await raw.setPrevHash(chain[3]!.id, 'f'.repeat(64));
          expect(await store().audit.verify(organization.id)).toEqual({
            ok: false,
            checked: 3,
            brokenAt: { seq: 4, id: chain[3]!.id },
            reason: 'chain_mismatch',
          });
        });

        it('leaves other organizations’ chains intact', async () => {
          const raw = tamper();
          const tampered = await newOrganization();
          const intact = await newOrganization();
          const chain = await appendMany(tampered.id, 2);
          await appendMany(intact.id, 2);
          await raw.remove(chain[0]!.id);
          expect((await store().audit.verify(tampered.id)).ok).toBe(false);
          expect(await store().audit.verify(intact.id)).toEqual({ ok: true, checked: 2 });
        });
      });
    }
  });
}

type Store = ReturnType<AuditContractContext['store']>;
