import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import type { DatabaseSettings } from './settings.js';

/**
 * Zod schemas for single environment variables. Each takes the raw string (undefined when
 * unset: empty values were removed before) and reports one message stating the rule.
 * Messages never repeat the value, which may be a secret put in the wrong variable.
 */

const unset = z.string().optional();

export function integer(fallback: number, range: { min: number; max?: number; unit?: string }) {
  const unit = range.unit === undefined ? '' : ` (${range.unit})`;
  const rule =
    range.max === undefined
      ? `must be a whole number of at least ${range.min}${unit}`
      : `must be a whole number from ${range.min} to ${range.max}${unit}`;
  return unset.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    const inRange =
      Number.isSafeInteger(number) &&
      number >= range.min &&
      (range.max === undefined || number <= range.max);
    if (inRange) return number;
    ctx.addIssue(rule);
    return z.NEVER;
  });
}

/** A decimal such as 0.75, within [0, 1]. */
export function fraction(fallback: number) {
  return unset.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const number = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
    if (number >= 0 && number <= 1) return number;
    ctx.addIssue('must be a number from 0 to 1');
    return z.NEVER;
  });
}

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no']);

export function boolean(fallback: boolean) {
  return unset.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const word = value.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    ctx.addIssue('must be true or false (1/0 and yes/no are accepted too)');
    return z.NEVER;
  });
}

export function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
) {
  return z.enum(values, { error: `must be one of: ${values.join(', ')}` }).default(fallback);
}

export function nonEmpty(fallback: string) {
  return unset.transform((value) => value ?? fallback);
}

export function optionalText() {
  return unset;
}

export function httpUrl<F extends string | undefined>(fallback: F) {
  return unset.transform((value, ctx): string | F => {
    if (value === undefined) return fallback;
    const url = parseUrl(value);
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') {
      return value;
    }
    ctx.addIssue('must be an http:// or https:// URL');
    return z.NEVER;
  });
}

export function redisUrl() {
  return unset.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const url = parseUrl(value);
    if (url && (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '') {
      return value;
    }
    ctx.addIssue('must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379');
    return z.NEVER;
  });
}

const KEY_PREFIX = /^[A-Za-z0-9._:-]{1,64}$/;

/** Prepended to every Redis key, so several deployments (or tests) can share one Redis. */
export function redisKeyPrefix(fallback: string) {
  return unset.transform((value, ctx) => {
    if (value === undefined) return fallback;
    if (KEY_PREFIX.test(value)) return value;
    ctx.addIssue('must be 1 to 64 characters of letters, digits, ".", "_", ":" or "-"');
    return z.NEVER;
  });
}

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function host(fallback: string) {
  return unset.transform((value, ctx) => {
    if (value === undefined) return fallback;
    if (isIP(value) !== 0 || HOST_NAME.test(value)) return value;
    ctx.addIssue('must be an IP address (e.g. 0.0.0.0, ::) or a host name');
    return z.NEVER;
  });
}

/**
 * Comma list of proxy IP addresses or CIDR ranges. "false" (the default) trusts nobody;
 * "true" is refused because it would believe any client's X-Forwarded-For.
 */
export function trustProxy() {
  return unset.transform((value, ctx) => {
    if (value === undefined || value.toLowerCase() === 'false') return [];
    if (value.toLowerCase() === 'true') {
      ctx.addIssue(
        '"true" would believe every client\'s X-Forwarded-For; list the proxy addresses or CIDRs instead',
      );
      return z.NEVER;
    }
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    entries.forEach((entry, index) => {
      if (!isIpOrCidr(entry)) {
        ctx.addIssue(
          `entry ${index + 1} of ${entries.length} is not an IP address or CIDR (e.g. 10.0.0.1, 10.0.0.0/8, fd00::/8)`,
        );
      }
    });
    return entries;
  });
}

function isIpOrCidr(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const DATABASE_URL_FORMS =
  'use file:<path> or :memory: for SQLite, or postgres://user:password@host:5432/database (postgresql:// also accepted) for PostgreSQL';

/** Picks the store from the URL. Messages never repeat the URL: it may hold a password. */
export function databaseUrl(fallback: string) {
  return unset.transform((value, ctx): DatabaseSettings => {
    const url = value ?? fallback;
    const lower = url.toLowerCase();
    if (lower === ':memory:' || lower === 'file::memory:') {
      return { kind: 'sqlite', url, path: ':memory:' };
    }
    if (lower.startsWith('file:')) {
      const path = sqlitePath(url);
      if (path !== undefined) return { kind: 'sqlite', url, path };
      ctx.addIssue('file: needs a path, e.g. file:./data/klerno.db');
      return z.NEVER;
    }
    if (lower.startsWith('postgres://') || lower.startsWith('postgresql://')) {
      if (parseUrl(url)?.hostname) return { kind: 'postgres', url };
      ctx.addIssue(`not a valid PostgreSQL URL with a host; ${DATABASE_URL_FORMS}`);
      return z.NEVER;
    }
    ctx.addIssue(`unsupported form; ${DATABASE_URL_FORMS}`);
    return z.NEVER;
  });
}

/** `file:relative/or/absolute` is a plain path; `file:///absolute` is a file URL. */
function sqlitePath(url: string): string | undefined {
  if (url.slice(0, 7).toLowerCase() === 'file://') {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  const path = url.slice('file:'.length);
  return path === '' ? undefined : path;
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** An Ed25519 private key in PKCS#8 PEM; checked at start so a bad key never reaches signing. */
export function ed25519PrivateKey() {
  return optionalText().superRefine((pem, ctx) => {
    if (pem === undefined) return;
    let type: string | undefined;
    try {
      type = createPrivateKey(pem).asymmetricKeyType;
    } catch {
      ctx.addIssue('must be a PKCS#8 PEM private key (openssl genpkey -algorithm ed25519)');
      return;
    }
    if (type !== 'ed25519') ctx.addIssue(`must be an Ed25519 key, not ${type ?? 'unknown'}`);
  });
}
