import { authRouter } from './routers/auth.js';
import { systemRouter } from './routers/system.js';
import { transactionsRouter } from './routers/transactions.js';
import { router } from './trpc.js';

export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  transactions: transactionsRouter,
});

export type AppRouter = typeof appRouter;
