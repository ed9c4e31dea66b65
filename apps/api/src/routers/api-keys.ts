import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  apiKeyDto,
  apiKeyListDto,
  createApiKeyInput,
  createdApiKeyDto,
  revokeApiKeyInput,
  toApiKeyDto,
} from '../dto/api-keys.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys.js';
import { authedProcedure } from '../trpc.js';

/** Signed in (SPEC §4); `create` refuses API keys with 403 inside the service. */
export const apiKeysRouter = {
  create: authedProcedure
    .meta({ rateLimit: 'write' })
    .input(createApiKeyInput)
    .output(createdApiKeyDto)
    .mutation(async ({ ctx, input }) => {
      // The secret is in the body: the response must not be kept by a browser or a proxy.
      ctx.setHeader('Cache-Control', 'no-store');
      const { apiKey, secret } = await createApiKey(ctx, input);
      return { apiKey: toApiKeyDto(apiKey, ctx.clock()), secret };
    }),

  list: authedProcedure
    .meta({ rateLimit: 'read' })
    .input(z.void())
    .output(apiKeyListDto)
    .query(async ({ ctx }) => {
      const now = ctx.clock();
      return { items: (await listApiKeys(ctx)).map((key) => toApiKeyDto(key, now)) };
    }),

  revoke: authedProcedure
    .meta({ rateLimit: 'write' })
    .input(revokeApiKeyInput)
    .output(apiKeyDto)
    .mutation(async ({ ctx, input }) =>
      toApiKeyDto(await revokeApiKey(ctx, input.id), ctx.clock()),
    ),
} satisfies TRPCRouterRecord;
