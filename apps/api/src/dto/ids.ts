import { z } from 'zod';
import { isUuid } from '@klerno/db';

/** A record id (UUIDv7). Anything else is bad input (400), checked before any lookup. */
export const idSchema = z.string().max(64, 'id must be a UUID').refine(isUuid, 'id must be a UUID');

/** A name people type: trimmed, 1..max characters, no control characters (CR/LF included). */
export function displayNameSchema(field: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, `${field} must not contain control characters`);
}
