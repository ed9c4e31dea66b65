import { decodeCursor } from '../cursor.js';
import { checkOrganizationName, normalizeUserPatch } from '../identity-input.js';
import { UNKNOWN_ORGANIZATION } from '../driver-errors.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { checkNewUser, checkPageLimit, normalizeEmail } from '../normalize.js';
import { userPage } from '../page.js';
import type { Repositories, Store, User, UserWithCredentials } from '../ports.js';
import { settle } from '../settle.js';
import { ExclusiveLock } from '../unit-of-work/exclusive-lock.js';
import { chainRunners, scopeGuard, wrapRepositories } from '../unit-of-work/wrap.js';
import { uuidv7 } from '../uuidv7.js';
import { createMemoryAlerts } from './alerts.js';
import { createMemoryAnalytics } from './analytics.js';
import { createMemoryAudit } from './audit.js';
import { createMemoryJobs } from './jobs.js';
import { createMemoryLabels } from './labels.js';
import { createMemoryTransactions } from './transactions.js';
import { createMemorySettings, createMemoryWallets } from './wallets-settings.js';
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
    transactions: createMemoryTransactions(current, requireOrganization),
    invitations: createMemoryInvitations(current, references),
    sessions: createMemorySessions(current, references),
    apiKeys: createMemoryApiKeys(current, references),
    audit: createMemoryAudit(current, requireOrganization),
    labels: createMemoryLabels(current, requireOrganization),
    wallets: createMemoryWallets(current, references.requireUser),
    settings: createMemorySettings(current, references.requireUser),
    alerts: createMemoryAlerts(current, references),
    analytics: createMemoryAnalytics(current),
    jobs: createMemoryJobs(current, references),
  };
}
