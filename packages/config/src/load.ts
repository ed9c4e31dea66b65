import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SettingsError } from './errors.js';
import {
  boolean,
  databaseUrl,
  ed25519PrivateKey,
  fraction,
  host,
  httpUrl,
  integer,
  nonEmpty,
  oneOf,
  optionalText,
  redisKeyPrefix,
  redisUrl,
  trustProxy,
} from './fields.js';
import {
  fileVariable,
  isSecretVariable,
  readSecretFiles,
  SECRET_VARIABLES,
} from './secret-files.js';
import { MIN_SECRET_BYTES, secretWeakness } from './secret-strength.js';
import type { AppEnv, Settings } from './settings.js';

export interface LoadSettingsOptions {
  /** Reads an `X_FILE` secret; defaults to reading UTF-8 from disk. */
  readFile?: (path: string) => string;
  /** Makes the per-process JWT secret used in development/test when none is set. */
  randomSecret?: () => string;
}

const APP_ENVS = ['development', 'test', 'staging', 'production'] as const satisfies AppEnv[];
const DAY = 24 * 60 * 60;
const SECRET_HINT = 'generate one with `openssl rand -base64 48`';

/** Staging and production must never run with development conveniences or weak secrets. */
function isStrict(appEnv: AppEnv | undefined): boolean {
  return appEnv === 'staging' || appEnv === 'production';
}

function isOutsideDevelopment(appEnv: AppEnv | undefined): appEnv is AppEnv {
  return appEnv !== undefined && appEnv !== 'development';
}

function jwtSecret(appEnv: AppEnv | undefined) {
  return optionalText().transform((secret, ctx) => {
    if (!isStrict(appEnv)) return secret;
    if (secret === undefined) {
      ctx.addIssue(
        `required when APP_ENV=${appEnv}: at least ${MIN_SECRET_BYTES} random bytes; ${SECRET_HINT}`,
      );
      return z.NEVER;
    }
    const weakness = secretWeakness(secret);
    if (weakness !== undefined) {
      ctx.addIssue(`too weak for APP_ENV=${appEnv}: ${weakness}; ${SECRET_HINT}`);
      return z.NEVER;
    }
    return secret;
  });
}

function previousSecrets(appEnv: AppEnv | undefined) {
  return optionalText().transform((list, ctx) => {
    const secrets = splitList(list);
    if (isStrict(appEnv)) {
      secrets.forEach((secret, index) => {
        const weakness = secretWeakness(secret);
        if (weakness !== undefined) {
          ctx.addIssue(
            `secret ${index + 1} of ${secrets.length} is too weak for APP_ENV=${appEnv}: ${weakness}`,
          );
        }
      });
    }
    return secrets;
  });
}

function logFormat(appEnv: AppEnv | undefined) {
  return oneOf(['json', 'pretty'], 'json').transform((format, ctx) => {
    if (format === 'pretty' && isOutsideDevelopment(appEnv)) {
      ctx.addIssue(`pretty is only allowed when APP_ENV=development (APP_ENV is ${appEnv})`);
    }
    return format;
  });
}

function devBootstrap(appEnv: AppEnv | undefined) {
  return boolean(false).transform((enabled, ctx) => {
    if (enabled && isOutsideDevelopment(appEnv)) {
      ctx.addIssue(`refused outside development (APP_ENV is ${appEnv}): it seeds a demo admin`);
    }
    return enabled;
  });
}

/**
 * One schema per group of variables. Groups are checked independently so that every problem
 * is reported at once; a rule spanning two variables sits after its group parsed.
 * `appEnv` is undefined when APP_ENV itself is invalid: environment rules are then skipped.
 */
