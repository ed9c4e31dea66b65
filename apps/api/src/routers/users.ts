import type { TRPCRouterRecord } from '@trpc/server';
import {
  listUsersInput,
  memberDto,
  memberPageDto,
  setDisabledInput,
  setRoleInput,
  toMemberDto,
} from '../dto/users.js';
import { listMembers, setMemberDisabled, setMemberRole } from '../services/users.js';
import { adminProcedure } from '../trpc.js';

export const usersRouter = {
  list: adminProcedure
    .meta({ rateLimit: 'read' })
    .input(listUsersInput)
    .output(memberPageDto)
    .query(async ({ ctx, input }) => {
      const page = await listMembers(ctx.store, ctx.user.organizationId, input);
      return { items: page.items.map(toMemberDto), nextCursor: page.nextCursor };
    }),

  setRole: adminProcedure
    .meta({ rateLimit: 'write' })
    .input(setRoleInput)
    .output(memberDto)
    .mutation(async ({ ctx, input }) =>
      toMemberDto(await setMemberRole(ctx, input.userId, input.role)),
    ),

  setDisabled: adminProcedure
    .meta({ rateLimit: 'write' })
    .input(setDisabledInput)
    .output(memberDto)
    .mutation(async ({ ctx, input }) =>
      toMemberDto(await setMemberDisabled(ctx, input.userId, input.disabled)),
    ),
} satisfies TRPCRouterRecord;
