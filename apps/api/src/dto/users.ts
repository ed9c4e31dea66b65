import { z } from 'zod';
import type { User } from '@klerno/db';
import { roleSchema } from './auth.js';
import { idSchema } from './ids.js';
import { pageDto, pageInput } from './pagination.js';

export const memberDto = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type MemberDto = z.infer<typeof memberDto>;

export const listUsersInput = pageInput;
export const memberPageDto = pageDto(memberDto);

export const setRoleInput = z.object({ userId: idSchema, role: roleSchema });
export const setDisabledInput = z.object({
  userId: idSchema,
  disabled: z.boolean('disabled must be true or false'),
});

export function toMemberDto(user: User): MemberDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt,
  };
}