function variableGroups(appEnv: AppEnv | undefined) {
  const seconds = { unit: 'seconds' };
  return {
    server: z.object({
      HOST: host('127.0.0.1'),
      PORT: integer(3000, { min: 0, max: 65535 }),
      TRUST_PROXY: trustProxy(),
      CSP_MODE: oneOf(['report-only', 'enforce', 'off'], 'report-only'),
    }),
    stores: z.object({
      DATABASE_URL: databaseUrl('file:./data/klerno.db'),
      REDIS_URL: redisUrl(),
      REDIS_KEY_PREFIX: redisKeyPrefix('klerno:'),
    }),
    signingKeys: z.object({
      JWT_SECRET: jwtSecret(appEnv),
      JWT_PREVIOUS_SECRETS: previousSecrets(appEnv),
      JWT_PRIVATE_KEY: ed25519PrivateKey(),
    }),
    tokenLifetimes: z.object({
      ACCESS_TOKEN_TTL: integer(900, { min: 1, max: 3600, ...seconds }),
      REFRESH_TOKEN_TTL: integer(14 * DAY, { min: 1, ...seconds }),
      REFRESH_TOKEN_IDLE_TTL: integer(7 * DAY, { min: 1, ...seconds }),
      REFRESH_REUSE_GRACE: integer(10, { min: 0, max: 300, ...seconds }),
    }),
    rateLimits: z.object({
      RATE_LIMIT_ENABLED: boolean(true),
      RATE_LIMIT_WINDOW_SECONDS: integer(60, { min: 1, ...seconds }),
      RATE_LIMIT_AUTH: integer(20, { min: 1 }),
      RATE_LIMIT_READ: integer(600, { min: 1 }),
      RATE_LIMIT_WRITE: integer(120, { min: 1 }),
      RATE_LIMIT_IMPORT: integer(20, { min: 1 }),
      RATE_LIMIT_CSP_REPORT: integer(60, { min: 1 }),
      RATE_LIMIT_LOGIN_PER_IP: integer(5, { min: 1 }),
      RATE_LIMIT_LOGIN_FAILURES: integer(10, { min: 1 }),
      RATE_LIMIT_LOGIN_BLOCK_SECONDS: integer(900, { min: 1, ...seconds }),
    }),
    observability: z.object({
      LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
      LOG_FORMAT: logFormat(appEnv),
      OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl(undefined),
      OTEL_SERVICE_NAME: nonEmpty('klerno-api'),
      METRICS_TOKEN: optionalText(),
    }),
    features: z.object({
      RISK_THRESHOLD: fraction(0.75),
      XRPL_RPC_URL: httpUrl('https://s1.ripple.com:51234'),
      ENABLE_DEV_BOOTSTRAP: devBootstrap(appEnv),
    }),
  };
}

const appEnvSchema = oneOf(APP_ENVS, 'development');

/** Every variable `loadSettings` reads, `X_FILE` forms included. */
export const KNOWN_VARIABLES: readonly string[] = Object.freeze([
  'APP_ENV',
  ...Object.values(variableGroups(undefined)).flatMap((group) => Object.keys(group.shape)),
  ...SECRET_VARIABLES.map(fileVariable),
]);

/** Prefixes of our own variables: an unknown name with one of them is probably a typo. */
const OWN_PREFIXES = ['RATE_LIMIT_', 'JWT_', 'ACCESS_TOKEN_', 'REFRESH_', 'ENABLE_DEV_'];

/**
 * Validates the environment (SPEC §2) and returns the settings, or throws one
 * `SettingsError` listing every problem.
 */
