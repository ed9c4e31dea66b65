import { z } from 'zod';
import { publicProcedure, router } from '../trpc.js';

export const systemRouter = router({
  health: publicProcedure
    .input(z.void())
    .output(z.object({ status: z.literal('ok') }))
    .query(() => ({ status: 'ok' as const })),
});
