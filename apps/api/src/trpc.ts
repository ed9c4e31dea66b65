import { initTRPC } from '@trpc/server';

/** What every procedure may use. Built per request from the HTTP layer, or directly in tests. */
export interface Context {
  requestId: string;
}

const t = initTRPC.context<Context>().create();

export const router = t.router;
export const publicProcedure = t.procedure;
