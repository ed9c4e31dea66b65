import { z } from 'zod';
import { ROLES } from '@klerno/db';
import { newPasswordSchema } from './password.js';

/** Trimmed and lower-cased before it is checked, so "Ada@Example.com " and "ada@example.com" are one account. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Enter a valid email address'));

export const registerInput = z.object({
  email: emailSchema,
  password: newPasswordSchema,
});

/** No policy check at sign-in (rules may have changed since); only a bound on the work. */
export const loginInput = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Password is required').max(1024, 'Password is too long'),
});

export const roleSchema = z.enum(ROLES);

export const authUserDto = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
});

export const tokenGrantDto = z.object({
  accessToken: z.string(),
  /** Opaque; rotation through auth.refresh arrives with issue 3. */
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  user: authUserDto,
});

export const profileDto = authUserDto.extend({
  organization: z.object({ id: z.string(), name: z.string() }),
});
