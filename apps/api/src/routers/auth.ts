import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { loginInput, profileDto, registerInput, tokenGrantDto } from '../dto/auth.js';
import { getProfile, login, register } from '../services/auth.js';
import { authedProcedure, publicProcedure } from '../trpc.js';

/** Token responses must never be cached by a browser or a proxy. */
const NO_STORE = ['Cache-Control', 'no-store'] as const;

export const authRouter = {
  register: publicProcedure
    .input(registerInput)
    .output(tokenGrantDto)
    .mutation(async ({ ctx, input }) => {
      ctx.setHeader(...NO_STORE);
      return register(ctx, input);
    }),

  login: publicProcedure
    .input(loginInput)
    .output(tokenGrantDto)
    .mutation(async ({ ctx, input }) => {
      ctx.setHeader(...NO_STORE);
      return login(ctx, input);
    }),

  me: authedProcedure
    .input(z.void())
    .output(profileDto)
    .query(({ ctx }) => getProfile(ctx.store, ctx.user)),
} satisfies TRPCRouterRecord;
