import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  auditPageDto,
  auditVerificationDto,
  listAuditInput,
  toAuditEntryDto,
} from '../dto/audit.js';
import { listAuditEntries, verifyAuditChain } from '../services/audit-log.js';
import { adminProcedure } from '../trpc.js';

export const auditRouter = {
  list: adminProcedure
    .meta({ rateLimit: 'read' })
    .input(listAuditInput)
    .output(auditPageDto)
    .query(async ({ ctx, input }) => {
      const { cursor, limit, ...filter } = input;
      const page = await listAuditEntries(ctx.store, ctx.user.organizationId, filter, {
        cursor,
        limit,
      });
      return { items: page.items.map(toAuditEntryDto), nextCursor: page.nextCursor };
    }),

  verify: adminProcedure
    .meta({ rateLimit: 'read' })
    .input(z.void())
    .output(auditVerificationDto)
    .query(async ({ ctx }) => {
      const result = await verifyAuditChain(ctx.store, ctx.user.organizationId);
      return result.ok
        ? { ok: true, checked: result.checked }
        : { ok: false, checked: result.checked, brokenAt: result.brokenAt, reason: result.reason };
    }),
} satisfies TRPCRouterRecord;
