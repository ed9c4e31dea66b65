/**
 * The one behaviour suite every Store must pass (SQLite file, PostgreSQL, in-memory). Each run
 * opens one store; tests make organizations of their own, so they never see each other's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsContract } from './contract-alerts.js';
import { analyticsContract } from './contract-analytics.js';
import { auditContract } from './contract-audit.js';
import { historyBucketsContract } from './contract-history-buckets.js';
import { identityContract } from './contract-identity.js';
import { jobsContract } from './contract-jobs.js';
import { labelsContract } from './contract-labels.js';
import { transactionRiskContract } from './contract-transactions-risk.js';
import { walletsSettingsContract } from './contract-wallets-settings.js';
import { ConflictError, InvalidCursorError, InvalidInputError, NotFoundError } from './errors.js';
import type { NewTransaction, Organization, Store, Transaction } from './ports.js';
import type { AuditTamper } from './testing/audit-tamper.js';
import { isUuid, uuidv7 } from './uuidv7.js';

export interface OpenedStore {
  store: Store;
  /** Raw SQL on the store's database behind its back (SQLite and PostgreSQL). */
  tamper?: AuditTamper;
  cleanup(): Promise<void>;
}

export interface StoreContractOptions {
  /** The opened store comes with a `tamper`: define the audit tampering tests. */
  tamperable: boolean;
}

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE_TIME = Date.parse('2024-03-01T12:00:00.000Z');

