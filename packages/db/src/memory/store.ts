import { decodeCursor } from '../cursor.js';
import { sumDecimals } from '../decimal.js';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { ingestResult } from '../ingest-result.js';
import {
  checkNewUser,
  checkPageLimit,
  normalizeEmail,
  normalizeTransactions,
  toIsoTimestamp,
  transactionKey,
} from '../normalize.js';
import { transactionPage } from '../page.js';
import type {
  Organization,
  Repositories,
  Store,
  Transaction,
  UserWithCredentials,
} from '../ports.js';
import { settle } from '../settle.js';
import { ExclusiveLock } from '../unit-of-work/exclusive-lock.js';
import { chainRunners, scopeGuard, wrapRepositories } from '../unit-of-work/wrap.js';
import { uuidv7 } from '../uuidv7.js';

/** Records are replaced, never mutated, so a snapshot is a copy of the maps. */
interface MemoryState {
  organizations: Map<string, Organization>;
  /** By lower-cased email. */
  users: Map<string, UserWithCredentials>;
  transactions: Map<string, Transaction>;
  /** `${organizationId}\0${transactionKey}` → transaction id. */
  transactionKeys: Map<string, string>;
}

function emptyState(): MemoryState {
  return {
    organizations: new Map(),
    users: new Map(),
    transactions: new Map(),
    transactionKeys: new Map(),
  };
}

function snapshot(state: MemoryState): MemoryState {
  return {
    organizations: new Map(state.organizations),
    users: new Map(state.users),
    transactions: new Map(state.transactions),
    transactionKeys: new Map(state.transactionKeys),
  };
}

/**
 * An in-memory store with the same behaviour as the SQL stores, for unit tests of services.
 * A unit of work holds a lock and restores a snapshot when `work` throws.
 */
export function createMemoryStore(): Store {
  let state = emptyState();
  const lock = new ExclusiveLock();
  const repositories = createMemoryRepositories(() => state);
  let closed = false;
  const open = <T>(call: () => Promise<T>): Promise<T> =>
    closed ? Promise.reject(new Error('The memory store is closed.')) : call();

  return {
    kind: 'memory',
    ...wrapRepositories(repositories, (call) => lock.run(() => open(call))),
    transaction: (work) =>
      lock.run(async () => {
        const before = snapshot(state);
        const scope = { active: true };
        try {
          return await work(wrapRepositories(repositories, chainRunners(scopeGuard(scope), open)));
        } catch (error) {
          state = before;
          throw error;
        } finally {
          scope.active = false;
        }
      }),
    ping: () => open(() => Promise.resolve()),
    close: () =>
      lock.run(() => {
        closed = true;
        return Promise.resolve();
      }),
  };
}

function createMemoryRepositories(current: () => MemoryState): Repositories {
  const copy = <T>(value: T): T => structuredClone(value);
  const requireOrganization = (id: string): void => {
    if (!current().organizations.has(id)) throw new NotFoundError(UNKNOWN_ORGANIZATION);
  };
  const newestFirst = (a: Transaction, b: Transaction): number =>
    Date.parse(b.timestamp) - Date.parse(a.timestamp) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const ofOrganization = (organizationId: string): Transaction[] =>
    [...current().transactions.values()].filter((row) => row.organizationId === organizationId);

  return {
    organizations: {
      create: ({ name }) =>
        settle(() => {
          const organization = { id: uuidv7(), name, createdAt: new Date().toISOString() };
          current().organizations.set(organization.id, organization);
          return copy(organization);
        }),
      byId: (id) => settle(() => copy(current().organizations.get(id) ?? null)),
    },
    users: {
      create: (input) =>
        settle(() => {
          checkNewUser(input);
          const email = normalizeEmail(input.email);
          if (current().users.has(email))
            throw new ConflictError('That email is already registered.');
          requireOrganization(input.organizationId);
          const now = new Date().toISOString();
          const user: UserWithCredentials = {
            id: uuidv7(),
            organizationId: input.organizationId,
            email,
            role: input.role,
            disabled: false,
            createdAt: now,
            updatedAt: now,
            passwordHash: input.passwordHash,
          };
          current().users.set(email, user);
          const { passwordHash: _hidden, ...withoutCredentials } = user;
          return copy(withoutCredentials);
        }),
      byEmail: (email) => settle(() => copy(current().users.get(normalizeEmail(email)) ?? null)),
      byId: (organizationId, id) =>
        settle(() => {
          for (const user of current().users.values()) {
            if (user.id === id && user.organizationId === organizationId) {
              const { passwordHash: _hidden, ...withoutCredentials } = user;
              return copy(withoutCredentials);
            }
          }
          return null;
        }),
    },
    transactions: {
      ingest: (organizationId, items) =>
        settle(() => {
          const normalized = normalizeTransactions(items);
          if (normalized.length === 0) return { created: [], duplicates: [] };
          requireOrganization(organizationId);
          const state = current();
          const createdAt = new Date().toISOString();
          const created = new Map<string, Transaction>();
          const held = new Map<string, Transaction>();
          for (const item of normalized) {
            const key = transactionKey(item.chain, item.txId);
            const existingId = state.transactionKeys.get(`${organizationId}\u0000${key}`);
            const existing =
              existingId === undefined ? undefined : state.transactions.get(existingId);
            if (existing) {
              held.set(key, copy(existing));
              continue;
            }
            const { timestampMs, ...fields } = item;
            const row: Transaction = {
              id: uuidv7(),
              organizationId,
              ...fields,
              timestamp: toIsoTimestamp(timestampMs),
              createdAt,
            };
            state.transactions.set(row.id, row);
            state.transactionKeys.set(`${organizationId}\u0000${key}`, row.id);
            created.set(key, copy(row));
          }
          return ingestResult(normalized, created, held);
        }),
      list: (organizationId, page) =>
        settle(() => {
          const limit = checkPageLimit(page);
          const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
          const rows = ofOrganization(organizationId)
            .filter((row) => {
              if (!after) return true;
              const millis = Date.parse(row.timestamp);
              return (
                millis < after.timestampMs || (millis === after.timestampMs && row.id < after.id)
              );
            })
            .sort(newestFirst)
            .slice(0, limit + 1);
          return transactionPage(rows.map(copy), limit);
        }),
      byId: (organizationId, id) =>
        settle(() => {
          const row = current().transactions.get(id);
          return row && row.organizationId === organizationId ? copy(row) : null;
        }),
      volume: (organizationId, filter) =>
        settle(() =>
          sumDecimals(
            ofOrganization(organizationId)
              .filter((row) => filter?.currency === undefined || row.currency === filter.currency)
              .map((row) => row.amount),
          ),
        ),
    },
  };
}
