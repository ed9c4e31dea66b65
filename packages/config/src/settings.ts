/**
 * The validated settings of one Klerno process. Built only by `loadSettings` (./load.ts);
 * every other module receives this object instead of reading the environment.
 */
export type AppEnv = 'development' | 'test' | 'staging' | 'production';

export type DatabaseSettings =
  /** `path` is a file path, or ':memory:' */
  { kind: 'sqlite'; url: string; path: string } | { kind: 'postgres'; url: string };

export interface JwtSettings {
  /** HS256 signing secret (UTF-8 bytes are the key). */
  secret: string;
  /** True when no JWT_SECRET was given and a random one was made for this process (development/test only). */
  secretGenerated: boolean;
  /** Still accepted for verification, never used to sign (key rotation). */
  previousSecrets: string[];
  /**
   * Ed25519 private key (PKCS#8 PEM). When set, access tokens are signed with EdDSA and the public
   * key is published at /.well-known/jwks.json; JWT_SECRET and JWT_PREVIOUS_SECRETS still verify.
   */
  privateKeyPem: string | undefined;
  /** Seconds. */
  accessTokenTtl: number;
  refreshTokenTtl: number;
  refreshTokenIdleTtl: number;
  refreshReuseGrace: number;
}

/** Points per window for one key (client IP or identity). */
export interface RateLimitSettings {
  enabled: boolean;
  windowSeconds: number;
  auth: number;
  read: number;
  write: number;
  import: number;
  cspReport: number;
  /** Login attempts per minute per client IP. */
  loginPerIpPerMinute: number;
  /** Consecutive failures for one username+IP before the pair is blocked. */
  loginConsecutiveFailures: number;
  loginBlockSeconds: number;
}

export type CspMode = 'report-only' | 'enforce' | 'off';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'json' | 'pretty';

export interface Settings {
  appEnv: AppEnv;
  host: string;
  port: number;
  database: DatabaseSettings;
  redisUrl: string | undefined;
  /** Prepended to every Redis key (rate-limit counters), so deployments can share one Redis. */
  redisKeyPrefix: string;
  jwt: JwtSettings;
  riskThreshold: number;
  rateLimits: RateLimitSettings;
  /** Proxy addresses or CIDRs whose X-Forwarded-For is believed; empty = trust nobody. */
  trustProxy: string[];
  cspMode: CspMode;
  log: { level: LogLevel; format: LogFormat };
  otel: { endpoint: string | undefined; serviceName: string };
  xrplRpcUrl: string;
  enableDevBootstrap: boolean;
  metricsToken: string | undefined;
  /** Non-fatal remarks made while loading (e.g. a generated JWT secret), for the caller to log. */
  warnings: string[];
}
