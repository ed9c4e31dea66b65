import type { AppEnv } from '@klerno/config';
import type { Context } from '../context.js';

/**
 * The console's refresh token lives in one HttpOnly, SameSite=Strict cookie:
 * - outside development it is Secure and named `__Host-klerno_refresh`, which browsers accept
 *   only with Secure, no Domain and Path=/ (so no subdomain or sibling path can plant or shadow it);
 * - in development (plain http) it is `klerno_refresh`, not Secure.
 * Path is / in both: tRPC paths are `/trpc/auth.refresh` (and batches `/trpc/a,b`), which a
 * `/trpc/auth` cookie path would not match, and `__Host-` demands / anyway.
 */
export interface RefreshCookiePolicy {
  name: string;
  secure: boolean;
}

export const SECURE_REFRESH_COOKIE = '__Host-klerno_refresh';
export const DEVELOPMENT_REFRESH_COOKIE = 'klerno_refresh';

export function refreshCookiePolicy(appEnv: AppEnv): RefreshCookiePolicy {
  const secure = appEnv !== 'development';
  return { name: secure ? SECURE_REFRESH_COOKIE : DEVELOPMENT_REFRESH_COOKIE, secure };
}

type CookieContext = Pick<Context, 'settings' | 'cookies' | 'setCookie' | 'clock'>;

export function readRefreshCookie(ctx: CookieContext): string | null {
  return ctx.cookies.get(refreshCookiePolicy(ctx.settings.appEnv).name) ?? null;
}

function setRefreshCookie(ctx: CookieContext, value: string, maxAgeSeconds: number): void {
  const { name, secure } = refreshCookiePolicy(ctx.settings.appEnv);
  ctx.setCookie(name, value, {
    maxAgeSeconds,
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Strict',
  });
}

/** Lives as long as the session may (its absolute expiry). */
export function writeRefreshCookie(
  ctx: CookieContext,
  refreshToken: string,
  expiresAt: string,
): void {
  const seconds = Math.floor((Date.parse(expiresAt) - ctx.clock().getTime()) / 1000);
  setRefreshCookie(ctx, refreshToken, Math.max(0, seconds));
}

export function clearRefreshCookie(ctx: CookieContext): void {
  setRefreshCookie(ctx, '', 0);
}