export function loadSettings(
  env: Readonly<Record<string, string | undefined>>,
  options: LoadSettingsOptions = {},
): Settings {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const randomSecret = options.randomSecret ?? (() => randomBytes(32).toString('base64url'));

  const given = withoutEmptyValues(env);
  const problems: string[] = [];
  const appEnvResult = appEnvSchema.safeParse(given.APP_ENV);
  if (!appEnvResult.success) problems.push(...describeIssues('APP_ENV', appEnvResult.error));
  const appEnv = appEnvResult.data;

  const files = readSecretFiles(given, readFile);
  const values = files.env;
  problems.push(...files.problems);

  const groups = parseGroups(variableGroups(appEnv), values, problems);
  const lifetimes = groups.partial.tokenLifetimes;
  if (lifetimes && lifetimes.REFRESH_TOKEN_IDLE_TTL > lifetimes.REFRESH_TOKEN_TTL) {
    problems.push('REFRESH_TOKEN_IDLE_TTL: must not exceed REFRESH_TOKEN_TTL');
  }
  if (problems.length > 0 || appEnv === undefined || groups.complete === undefined) {
    throw new SettingsError(problems);
  }

  const { server, stores, signingKeys, tokenLifetimes, rateLimits, observability, features } =
    groups.complete;
  const warnings = unknownVariableWarnings(values);
  const givenSecret = signingKeys.JWT_SECRET;
  if (givenSecret === undefined) {
    warnings.push(
      'JWT_SECRET is not set: using a random secret for this process, so tokens do not survive a restart',
    );
  } else if (!isStrict(appEnv)) {
    const weakness = secretWeakness(givenSecret);
    if (weakness !== undefined) {
      warnings.push(`JWT_SECRET is weak (${weakness}); it would be refused in staging/production`);
    }
  }

  return {
    appEnv,
    host: server.HOST,
    port: server.PORT,
    database: stores.DATABASE_URL,
    redisUrl: stores.REDIS_URL,
    redisKeyPrefix: stores.REDIS_KEY_PREFIX,
    jwt: {
      secret: givenSecret ?? randomSecret(),
      secretGenerated: givenSecret === undefined,
      previousSecrets: signingKeys.JWT_PREVIOUS_SECRETS,
      privateKeyPem: signingKeys.JWT_PRIVATE_KEY,
      accessTokenTtl: tokenLifetimes.ACCESS_TOKEN_TTL,
      refreshTokenTtl: tokenLifetimes.REFRESH_TOKEN_TTL,
      refreshTokenIdleTtl: tokenLifetimes.REFRESH_TOKEN_IDLE_TTL,
      refreshReuseGrace: tokenLifetimes.REFRESH_REUSE_GRACE,
    },
    riskThreshold: features.RISK_THRESHOLD,
    rateLimits: {
      enabled: rateLimits.RATE_LIMIT_ENABLED,
      windowSeconds: rateLimits.RATE_LIMIT_WINDOW_SECONDS,
      auth: rateLimits.RATE_LIMIT_AUTH,
      read: rateLimits.RATE_LIMIT_READ,
      write: rateLimits.RATE_LIMIT_WRITE,
      import: rateLimits.RATE_LIMIT_IMPORT,
      cspReport: rateLimits.RATE_LIMIT_CSP_REPORT,
      loginPerIpPerMinute: rateLimits.RATE_LIMIT_LOGIN_PER_IP,
      loginConsecutiveFailures: rateLimits.RATE_LIMIT_LOGIN_FAILURES,
      loginBlockSeconds: rateLimits.RATE_LIMIT_LOGIN_BLOCK_SECONDS,
    },
    trustProxy: server.TRUST_PROXY,
    cspMode: server.CSP_MODE,
    log: { level: observability.LOG_LEVEL, format: observability.LOG_FORMAT },
    otel: {
      endpoint: observability.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: observability.OTEL_SERVICE_NAME,
    },
    xrplRpcUrl: features.XRPL_RPC_URL,
    enableDevBootstrap: features.ENABLE_DEV_BOOTSTRAP,
    metricsToken: observability.METRICS_TOKEN,
    warnings,
  };
}

/** Empty (or blank) values count as unset; values other than secrets lose surrounding blanks. */
function withoutEmptyValues(env: Readonly<Record<string, string | undefined>>) {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.trim() === '') continue;
    kept[name] = isSecretVariable(name) ? value : value.trim();
  }
  return kept;
}

type ParsedGroups<G extends Record<string, z.ZodType>> = { [K in keyof G]: z.output<G[K]> };

/**
 * Parses every group, adding each problem to `problems`. `partial` holds the groups that
 * parsed (for rules across groups); `complete` is set only when all of them did.
 */
function parseGroups<G extends Record<string, z.ZodType>>(
  groups: G,
  values: Record<string, string>,
  problems: string[],
): { partial: Partial<ParsedGroups<G>>; complete: ParsedGroups<G> | undefined } {
  const parsed: Record<string, unknown> = {};
  let failed = false;
  for (const [name, schema] of Object.entries(groups)) {
    const result = schema.safeParse(values);
    if (result.success) {
      parsed[name] = result.data;
    } else {
      failed = true;
      problems.push(...describeIssues(undefined, result.error));
    }
  }
  const partial = parsed as Partial<ParsedGroups<G>>;
  return { partial, complete: failed ? undefined : (partial as ParsedGroups<G>) };
}

function describeIssues(variable: string | undefined, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const name = variable ?? String(issue.path[0]);
    return `${name}: ${issue.message}`;
  });
}

function splitList(list: string | undefined): string[] {
  if (list === undefined) return [];
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function unknownVariableWarnings(values: Record<string, string>): string[] {
  return Object.keys(values)
    .filter((name) => OWN_PREFIXES.some((prefix) => name.startsWith(prefix)))
    .filter((name) => !KNOWN_VARIABLES.includes(name))
    .map((name) => `${name} is not a known variable and is ignored (a typo?)`);
}
