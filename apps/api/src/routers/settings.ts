import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { settingsDto, updateSettingsInput } from '../dto/settings.js';
import type { Context } from '../context.js';
import type { CurrentUser } from '../services/auth.js';
import { getSettings, updateSettings, type SettingsCaller } from '../services/settings.js';
import { authedProcedure, viewerProcedure } from '../trpc.js';

function settingsCaller(ctx: Context & { user: CurrentUser }): SettingsCaller {
  return {
    store: ctx.store,
    user: ctx.user,
    clock: ctx.clock,
    requestId: ctx.requestId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    defaultRiskThreshold: ctx.settings.riskThreshold,
  };
}

/** The caller's own settings (SPEC §4: signed in); an API key reads and changes its creator's. */
export const settingsRouter = {
  get: viewerProcedure
    .meta({ rateLimit: 'read' })
    .input(z.void())
    .output(settingsDto)
    .query(({ ctx }) => getSettings(settingsCaller(ctx))),

  update: authedProcedure
    .meta({ rateLimit: 'write' })
    .input(updateSettingsInput)
    .output(settingsDto)
    .mutation(({ ctx, input }) => updateSettings(settingsCaller(ctx), input)),
} satisfies TRPCRouterRecord;
