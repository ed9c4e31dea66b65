import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../context.js';
import {
  changePasswordInput,
  loginInput,
  logoutInput,
  logoutResultDto,
  profileDto,
  refreshInput,
  registerInput,
  tokenGrantDto,
} from '../dto/auth.js';
import {
  changePassword,
  getProfile,
  login,
  logout,
  refresh,
  register,
  type SessionGrant,
} from '../services/auth.js';
import { InvalidRefreshTokenError } from '../services/errors.js';
import { authedProcedure, publicProcedure } from '../trpc.js';
import { clearRefreshCookie, readRefreshCookie, writeRefreshCookie } from './refresh-cookie.js';

type TokenGrantDto = z.infer<typeof tokenGrantDto>;

/** Token responses (and their errors) must never be cached by a browser or a proxy. */
function noStore(ctx: Context): void {
  ctx.setHeader('Cache-Control', 'no-store');
}

/** The grant as the client gets it: the refresh token in the body, or in the cookie instead. */
function deliver(ctx: Context, grant: SessionGrant, toCookie: boolean): TokenGrantDto {
  const { accessToken, expiresIn, user } = grant;
  if (!toCookie) return { accessToken, refreshToken: grant.refreshToken, expiresIn, user };
  writeRefreshCookie(ctx, grant.refreshToken, grant.refreshTokenExpiresAt);
  return { accessToken, refreshToken: null, expiresIn, user };
}

export const authRouter = {
  register: publicProcedure
    .meta({ rateLimit: 'auth' })
    .input(registerInput)
    .output(tokenGrantDto)
    .mutation(async ({ ctx, input }) => {
      noStore(ctx);
      return deliver(ctx, await register(ctx, input), input.useCookie ?? false);
    }),

  login: publicProcedure
    .meta({ rateLimit: 'auth' })
    .input(loginInput)
    .output(tokenGrantDto)
    .mutation(async ({ ctx, input }) => {
      noStore(ctx);
      return deliver(ctx, await login(ctx, input), input.useCookie ?? false);
    }),

  refresh: publicProcedure
    .meta({ rateLimit: 'auth' })
    .input(refreshInput)
    .output(tokenGrantDto)
    .mutation(async ({ ctx, input }) => {
      noStore(ctx);
      const fromBody = input?.refreshToken;
      const presented = fromBody ?? readRefreshCookie(ctx);
      if (presented === null) throw new InvalidRefreshTokenError();
      const toCookie = input?.useCookie ?? fromBody === undefined;
      try {
        return deliver(ctx, await refresh(ctx, presented), toCookie);
      } catch (error) {
        // A dead cookie is removed, so the console stops presenting it.
        if (fromBody === undefined && error instanceof InvalidRefreshTokenError) {
          clearRefreshCookie(ctx);
        }
        throw error;
      }
    }),

  logout: authedProcedure
    .meta({ rateLimit: 'auth' })
    .input(logoutInput)
    .output(logoutResultDto)
    .mutation(async ({ ctx, input }) => {
      const cookie = readRefreshCookie(ctx);
      const sessionsEnded = await logout(ctx, ctx.user, input?.refreshToken ?? cookie);
      if (cookie !== null) clearRefreshCookie(ctx);
      return { sessionsEnded };
    }),

  changePassword: authedProcedure
    .meta({ rateLimit: 'auth' })
    .input(changePasswordInput)
    .output(tokenGrantDto)
    .mutation(async ({ ctx, input }) => {
      noStore(ctx);
      const grant = await changePassword(ctx, ctx.user, input);
      return deliver(ctx, grant, input.useCookie ?? readRefreshCookie(ctx) !== null);
    }),

  me: authedProcedure
    .meta({ rateLimit: 'read' })
    .input(z.void())
    .output(profileDto)
    .query(({ ctx }) => getProfile(ctx.store, ctx.user)),
} satisfies TRPCRouterRecord;
