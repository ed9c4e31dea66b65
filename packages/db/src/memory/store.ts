import { decodeCursor } from '../cursor.js';
import { checkOrganizationName, normalizeUserPatch } from '../identity-input.js';
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
import { transactionPage, userPage } from '../page.js';
import type { Repositories, Store, Transaction, User, UserWithCredentials } from '../ports.js';
import { settle } from '../settle.js';
import { ExclusiveLock } from '../unit-of-work/exclusive-lock.js';
import { chainRunners, scopeGuard, wrapRepositories } from '../unit-of-work/wrap.js';
import { uuidv7 } from '../uuidv7.js';
import { createMemoryAudit } from './audit.js';
import { createMemoryApiKeys, createMemoryInvitations, createMemorySessions } from './identity.js';
import { copy, emptyState, snapshot, type MemoryState } from './state.js';

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
  const requireOrganization = (id: string): void => {
    if (!current().organizations.has(id)) throw new NotFoundError(UNKNOWN_ORGANIZATION);
  };
  const userById = (organizationId: string, id: string): UserWithCredentials | undefined => {
    for (const user of current().users.values()) {
      if (user.id === id && user.organizationId === organizationId) return user;
    }
    return undefined;
  };
  const withoutCredentials = ({ passwordHash: _hidden, ...user }: UserWithCredentials): User =>
    copy(user);
  const references = {
    requireOrganization,
    requireUser: (organizationId: string, id: string): void => {
      if (!userById(organizationId, id)) throw new NotFoundError('The user does not exist.');
    },
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
      update: (id, patch) =>
        settle(() => {
          const name = checkOrganizationName(patch.name);
          const organization = current().organizations.get(id);
          if (!organization) throw new NotFoundError(UNKNOWN_ORGANIZATION);
          const updated = { ...organization, name };
          current().organizations.set(id, updated);
          return copy(updated);
        }),
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
            tokenVersion: 0,
            createdAt: now,
            updatedAt: now,
            passwordHash: input.passwordHash,
          };
          current().users.set(email, user);
          return withoutCredentials(user);
        }),
      byEmail: (email) => settle(() => copy(current().users.get(normalizeEmail(email)) ?? null)),
      byId: (organizationId, id) =>
        settle(() => {
          const user = userById(organizationId, id);
          return user ? withoutCredentials(user) : null;
        }),
      list: (organizationId, page) =>
        settle(() => {
          const limit = checkPageLimit(page);
          const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
          const rows = [...current().users.values()]
            .filter((user) => {
              if (user.organizationId !== organizationId) return false;
              if (!after) return true;
              const millis = Date.parse(user.createdAt);
              return (
                millis > after.timestampMs || (millis === after.timestampMs && user.id > after.id)
              );
            })
            .sort(
              (a, b) =>
                Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
                (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
            )
            .slice(0, limit + 1);
          return userPage(rows.map(withoutCredentials), limit);
        }),
      update: (organizationId, id, patch) =>
        settle(() => {
          const checked = normalizeUserPatch(patch);
          const user = userById(organizationId, id);
          if (!user) throw new NotFoundError('The user does not exist.');
          const updated: UserWithCredentials = {
            ...user,
            ...checked,
            updatedAt: new Date().toISOString(),
          };
          current().users.set(user.email, updated);
          return withoutCredentials(updated);
        }),
      countActiveAdmins: (organizationId) =>
        settle(() => {
          let count = 0;
          for (const user of current().users.values()) {
            if (user.organizationId === organizationId && user.role === 'admin' && !user.disabled)
              count += 1;
          }
          return count;
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
    invitations: createMemoryInvitations(current, references),
    sessions: createMemorySessions(current, references),
    apiKeys: createMemoryApiKeys(current, references),
    audit: createMemoryAudit(current, requireOrganization),
  };
}
