import { z } from 'zod';
import {
  PASSWORD_MAX_CHARACTERS,
  PASSWORD_MIN_CHARACTERS,
  passwordPolicyProblem,
} from '../services/password-policy.js';

export { PASSWORD_MAX_CHARACTERS, PASSWORD_MIN_CHARACTERS };

/**
 * The rule for new passwords: 12..128 characters (code points), never truncated, not a common
 * one. The UTF-16 bound comes first so a huge string is refused before it is examined.
 */
export const newPasswordSchema = z
  .string()
  .max(
    PASSWORD_MAX_CHARACTERS * 2,
    `Password must be at most ${PASSWORD_MAX_CHARACTERS} characters`,
  )
  .superRefine((password, ctx) => {
    const problem = passwordPolicyProblem(password);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

/** No policy check when an existing password is presented (rules may have changed since). */
export const presentedPasswordSchema = z
  .string()
  .min(1, 'Password is required')
  .max(1024, 'Password is too long');
