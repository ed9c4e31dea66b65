import { z } from 'zod';
import { ROLES } from '@klerno/db';
import { newPasswordSchema, presentedPasswordSchema } from './password.js';

/** Trimmed and lower-cased before it is checked, so "Ada@Example.com " and "ada@example.com" are one account. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Enter a valid email address'));

/** Opaque secrets are short; anything longer is refused before it is looked at. */
const opaqueSecretSchema = (what: string) =>
  z.string().min(1, `${what} is required`).max(256, `${what} is too long`);

/**
 * The console sets this: the refresh token then travels in an HttpOnly cookie and the response's
 * `refreshToken` is null. SDK callers leave it out and get the token in the body.
 */
const useCookieSchema = z.boolean().optional();

export const registerInput = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  /** `kli_…` from an invitation: join the inviting organization with the invited role. */
  invitationToken: opaqueSecretSchema('Invitation token').optional(),
  useCookie: useCookieSchema,
});

/** No policy check at sign-in (rules may have changed since); only a bound on the work. */
export const loginInput = z.object({
  email: emailSchema,
  password: presentedPasswordSchema,
  useCookie: useCookieSchema,
});

/**
 * The refresh token from the body, or else the console's cookie. The new token goes where the
 * old one came from unless `useCookie` says otherwise.
 */
export const refreshInput = z
  .object({
    refreshToken: opaqueSecretSchema('Refresh token').optional(),
    useCookie: useCookieSchema,
  })
  .optional();

/** Ends the caller's current session, and that of the given (or cookie) refresh token. */
export const logoutInput = z
  .object({ refreshToken: opaqueSecretSchema('Refresh token').optional() })
  .optional();

export const logoutResultDto = z.object({
  /**
   * Sessions signed out: the caller's current one, plus that of the given (or cookie) refresh
   * token when it is another of the caller's. Signing out twice is harmless.
   */
  sessionsEnded: z.number().int().nonnegative(),
});

export const changePasswordInput = z.object({
  currentPassword: presentedPasswordSchema,
  newPassword: newPasswordSchema,
  /** Default: true when the request carries the refresh cookie. */
  useCookie: useCookieSchema,
});

export const roleSchema = z.enum(ROLES);

export const authUserDto = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
});

export const tokenGrantDto = z.object({
  accessToken: z.string(),
  /** Opaque (`klr_…`), single use: every refresh returns the next one. Null when it went into the cookie. */
  refreshToken: z.string().nullable(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  user: authUserDto,
});

export const profileDto = authUserDto.extend({
  organization: z.object({ id: z.string(), name: z.string() }),
});
