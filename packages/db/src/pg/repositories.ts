import type { Repositories } from '../ports.js';
import type { PgHandle } from './database.js';
import { createPgAlerts } from './alerts.js';
import { createPgAnalytics } from './analytics.js';
import { createPgApiKeys } from './api-keys.js';
import { createPgAudit } from './audit.js';
import { createPgInvitations } from './invitations.js';
import { createPgJobs } from './jobs.js';
import { createPgLabels } from './labels.js';
import { createPgOrganizations } from './organizations.js';
import { createPgSessions } from './sessions.js';
import { createPgSettings } from './settings.js';
import { createPgTransactions } from './transactions.js';
import { createPgUsers } from './users.js';
import { createPgWallets } from './wallets.js';
import type { PgStatistics } from './statistics.js';

/** Repositories bound to the pool or to one transaction. */
export function createPgRepositories(
  db: PgHandle,
  insideTransaction: boolean,
  statistics?: PgStatistics,
): Repositories {
  return {
    organizations: createPgOrganizations(db),
    users: createPgUsers(db, insideTransaction),
    transactions: createPgTransactions(db, statistics),
    invitations: createPgInvitations(db, insideTransaction),
    sessions: createPgSessions(db, insideTransaction),
    apiKeys: createPgApiKeys(db, insideTransaction),
    audit: createPgAudit(db),
    labels: createPgLabels(db),
    wallets: createPgWallets(db, insideTransaction),
    settings: createPgSettings(db, insideTransaction),
    alerts: createPgAlerts(db),
    analytics: createPgAnalytics(db),
    jobs: createPgJobs(db, insideTransaction),
  };
}
