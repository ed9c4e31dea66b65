import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { healthDto } from '../dto/system.js';
import { publicProcedure } from '../trpc.js';
import { version } from '../version.js';

export const systemRouter = {
  health: publicProcedure
    .meta({ rateLimit: 'read' })
    .input(z.void())
    .output(healthDto)
    .query(() => ({ status: 'ok' as const, version, uptimeSeconds: Math.floor(process.uptime()) })),
} satisfies TRPCRouterRecord;
