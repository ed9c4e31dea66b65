import { z } from 'zod';
import type { Invitation } from '@klerno/db';
import { emailSchema, roleSchema } from './auth.js';
import { displayNameSchema, idSchema } from './ids.js';

export const DEFAULT_INVITATION_HOURS = 72;
export const MAX_INVITATION_HOURS = 720;
export const MAX_ORGANIZATION_NAME_LENGTH = 100;

export const organizationDto = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  /** Members of the organization, disabled ones included. */
  memberCount: z.number().int().nonnegative(),
});

export type OrganizationDto = z.infer<typeof organizationDto>;

export function toOrganizationDto(organization: OrganizationDto): OrganizationDto {
  const { id, name, createdAt, memberCount } = organization;
  return { id, name, createdAt, memberCount };
}

export const updateOrganizationInput = z.object({
  name: displayNameSchema('name', MAX_ORGANIZATION_NAME_LENGTH),
});

export const inviteInput = z.object({
  email: emailSchema,
  role: roleSchema,
  expiresInHours: z
    .number()
    .int('expiresInHours must be a whole number')
    .min(1, 'expiresInHours must be at least 1')
    .max(MAX_INVITATION_HOURS, `expiresInHours must be at most ${MAX_INVITATION_HOURS}`)
    .default(DEFAULT_INVITATION_HOURS),
});

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** An invitation as admins see it: never its token or the token's digest. */
export const invitationDto = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  status: z.enum(INVITATION_STATUSES),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type InvitationDto = z.infer<typeof invitationDto>;

export const createdInvitationDto = z.object({
  invitation: invitationDto,
  /** `kli_…`: shown this once, to be handed to the invitee; only its digest is kept. */
  token: z.string(),
});

export const invitationListDto = z.object({ items: z.array(invitationDto) });

export const revokeInvitationInput = z.object({ id: idSchema });

export function invitationStatus(invitation: Invitation, now: Date): InvitationStatus {
  if (invitation.acceptedAt !== null) return 'accepted';
  if (invitation.revokedAt !== null) return 'revoked';
  return Date.parse(invitation.expiresAt) <= now.getTime() ? 'expired' : 'pending';
}

export function toInvitationDto(invitation: Invitation, now: Date): InvitationDto {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role,
    status: invitationStatus(invitation, now),
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    acceptedAt: invitation.acceptedAt,
    revokedAt: invitation.revokedAt,
  };
}