export function runStoreContract(
  name: string,
  open: () => Promise<OpenedStore>,
  options: StoreContractOptions,
): void {
  describe(`${name} store contract`, () => {
    let opened: OpenedStore | undefined;
    const store = (): Store => {
      if (!opened) throw new Error('the store did not open');
      return opened.store;
    };

    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    let sequence = 0;
    const unique = (): string =>
      `${Date.now().toString(36)}-${(sequence += 1)}-${uuidv7().slice(-6)}`;
    const newOrganization = (): Promise<Organization> =>
      store().organizations.create({ name: `Org ${unique()}` });
    const tamper = (): AuditTamper => {
      if (!opened?.tamper) throw new Error('the store was opened without a tamper');
      return opened.tamper;
    };

    identityContract({ store, unique, newOrganization });
    transactionRiskContract({ store, unique, newOrganization });
    historyBucketsContract({ store, unique, newOrganization });
    labelsContract({ store, unique, newOrganization });
    walletsSettingsContract({ store, unique, newOrganization });
    alertsContract({ store, unique, newOrganization });
    analyticsContract({ store, unique, newOrganization });
    jobsContract({ store, unique, newOrganization });
    auditContract({
      store,
      unique,
      newOrganization,
      tamper: options.tamperable ? tamper : null,
    });
    const newTransaction = (overrides: Partial<NewTransaction> = {}): NewTransaction => ({
      chain: 'xrpl',
      txId: `TX-${unique()}`,
      timestamp: new Date(BASE_TIME + sequence * 1000).toISOString(),
      fromAddress: 'rSender',
      toAddress: 'rReceiver',
      amount: '1',
      currency: 'XRP',
      direction: 'out',
      memo: null,
      fee: '0.000012',
      tags: [],
      ...overrides,
    });
    const listAll = async (organizationId: string): Promise<Transaction[]> => {
      const items: Transaction[] = [];
      let cursor: string | undefined;
      do {
        const page = await store().transactions.list(organizationId, { cursor, limit: 1000 });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return items;
    };
    const newestFirst = (rows: Transaction[]): Transaction[] =>
      [...rows].sort(
        (a, b) =>
          Date.parse(b.timestamp) - Date.parse(a.timestamp) ||
          (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      );

    it('answers ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });

    describe('organizations', () => {
      it('creates and reads an organization by id', async () => {
        const organization = await store().organizations.create({ name: 'Acme Payments' });
        expect(isUuid(organization.id)).toBe(true);
        expect(organization.name).toBe('Acme Payments');
        expect(organization.createdAt).toMatch(ISO_MILLIS);
        expect(await store().organizations.byId(organization.id)).toEqual(organization);
      });

      it('returns null for an unknown or malformed id', async () => {
        expect(await store().organizations.byId(uuidv7())).toBeNull();
        expect(await store().organizations.byId('not-an-id')).toBeNull();
      });
    });

    describe('users', () => {
      it('stores the email lower-cased and finds it case-insensitively', async () => {
        const organization = await newOrganization();
        const email = `Ada.${unique()}@Example.COM`;
        const user = await store().users.create({
          organizationId: organization.id,
          email,
          passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
          role: 'admin',
        });
        expect(user).toEqual({
          id: expect.any(String) as string,
          organizationId: organization.id,
          email: email.toLowerCase(),
          role: 'admin',
          disabled: false,
          tokenVersion: 0,
          createdAt: expect.stringMatching(ISO_MILLIS) as string,
          updatedAt: expect.stringMatching(ISO_MILLIS) as string,
        });
        expect(user).not.toHaveProperty('passwordHash');
        expect(isUuid(user.id)).toBe(true);

        const found = await store().users.byEmail(email.toUpperCase());
        expect(found).toEqual({
          ...user,
          passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
        });
        expect(await store().users.byId(organization.id, user.id)).toEqual(user);
      });

      it('refuses a taken email in any case, from any organization, with ConflictError', async () => {
        const first = await newOrganization();
        const second = await newOrganization();
        const email = `grace.${unique()}@example.com`;
        const original = await store().users.create({
          organizationId: first.id,
          email,
          passwordHash: 'hash-1',
          role: 'admin',
        });
        await expect(
          store().users.create({
            organizationId: second.id,
            email: email.toUpperCase(),
            passwordHash: 'hash-2',
            role: 'viewer',
          }),
        ).rejects.toBeInstanceOf(ConflictError);
        const kept = await store().users.byEmail(email);
        expect(kept?.id).toBe(original.id);
        expect(kept?.passwordHash).toBe('hash-1');
      });

      it('returns null for unknown emails and ids', async () => {
        const organization = await newOrganization();
        expect(await store().users.byEmail(`nobody.${unique()}@example.com`)).toBeNull();
        expect(await store().users.byId(organization.id, uuidv7())).toBeNull();
        expect(await store().users.byId(organization.id, 'not-an-id')).toBeNull();
      });

      it('refuses a user of an unknown organization with NotFoundError', async () => {
        await expect(
          store().users.create({
            organizationId: uuidv7(),
            email: `orphan.${unique()}@example.com`,
            passwordHash: 'hash',
            role: 'viewer',
          }),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('refuses an unknown role with InvalidInputError', async () => {
        const organization = await newOrganization();
        await expect(
          store().users.create({
            organizationId: organization.id,
            email: `role.${unique()}@example.com`,
            passwordHash: 'hash',
            role: 'owner' as 'admin',
          }),
        ).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('transactions.ingest', () => {
      it('stores canonical values and reads them back unchanged', async () => {
        const organization = await newOrganization();
        const input = newTransaction({
          timestamp: '2024-05-01T14:00:00.123+02:00',
          amount: '0010.500',
          fee: '0.000010',
          memo: 'invoice 42',
          tags: ['vip', 'sanctioned'],
          direction: 'in',
        });
        const { created, duplicates } = await store().transactions.ingest(organization.id, [input]);
        expect(duplicates).toEqual([]);
        expect(created).toHaveLength(1);
        const [row] = created;
        expect(row).toEqual({
          ...input,
          id: expect.any(String) as string,
          organizationId: organization.id,
          timestamp: '2024-05-01T12:00:00.123Z',
          amount: '10.5',
          fee: '0.00001',
          issuer: null,
          createdAt: expect.stringMatching(ISO_MILLIS) as string,
          // Ingested without scores: the documented defaults.
          category: 'unknown',
          riskScore: 0,
          riskFlags: [],
          riskBucket: 'low',
          rulesetVersion: null,
        });
        expect(isUuid(row?.id ?? '')).toBe(true);
        expect(await store().transactions.byId(organization.id, row?.id ?? '')).toEqual(row);
        expect((await store().transactions.list(organization.id, { limit: 10 })).items).toEqual([
          row,
        ]);
      });

      it('keeps the issuer of an issued token, and refuses an empty one', async () => {
        const organization = await newOrganization();
        const issuer = 'rvYAfWj5gh67oV6fW32ZzP3Aw4Eubs59B';
        const { created } = await store().transactions.ingest(organization.id, [
          newTransaction({ txId: 'TOKEN', currency: 'USD', issuer }),
          newTransaction({ txId: 'NATIVE', currency: 'XRP', issuer: null }),
        ]);
        expect(created.map((row) => [row.txId, row.issuer])).toEqual([
          ['TOKEN', issuer],
          ['NATIVE', null],
        ]);
        expect((await store().transactions.byId(organization.id, created[0]!.id))?.issuer).toBe(
          issuer,
        );
        await expect(
          store().transactions.ingest(organization.id, [
            newTransaction({ txId: 'EMPTY', issuer: '' }),
          ]),
        ).rejects.toThrow(/items\[0\]\.issuer must be a non-empty string or null/);
      });

      it('keeps a null memo and empty tags', async () => {
        const organization = await newOrganization();
        const { created } = await store().transactions.ingest(organization.id, [
          newTransaction({ memo: null, tags: [] }),
        ]);
        const stored = await store().transactions.byId(organization.id, created[0]?.id ?? '');
        expect(stored?.memo).toBeNull();
        expect(stored?.tags).toEqual([]);
      });

      it('is idempotent: a re-sent batch writes only what is new and reports the rest as stored', async () => {
        const organization = await newOrganization();
        const first = newTransaction();
        const second = newTransaction();
        const initial = await store().transactions.ingest(organization.id, [first, second]);
        expect(initial.created.map((row) => row.txId)).toEqual([first.txId, second.txId]);

        const third = newTransaction();
        const again = await store().transactions.ingest(organization.id, [
          second,
          third,
          { ...first, amount: '999' },
        ]);
        expect(again.created.map((row) => row.txId)).toEqual([third.txId]);
        expect(again.duplicates).toEqual([initial.created[1], initial.created[0]]);
        expect(await listAll(organization.id)).toHaveLength(3);
        expect(await store().transactions.volume(organization.id)).toBe('3');
      });

      it('treats the same txId on another chain as a different transaction', async () => {
        const organization = await newOrganization();
        const txId = `TX-${unique()}`;
        const result = await store().transactions.ingest(organization.id, [
          newTransaction({ txId, chain: 'xrpl' }),
          newTransaction({ txId, chain: 'xrpl-testnet' }),
        ]);
        expect(result.created).toHaveLength(2);
      });

      it('refuses a batch holding one (chain, txId) twice with ConflictError and writes nothing', async () => {
        const organization = await newOrganization();
        const repeated = newTransaction();
        await expect(
          store().transactions.ingest(organization.id, [
            newTransaction(),
            repeated,
            newTransaction(),
            { ...repeated, amount: '2' },
          ]),
        ).rejects.toBeInstanceOf(ConflictError);
        expect(await listAll(organization.id)).toEqual([]);
        expect(await store().transactions.volume(organization.id)).toBe('0');
      });

      it.each([
        ['an exponent amount', { amount: '1e5' }],
        ['a non-decimal fee', { fee: 'NaN' }],
        ['too many fraction digits', { amount: '0.1234567890123456789' }],
        ['a timestamp without offset', { timestamp: '2024-01-01 10:00:00' }],
        ['an unknown direction', { direction: 'sideways' as 'in' }],
        ['an empty txId', { txId: '' }],
      ])('refuses a batch with %s with InvalidInputError and writes nothing', async (_, bad) => {
        const organization = await newOrganization();
        await expect(
          store().transactions.ingest(organization.id, [newTransaction(), newTransaction(bad)]),
        ).rejects.toBeInstanceOf(InvalidInputError);
        expect(await listAll(organization.id)).toEqual([]);
      });

      it('refuses an unknown organization with NotFoundError', async () => {
        await expect(
          store().transactions.ingest(uuidv7(), [newTransaction()]),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('accepts an empty batch', async () => {
        const organization = await newOrganization();
        expect(await store().transactions.ingest(organization.id, [])).toEqual({
          created: [],
          duplicates: [],
        });
      });

      it('creates each row once when the same batch arrives twice at the same time', async () => {
        const organization = await newOrganization();
        const batch = Array.from({ length: 50 }, () => newTransaction());
        const results = await Promise.all([
          store().transactions.ingest(organization.id, batch),
          store().transactions.ingest(organization.id, batch),
        ]);
        const created = results.flatMap((result) => result.created);
        const duplicates = results.flatMap((result) => result.duplicates);
        expect(created).toHaveLength(50);
        expect(duplicates).toHaveLength(50);
        expect(new Set(duplicates.map((row) => row.id))).toEqual(
          new Set(created.map((row) => row.id)),
        );
        expect(await listAll(organization.id)).toHaveLength(50);
      });

      it('ingests a batch of 1000 and recognises all of it the second time', async () => {
        const organization = await newOrganization();
        const batch = Array.from({ length: 1000 }, () => newTransaction({ amount: '0.001' }));
        const first = await store().transactions.ingest(organization.id, batch);
        expect(first.created).toHaveLength(1000);
        expect(first.created.map((row) => row.txId)).toEqual(batch.map((item) => item.txId));
        const second = await store().transactions.ingest(organization.id, batch);
        expect(second.created).toHaveLength(0);
        expect(second.duplicates.map((row) => row.id)).toEqual(first.created.map((row) => row.id));
        expect(await store().transactions.volume(organization.id)).toBe('1');
      });
    });

    describe('transactions.list and byId', () => {
      it('lists newest first, ties broken by id, across pages', async () => {
        const organization = await newOrganization();
        const tied = new Date(BASE_TIME - 50_000).toISOString();
        const batch = [
          newTransaction({ timestamp: new Date(BASE_TIME - 90_000).toISOString() }),
          newTransaction({ timestamp: tied }),
          newTransaction({ timestamp: new Date(BASE_TIME + 10_000).toISOString() }),
          newTransaction({ timestamp: tied }),
          newTransaction({ timestamp: tied }),
          newTransaction({ timestamp: new Date(BASE_TIME - 10_000).toISOString() }),
          newTransaction({ timestamp: tied }),
        ];
        const { created } = await store().transactions.ingest(organization.id, batch);

        const seen: Transaction[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store().transactions.list(organization.id, { cursor, limit: 2 });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items);
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor !== undefined);
        expect(pages).toBe(4);
        expect(seen).toEqual(newestFirst(created));
      });

      it('gives no next cursor when the last page is exactly full', async () => {
        const organization = await newOrganization();
        await store().transactions.ingest(organization.id, [newTransaction(), newTransaction()]);
        const page = await store().transactions.list(organization.id, { limit: 2 });
        expect(page.items).toHaveLength(2);
        expect(page.nextCursor).toBeNull();
      });

      it('stays stable while rows arrive between pages', async () => {
        const organization = await newOrganization();
        const originals = (
          await store().transactions.ingest(
            organization.id,
            Array.from({ length: 9 }, (_, i) =>
              newTransaction({ timestamp: new Date(BASE_TIME - i * 60_000).toISOString() }),
            ),
          )
        ).created;

        const first = await store().transactions.list(organization.id, { limit: 4 });
        const boundary = first.items[first.items.length - 1];
        // Newer rows, and one at the boundary's very timestamp (its later id sorts before it).
        await store().transactions.ingest(organization.id, [
          newTransaction({ timestamp: new Date(BASE_TIME + 60_000).toISOString() }),
          newTransaction({ timestamp: boundary?.timestamp ?? '' }),
        ]);
        const second = await store().transactions.list(organization.id, {
          cursor: first.nextCursor ?? undefined,
          limit: 4,
        });
        await store().transactions.ingest(organization.id, [
          newTransaction({ timestamp: new Date(BASE_TIME + 120_000).toISOString() }),
        ]);
        const third = await store().transactions.list(organization.id, {
          cursor: second.nextCursor ?? undefined,
          limit: 4,
        });

        expect(third.nextCursor).toBeNull();
        expect([...first.items, ...second.items, ...third.items]).toEqual(newestFirst(originals));
      });

      it('refuses a cursor it did not make with InvalidCursorError', async () => {
        const organization = await newOrganization();
        await store().transactions.ingest(organization.id, [newTransaction(), newTransaction()]);
        const { nextCursor } = await store().transactions.list(organization.id, { limit: 1 });
        expect(nextCursor).toEqual(expect.any(String));
        const forged = [
          'not a cursor!',
          '',
          (nextCursor ?? '').slice(0, -3),
          Buffer.from('[1,"x"]').toString('base64url'),
          Buffer.from('{"t":1}').toString('base64url'),
          Buffer.from(`["1", "${uuidv7()}"]`).toString('base64url'),
        ];
        for (const cursor of forged) {
          await expect(
            store().transactions.list(organization.id, { cursor, limit: 10 }),
          ).rejects.toBeInstanceOf(InvalidCursorError);
        }
      });

      it('refuses a limit outside 1..1000 with InvalidInputError', async () => {
        const organization = await newOrganization();
        for (const limit of [0, -1, 1.5, 1001]) {
          await expect(
            store().transactions.list(organization.id, { limit }),
          ).rejects.toBeInstanceOf(InvalidInputError);
        }
      });

      it('returns null for an unknown or malformed id', async () => {
        const organization = await newOrganization();
        expect(await store().transactions.byId(organization.id, uuidv7())).toBeNull();
        expect(await store().transactions.byId(organization.id, 'nope')).toBeNull();
      });
    });

    describe('transactions.volume', () => {
      it('sums exactly: 0.1 + 0.2 is "0.3"', async () => {
        const organization = await newOrganization();
        await store().transactions.ingest(organization.id, [
          newTransaction({ amount: '0.1' }),
          newTransaction({ amount: '0.2' }),
        ]);
        expect(await store().transactions.volume(organization.id)).toBe('0.3');
      });

      it('sums the largest amounts exactly and filters by currency', async () => {
        const organization = await newOrganization();
        await store().transactions.ingest(organization.id, [
          newTransaction({ currency: 'BIG', amount: '99999999999999999999.999999999999999999' }),
          newTransaction({ currency: 'BIG', amount: '0.000000000000000001' }),
          newTransaction({ currency: 'BIG', amount: '12345678901234567890.123456789012345678' }),
          newTransaction({ currency: 'XRP', amount: '0.7' }),
          newTransaction({ currency: 'NEG', amount: '-2.5' }),
          newTransaction({ currency: 'NEG', amount: '2.5' }),
        ]);
        expect(await store().transactions.volume(organization.id, { currency: 'BIG' })).toBe(
          '112345678901234567890.123456789012345678',
        );
        expect(await store().transactions.volume(organization.id, { currency: 'XRP' })).toBe('0.7');
        expect(await store().transactions.volume(organization.id, { currency: 'NEG' })).toBe('0');
        expect(await store().transactions.volume(organization.id, { currency: 'EUR' })).toBe('0');
        expect(await store().transactions.volume(organization.id)).toBe(
          '112345678901234567890.823456789012345678',
        );
      });

      it('is "0" for an organization without transactions', async () => {
        const organization = await newOrganization();
        expect(await store().transactions.volume(organization.id)).toBe('0');
      });
    });

    describe('organization isolation', () => {
      it('never lets one organization see, count or read by id what another holds', async () => {
        const a = await newOrganization();
        const b = await newOrganization();
        const input = newTransaction({ amount: '5' });
        const [held] = (await store().transactions.ingest(a.id, [input])).created;
        const user = await store().users.create({
          organizationId: a.id,
          email: `iso.${unique()}@example.com`,
          passwordHash: 'hash',
          role: 'analyst',
        });

        expect(await store().transactions.list(b.id, { limit: 100 })).toEqual({
          items: [],
          nextCursor: null,
        });
        expect(await store().transactions.byId(b.id, held?.id ?? '')).toBeNull();
        expect(await store().transactions.volume(b.id)).toBe('0');
        expect(await store().users.byId(b.id, user.id)).toBeNull();

        // The same (chain, txId) is new to B, and B's copy is B's own.
        const inB = await store().transactions.ingest(b.id, [input]);
        expect(inB.duplicates).toEqual([]);
        expect(inB.created[0]?.organizationId).toBe(b.id);
        expect(inB.created[0]?.id).not.toBe(held?.id);
        expect((await listAll(a.id)).map((row) => row.id)).toEqual([held?.id]);
      });

      it('does not page into another organization through a cursor', async () => {
        const a = await newOrganization();
        const b = await newOrganization();
        await store().transactions.ingest(a.id, [newTransaction(), newTransaction()]);
        await store().transactions.ingest(b.id, [
          newTransaction({ timestamp: new Date(BASE_TIME - 3_600_000).toISOString() }),
        ]);
        const { nextCursor } = await store().transactions.list(a.id, { limit: 1 });
        const page = await store().transactions.list(a.id, { cursor: nextCursor ?? '', limit: 10 });
        expect(page.items.every((row) => row.organizationId === a.id)).toBe(true);
        expect(page.items).toHaveLength(1);
      });
    });

    describe('unit of work', () => {
      it('commits every write together and returns what work returned', async () => {
        const email = `uow.${unique()}@example.com`;
        const result = await store().transaction(async (repos) => {
          const organization = await repos.organizations.create({ name: 'Together' });
          const user = await repos.users.create({
            organizationId: organization.id,
            email,
            passwordHash: 'hash',
            role: 'admin',
          });
          await repos.transactions.ingest(organization.id, [newTransaction()]);
          return { organization, user };
        });
        expect(await store().organizations.byId(result.organization.id)).toEqual(
          result.organization,
        );
        expect((await store().users.byEmail(email))?.id).toBe(result.user.id);
        expect(await listAll(result.organization.id)).toHaveLength(1);
      });

      it('leaves nothing behind when work throws, and rethrows its error', async () => {
        const email = `rollback.${unique()}@example.com`;
        const existing = await newOrganization();
        let organizationId = '';
        const failure = new Error('work failed');
        await expect(
          store().transaction(async (repos) => {
            const organization = await repos.organizations.create({ name: 'Doomed' });
            organizationId = organization.id;
            await repos.users.create({
              organizationId: organization.id,
              email,
              passwordHash: 'hash',
              role: 'admin',
            });
            await repos.transactions.ingest(organization.id, [newTransaction()]);
            await repos.transactions.ingest(existing.id, [newTransaction({ amount: '7' })]);
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(organizationId).not.toBe('');
        expect(await store().organizations.byId(organizationId)).toBeNull();
        expect(await store().users.byEmail(email)).toBeNull();
        expect(await listAll(organizationId)).toEqual([]);
        expect(await listAll(existing.id)).toEqual([]);
        expect(await store().transactions.volume(existing.id)).toBe('0');
      });

      it('keeps the rest of the work when a refused ingest is caught inside it', async () => {
        const organization = await newOrganization();
        const repeated = newTransaction();
        const kept = newTransaction();
        await store().transaction(async (repos) => {
          await expect(
            repos.transactions.ingest(organization.id, [repeated, repeated]),
          ).rejects.toBeInstanceOf(ConflictError);
          await expect(
            repos.users.create({
              organizationId: uuidv7(),
              email: `missing-org.${unique()}@example.com`,
              passwordHash: 'hash',
              role: 'viewer',
            }),
          ).rejects.toBeInstanceOf(NotFoundError);
          await repos.transactions.ingest(organization.id, [kept]);
        });
        expect((await listAll(organization.id)).map((row) => row.txId)).toEqual([kept.txId]);
      });

      it('isolates concurrent work: a failing unit undoes only its own writes', async () => {
        const organization = await newOrganization();
        const [doomed, committed, outside] = [newTransaction(), newTransaction(), newTransaction()];
        let signalWritten = (): void => undefined;
        const written = new Promise<void>((resolve) => {
          signalWritten = resolve;
        });
        let release = (): void => undefined;
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });

        const failing = store().transaction(async (repos) => {
          await repos.transactions.ingest(organization.id, [doomed]);
          signalWritten();
          await released;
          throw new Error('first unit fails');
        });
        await written;
        // Started while the failing unit is still open.
        const succeeding = store().transaction((repos) =>
          repos.transactions.ingest(organization.id, [committed]),
        );
        const direct = store().transactions.ingest(organization.id, [outside]);
        release();

        await expect(failing).rejects.toThrow('first unit fails');
        await succeeding;
        await direct;
        const txIds = (await listAll(organization.id)).map((row) => row.txId).sort();
        expect(txIds).toEqual([committed.txId, outside.txId].sort());
      });

      it('refuses the repositories of a finished unit of work', async () => {
        const organization = await newOrganization();
        let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        await store().transaction((repos) => {
          leaked = repos;
          return Promise.resolve();
        });
        await expect(
          leaked?.transactions.ingest(organization.id, [newTransaction()]),
        ).rejects.toThrow(/transaction that has already ended/);
        expect(await listAll(organization.id)).toEqual([]);
      });
    });
  });
}
