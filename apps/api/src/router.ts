import { alertsRouter } from './routers/alerts.js';
import { analyticsRouter } from './routers/analytics.js';
import { apiKeysRouter } from './routers/api-keys.js';
import { auditRouter } from './routers/audit.js';
import { authRouter } from './routers/auth.js';
import { iso20022Router } from './routers/iso20022.js';
import { labelsRouter } from './routers/labels.js';
import { orgRouter } from './routers/org.js';
import { systemRouter } from './routers/system.js';
import { transactionsRouter } from './routers/transactions.js';
import { usersRouter } from './routers/users.js';
import { settingsRouter } from './routers/settings.js';
import { walletsRouter } from './routers/wallets.js';
import { router } from './trpc.js';

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  transactions: transactionsRouter,
  apiKeys: apiKeysRouter,
  org: orgRouter,
  users: usersRouter,
  audit: auditRouter,
  iso20022: iso20022Router,
  labels: labelsRouter,
  wallets: walletsRouter,
  settings: settingsRouter,
  alerts: alertsRouter,
  analytics: analyticsRouter,
});

export type AppRouter = typeof appRouter;
