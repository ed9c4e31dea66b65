import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  createdInvitationDto,
  invitationDto,
  invitationListDto,
  inviteInput,
  organizationDto,
  revokeInvitationInput,
  toInvitationDto,
  toOrganizationDto,
  updateOrganizationInput,
} from '../dto/org.js';
import {
  getOrganization,
  inviteMember,
  listInvitations,
  renameOrganization,
  revokeInvitation,
} from '../services/org.js';
import { adminProcedure, authedProcedure } from '../trpc.js';

export const orgRouter = {
  get: authedProcedure
    .meta({ rateLimit: 'read' })
    .input(z.void())
    .output(organizationDto)
    .query(async ({ ctx }) =>
      toOrganizationDto(await getOrganization(ctx.store, ctx.user.organizationId)),
    ),

  update: adminProcedure
    .meta({ rateLimit: 'write' })
    .input(updateOrganizationInput)
    .output(organizationDto)
    .mutation(async ({ ctx, input }) =>
      toOrganizationDto(await renameOrganization(ctx, input.name)),
    ),

  invite: adminProcedure
    .meta({ rateLimit: 'write' })
    .input(inviteInput)
    .output(createdInvitationDto)
    .mutation(async ({ ctx, input }) => {
      // The token is a secret: the response must not be kept by a browser or a proxy.
      ctx.setHeader('Cache-Control', 'no-store');
      const { invitation, token } = await inviteMember(ctx, input);
      return { invitation: toInvitationDto(invitation, ctx.clock()), token };
    }),

  invitations: adminProcedure
    .meta({ rateLimit: 'read' })
    .input(z.void())
    .output(invitationListDto)
    .query(async ({ ctx }) => {
      const now = ctx.clock();
      const items = await listInvitations(ctx.store, ctx.user.organizationId, now);
      return { items: items.map((invitation) => toInvitationDto(invitation, now)) };
    }),

  revokeInvitation: adminProcedure
    .meta({ rateLimit: 'write' })
    .input(revokeInvitationInput)
    .output(invitationDto)
    .mutation(async ({ ctx, input }) =>
      toInvitationDto(await revokeInvitation(ctx, input.id), ctx.clock()),
    ),
} satisfies TRPCRouterRecord;
