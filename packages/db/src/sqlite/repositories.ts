import type { Repositories } from '../ports.js';
import type { AtomicWrites } from './atomic-writes.js';
import type { SqliteConnection } from './connection.js';
import type { SqliteDatabase } from './database.js';
import { createSqliteAlerts } from './alerts.js';
import { createSqliteAnalytics } from './analytics.js';
import { createSqliteApiKeys } from './api-keys.js';
import { createSqliteAudit } from './audit.js';
import { createSqliteInvitations } from './invitations.js';
import { createSqliteJobs } from './jobs.js';
import { createSqliteLabels } from './labels.js';
import { createSqliteOrganizations } from './organizations.js';
import { createSqliteSessions } from './sessions.js';
import { createSqliteSettings } from './settings.js';
import { createSqliteTransactions } from './transactions.js';
import { createSqliteUsers } from './users.js';
import { createSqliteWallets } from './wallets.js';

/** Repositories over one connection; they take no lock (the store adds it). */
export function createSqliteRepositories(
  db: SqliteDatabase,
  connection: SqliteConnection,
  atomic: AtomicWrites,
): Repositories {
  return {
    organizations: createSqliteOrganizations(db),
    users: createSqliteUsers(db),
    transactions: createSqliteTransactions(db, connection, atomic),
    invitations: createSqliteInvitations(db),
    sessions: createSqliteSessions(db),
    apiKeys: createSqliteApiKeys(db),
    audit: createSqliteAudit(db, connection, atomic),
    labels: createSqliteLabels(db, connection, atomic),
    wallets: createSqliteWallets(db),
    settings: createSqliteSettings(db),
    alerts: createSqliteAlerts(db, connection, atomic),
    analytics: createSqliteAnalytics(connection),
    jobs: createSqliteJobs(db),
  };
}
