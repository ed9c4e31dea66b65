import { z } from 'zod';
import type { ApiKey } from '@klerno/db';
import { roleSchema } from './auth.js';
import { displayNameSchema, idSchema } from './ids.js';

export const MAX_API_KEY_NAME_LENGTH = 100;
export const MAX_API_KEY_DAYS = 3650;

export const createApiKeyInput = z.object({
  name: displayNameSchema('name', MAX_API_KEY_NAME_LENGTH),
  /** Default: the creator's role; never higher. */
  role: roleSchema.optional(),
  /** Left out: the key does not expire (revoke it when it is no longer needed). */
  expiresInDays: z
    .number()
    .int('expiresInDays must be a whole number')
    .min(1, 'expiresInDays must be at least 1')
    .max(MAX_API_KEY_DAYS, `expiresInDays must be at most ${MAX_API_KEY_DAYS}`)
    .optional(),
});

export const API_KEY_STATUSES = ['active', 'revoked', 'expired'] as const;

/** A key as lists show it: never the secret or its digest. */
export const apiKeyDto = z.object({
  id: z.string(),
  name: z.string(),
  /** The 8 characters after `klk_`: enough to recognise a key, useless to use it. */
  prefix: z.string(),
  role: roleSchema,
  status: z.enum(API_KEY_STATUSES),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyDto = z.infer<typeof apiKeyDto>;

export const createdApiKeyDto = z.object({
  apiKey: apiKeyDto,
  /** `klk_<prefix>_<secret>`: shown this once; only its digest is kept. */
  secret: z.string(),
});

export const apiKeyListDto = z.object({ items: z.array(apiKeyDto) });

export const revokeApiKeyInput = z.object({ id: idSchema });

export function toApiKeyDto(key: ApiKey, now: Date): ApiKeyDto {
  const status =
    key.revokedAt !== null
      ? 'revoked'
      : key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime()
        ? 'expired'
        : 'active';
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    role: key.role,
    status,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}
