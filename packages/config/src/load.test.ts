import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_JWT_SECRET,
  KNOWN_VARIABLES,
  loadSettings,
  SECRET_VARIABLES,
  SettingsError,
  type AppEnv,
  type Settings,
} from './index.js';

const ED25519_PEM = generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString()
  .trimEnd();

type Env = Record<string, string | undefined>;

/** Random-looking, 32 distinct characters: fit for production. */
const STRONG_SECRET = 'xQ3d9Lr2VbN7tK1mZp8Ws4Hc6Yf0Ga5J';
const OTHER_STRONG_SECRET = 'Tm4Rq8Xz2Lc6Vb0Nw3Ks7Hp1Jd5Fg9Ya';
const GENERATED = 'generated-for-this-test';
const STRICT_ENVS: AppEnv[] = ['staging', 'production'];
const LENIENT_ENVS: AppEnv[] = ['development', 'test'];

function load(env: Env): Settings {
  return loadSettings(env, { randomSecret: () => GENERATED });
}

/** The problems `loadSettings` reports for `env`; [] when it loads. */
function problemsOf(env: Env): string[] {
  try {
    load(env);
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
}

const tempDir = mkdtempSync(join(tmpdir(), 'klerno-config-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
let fileCount = 0;
function writeTempFile(content: string): string {
  const path = join(tempDir, `secret-${++fileCount}`);
  writeFileSync(path, content);
  return path;
}

describe('defaults', () => {
  it('loads a complete configuration from an empty environment', () => {
    expect(load({})).toEqual({
      appEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      database: { kind: 'sqlite', url: 'file:./data/klerno.db', path: './data/klerno.db' },
      redisUrl: undefined,
      redisKeyPrefix: 'klerno:',
      jwt: {
        secret: GENERATED,
        secretGenerated: true,
        previousSecrets: [],
        privateKeyPem: undefined,
        accessTokenTtl: 900,
        refreshTokenTtl: 1_209_600,
        refreshTokenIdleTtl: 604_800,
        refreshReuseGrace: 10,
      },
      riskThreshold: 0.75,
      rateLimits: {
        enabled: true,
        windowSeconds: 60,
        auth: 20,
        read: 600,
        write: 120,
        import: 20,
        cspReport: 60,
        loginPerIpPerMinute: 5,
        loginConsecutiveFailures: 10,
        loginBlockSeconds: 900,
      },
      trustProxy: [],
      cspMode: 'report-only',
      log: { level: 'info', format: 'json' },
      otel: { endpoint: undefined, serviceName: 'klerno-api' },
      xrplRpcUrl: 'https://s1.ripple.com:51234',
      enableDevBootstrap: false,
      metricsToken: undefined,
      warnings: [expect.stringContaining('JWT_SECRET is not set') as string],
    } satisfies Settings);
  });

  it('treats empty and blank values of every variable as unset', () => {
    for (const blank of ['', '   ']) {
      const env = Object.fromEntries(KNOWN_VARIABLES.map((name) => [name, blank]));
      expect(load(env)).toEqual(load({}));
    }
  });
});

type AcceptedCase = [
  variable: string,
  value: string,
  read: (s: Settings) => unknown,
  expected: unknown,
];

describe('accepted values', () => {
  const cases: AcceptedCase[] = [
    ['APP_ENV', 'development', (s) => s.appEnv, 'development'],
    ['APP_ENV', 'test', (s) => s.appEnv, 'test'],
    ['APP_ENV', 'staging', (s) => s.appEnv, 'staging'],
    ['APP_ENV', 'production', (s) => s.appEnv, 'production'],
    ['HOST', '0.0.0.0', (s) => s.host, '0.0.0.0'],
    ['HOST', '::', (s) => s.host, '::'],
    ['HOST', 'localhost', (s) => s.host, 'localhost'],
    ['HOST', ' api.klerno.internal ', (s) => s.host, 'api.klerno.internal'],
    ['PORT', '0', (s) => s.port, 0],
    ['PORT', '8080', (s) => s.port, 8080],
    ['PORT', ' 65535 ', (s) => s.port, 65535],
    [
      'DATABASE_URL',
      'file:./x.db',
      (s) => s.database,
      { kind: 'sqlite', url: 'file:./x.db', path: './x.db' },
    ],
    [
      'DATABASE_URL',
      'file:/var/lib/k.db',
      (s) => s.database,
      { kind: 'sqlite', url: 'file:/var/lib/k.db', path: '/var/lib/k.db' },
    ],
    [
      'DATABASE_URL',
      'file:///var/lib/k.db',
      (s) => s.database,
      { kind: 'sqlite', url: 'file:///var/lib/k.db', path: '/var/lib/k.db' },
    ],
    [
      'DATABASE_URL',
      ':memory:',
      (s) => s.database,
      { kind: 'sqlite', url: ':memory:', path: ':memory:' },
    ],
    [
      'DATABASE_URL',
      'file::memory:',
      (s) => s.database,
      { kind: 'sqlite', url: 'file::memory:', path: ':memory:' },
    ],
    [
      'DATABASE_URL',
      'postgres://k:pw@db:5432/klerno',
      (s) => s.database,
      { kind: 'postgres', url: 'postgres://k:pw@db:5432/klerno' },
    ],
    [
      'DATABASE_URL',
      'postgresql://localhost/klerno',
      (s) => s.database,
      { kind: 'postgres', url: 'postgresql://localhost/klerno' },
    ],
    ['REDIS_URL', 'redis://127.0.0.1:6379', (s) => s.redisUrl, 'redis://127.0.0.1:6379'],
    ['REDIS_URL', 'rediss://:pw@cache:6380/0', (s) => s.redisUrl, 'rediss://:pw@cache:6380/0'],
    ['REDIS_KEY_PREFIX', 'eu-prod:', (s) => s.redisKeyPrefix, 'eu-prod:'],
    [
      'JWT_SECRET',
      STRONG_SECRET,
      (s) => [s.jwt.secret, s.jwt.secretGenerated],
      [STRONG_SECRET, false],
    ],
    [
      'JWT_PREVIOUS_SECRETS',
      'one, two,,three ',
      (s) => s.jwt.previousSecrets,
      ['one', 'two', 'three'],
    ],
    ['ACCESS_TOKEN_TTL', '1', (s) => s.jwt.accessTokenTtl, 1],
    ['ACCESS_TOKEN_TTL', '3600', (s) => s.jwt.accessTokenTtl, 3600],
    ['REFRESH_TOKEN_TTL', '2592000', (s) => s.jwt.refreshTokenTtl, 2_592_000],
    ['REFRESH_TOKEN_IDLE_TTL', '3600', (s) => s.jwt.refreshTokenIdleTtl, 3600],
    ['REFRESH_REUSE_GRACE', '0', (s) => s.jwt.refreshReuseGrace, 0],
    ['REFRESH_REUSE_GRACE', '300', (s) => s.jwt.refreshReuseGrace, 300],
    ['RISK_THRESHOLD', '0', (s) => s.riskThreshold, 0],
    ['RISK_THRESHOLD', '1', (s) => s.riskThreshold, 1],
    ['RISK_THRESHOLD', '1.0', (s) => s.riskThreshold, 1],
    ['RISK_THRESHOLD', '0.5', (s) => s.riskThreshold, 0.5],
    ['RISK_THRESHOLD', '.9', (s) => s.riskThreshold, 0.9],
    ['RATE_LIMIT_ENABLED', 'false', (s) => s.rateLimits.enabled, false],
    ['RATE_LIMIT_WINDOW_SECONDS', '7', (s) => s.rateLimits.windowSeconds, 7],
    ['RATE_LIMIT_AUTH', '7', (s) => s.rateLimits.auth, 7],
    ['RATE_LIMIT_READ', '7', (s) => s.rateLimits.read, 7],
    ['RATE_LIMIT_WRITE', '7', (s) => s.rateLimits.write, 7],
    ['RATE_LIMIT_IMPORT', '7', (s) => s.rateLimits.import, 7],
    ['RATE_LIMIT_CSP_REPORT', '7', (s) => s.rateLimits.cspReport, 7],
    ['RATE_LIMIT_LOGIN_PER_IP', '7', (s) => s.rateLimits.loginPerIpPerMinute, 7],
    ['RATE_LIMIT_LOGIN_FAILURES', '7', (s) => s.rateLimits.loginConsecutiveFailures, 7],
    ['RATE_LIMIT_LOGIN_BLOCK_SECONDS', '7', (s) => s.rateLimits.loginBlockSeconds, 7],
    ['TRUST_PROXY', 'false', (s) => s.trustProxy, []],
    ['TRUST_PROXY', '10.0.0.1', (s) => s.trustProxy, ['10.0.0.1']],
    [
      'TRUST_PROXY',
      '10.0.0.0/8, 192.168.1.1,fd00::/8, ::1',
      (s) => s.trustProxy,
      ['10.0.0.0/8', '192.168.1.1', 'fd00::/8', '::1'],
    ],
    ['CSP_MODE', 'report-only', (s) => s.cspMode, 'report-only'],
    ['CSP_MODE', 'enforce', (s) => s.cspMode, 'enforce'],
    ['CSP_MODE', 'off', (s) => s.cspMode, 'off'],
    ...['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level): AcceptedCase => [
      'LOG_LEVEL',
      level,
      (s) => s.log.level,
      level,
    ]),
    ['LOG_FORMAT', 'json', (s) => s.log.format, 'json'],
    ['LOG_FORMAT', 'pretty', (s) => s.log.format, 'pretty'],
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'http://collector:4318',
      (s) => s.otel.endpoint,
      'http://collector:4318',
    ],
    ['OTEL_SERVICE_NAME', 'klerno-worker', (s) => s.otel.serviceName, 'klerno-worker'],
    ['XRPL_RPC_URL', 'http://localhost:5005', (s) => s.xrplRpcUrl, 'http://localhost:5005'],
    ['ENABLE_DEV_BOOTSTRAP', 'true', (s) => s.enableDevBootstrap, true],
    ['METRICS_TOKEN', 'scrape-token', (s) => s.metricsToken, 'scrape-token'],
  ];

  it.each(cases)('%s=%j', (variable, value, read, expected) => {
    // A strong secret so that staging/production load too.
    const settings = load({ JWT_SECRET: STRONG_SECRET, [variable]: value });
    expect(read(settings)).toEqual(expected);
  });

  const booleans: [variable: string, read: (s: Settings) => boolean][] = [
    ['RATE_LIMIT_ENABLED', (s) => s.rateLimits.enabled],
    ['ENABLE_DEV_BOOTSTRAP', (s) => s.enableDevBootstrap],
  ];
  const spellings: [value: string, expected: boolean][] = [
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['Yes', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['no', false],
    ['NO', false],
  ];
  it.each(
    booleans.flatMap(([variable, read]) =>
      spellings.map(([value, expected]) => ({ variable, read, value, expected })),
    ),
  )('boolean $variable=$value', ({ variable, read, value, expected }) => {
    expect(read(load({ [variable]: value }))).toBe(expected);
  });
});

describe('refused values', () => {
  const cases: [variable: string, value: string, rule: string][] = [
    ['APP_ENV', 'prod', 'must be one of: development, test, staging, production'],
    ['APP_ENV', 'Production', 'must be one of'],
    ['HOST', 'http://example.com', 'must be an IP address'],
    ['HOST', 'two words', 'must be an IP address'],
    ['HOST', '-leading-dash', 'must be an IP address'],
    ['PORT', '65536', 'must be a whole number from 0 to 65535'],
    ['PORT', 'abc', 'must be a whole number'],
    ['DATABASE_URL', 'mysql://db/klerno', 'unsupported form; use file:<path> or :memory:'],
    ['DATABASE_URL', 'sqlite:./x.db', 'unsupported form'],
    ['DATABASE_URL', './data/klerno.db', 'unsupported form'],
    ['DATABASE_URL', 'file:', 'file: needs a path'],
    ['DATABASE_URL', 'postgres://', 'not a valid PostgreSQL URL with a host'],
    ['DATABASE_URL', 'postgres:///klerno', 'not a valid PostgreSQL URL with a host'],
    ['DATABASE_URL', 'postgresql://user:pw@:5432/klerno', 'not a valid PostgreSQL URL with a host'],
    ['REDIS_URL', 'http://cache:6379', 'must be a redis:// or rediss:// URL'],
    ['REDIS_URL', 'cache:6379', 'must be a redis:// or rediss:// URL'],
    ['REDIS_URL', 'redis://', 'must be a redis:// or rediss:// URL'],
    ['REDIS_KEY_PREFIX', 'has space', 'must be 1 to 64 characters'],
    ['REDIS_KEY_PREFIX', 'x'.repeat(65), 'must be 1 to 64 characters'],
    ['ACCESS_TOKEN_TTL', '3601', 'must be a whole number from 1 to 3600 (seconds)'],
    ['ACCESS_TOKEN_TTL', '0', 'from 1 to 3600'],
    ['ACCESS_TOKEN_TTL', '15m', 'from 1 to 3600'],
    ['REFRESH_TOKEN_TTL', '0', 'must be a whole number of at least 1 (seconds)'],
    ['REFRESH_TOKEN_TTL', '14d', 'at least 1'],
    ['REFRESH_TOKEN_IDLE_TTL', '0', 'at least 1'],
    ['REFRESH_TOKEN_IDLE_TTL', '1209601', 'must not exceed REFRESH_TOKEN_TTL'],
    ['REFRESH_REUSE_GRACE', '301', 'from 0 to 300'],
    ['RISK_THRESHOLD', '1.5', 'must be a number from 0 to 1'],
    ['RISK_THRESHOLD', '-0.1', 'from 0 to 1'],
    ['RISK_THRESHOLD', '75%', 'from 0 to 1'],
    ['RISK_THRESHOLD', '0.5.1', 'from 0 to 1'],
    ['RISK_THRESHOLD', 'high', 'from 0 to 1'],
    ['RATE_LIMIT_ENABLED', 'maybe', 'must be true or false'],
    ['RATE_LIMIT_ENABLED', 'on', 'must be true or false'],
    ['ENABLE_DEV_BOOTSTRAP', 'sure', 'must be true or false'],
    ['TRUST_PROXY', 'true', 'list the proxy addresses or CIDRs instead'],
    ['TRUST_PROXY', '10.0.0.0/33', 'entry 1 of 1 is not an IP address or CIDR'],
    ['TRUST_PROXY', '10.0.0.1, proxy.local', 'entry 2 of 2 is not an IP address or CIDR'],
    ['TRUST_PROXY', '::1/129', 'entry 1 of 1'],
    ['TRUST_PROXY', '10.0.0.0/8/8', 'entry 1 of 1'],
    ['TRUST_PROXY', '10.0.0.0/', 'entry 1 of 1'],
    ['CSP_MODE', 'strict', 'must be one of: report-only, enforce, off'],
    ['LOG_LEVEL', 'verbose', 'must be one of: fatal, error, warn, info, debug, trace, silent'],
    ['LOG_FORMAT', 'xml', 'must be one of: json, pretty'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318', 'must be an http:// or https:// URL'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'grpc://collector:4317', 'must be an http:// or https:// URL'],
    ['XRPL_RPC_URL', 'wss://s1.ripple.com', 'must be an http:// or https:// URL'],
    ['XRPL_RPC_URL', 'not a url', 'must be an http:// or https:// URL'],
  ];

  it.each(cases)('%s=%j', (variable, value, rule) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${variable}: `));
    expect(problems[0]).toContain(rule);
  });

  const integerVariables = [
    'PORT',
    'ACCESS_TOKEN_TTL',
    'REFRESH_TOKEN_TTL',
    'REFRESH_TOKEN_IDLE_TTL',
    'REFRESH_REUSE_GRACE',
    ...KNOWN_VARIABLES.filter(
      (name) => name.startsWith('RATE_LIMIT_') && name !== 'RATE_LIMIT_ENABLED',
    ),
  ];
  const notWholeNumbers = ['10abc', '1.5', '1e3', '0x10', '+5', '-5', '4 2', 'ten', '12.0'];

  it.each(
    integerVariables.flatMap((variable) => notWholeNumbers.map((value) => [variable, value])),
  )('integer %s refuses %j', (variable, value) => {
    expect(problemsOf({ [variable]: value })).toEqual([
      expect.stringMatching(new RegExp(`^${variable}: must be a whole number`)),
    ]);
  });

  it.each(integerVariables)('integer %s accepts 42 with surrounding blanks', (variable) => {
    expect(problemsOf({ REFRESH_TOKEN_IDLE_TTL: '1', [variable]: ' 42 ' })).toEqual([]);
  });

  it.each(['RATE_LIMIT_AUTH', 'RATE_LIMIT_WINDOW_SECONDS', 'RATE_LIMIT_LOGIN_PER_IP'])(
    '%s refuses 0 (disable rate limits with RATE_LIMIT_ENABLED=false)',
    (variable) => {
      expect(problemsOf({ [variable]: '0' })).toEqual([
        `${variable}: must be a whole number of at least 1${variable.endsWith('SECONDS') ? ' (seconds)' : ''}`,
      ]);
    },
  );
});

describe('DATABASE_URL never reveals its password', () => {
  const password = 'hunter2-Sup3r-s3cret';
  it.each([
    `postgres://klerno:${password}@/klerno`,
    `postgresql://klerno:${password}@:5432/klerno`,
    `mysql://klerno:${password}@db/klerno`,
    `klerno:${password}@db/klerno`,
    `postgres//klerno:${password}@db/klerno`,
  ])('%s', (url) => {
    for (const env of [{ DATABASE_URL: url }, { DATABASE_URL_FILE: writeTempFile(url) }]) {
      const problems = problemsOf(env);
      expect(problems).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
      expect(problems.join('\n')).not.toContain(password);
    }
  });
});

describe('X_FILE secrets', () => {
  const cases: [
    variable: string,
    content: string,
    read: (s: Settings) => unknown,
    expected: unknown,
  ][] = [
    ['JWT_SECRET', `${STRONG_SECRET}\n`, (s) => s.jwt.secret, STRONG_SECRET],
    [
      'JWT_PREVIOUS_SECRETS',
      `${OTHER_STRONG_SECRET},${STRONG_SECRET}\n`,
      (s) => s.jwt.previousSecrets,
      [OTHER_STRONG_SECRET, STRONG_SECRET],
    ],
    [
      'DATABASE_URL',
      'postgres://k:pw@db/klerno\r\n',
      (s) => s.database,
      { kind: 'postgres', url: 'postgres://k:pw@db/klerno' },
    ],
    ['REDIS_URL', 'redis://:pw@cache:6379', (s) => s.redisUrl, 'redis://:pw@cache:6379'],
    ['JWT_PRIVATE_KEY', `${ED25519_PEM}\n`, (s) => s.jwt.privateKeyPem, ED25519_PEM],
    [
      'METRICS_TOKEN',
      ' token with inner spaces \n\n',
      (s) => s.metricsToken,
      ' token with inner spaces ',
    ],
  ];

  it('covers every secret variable', () => {
    expect(cases.map(([variable]) => variable).sort()).toEqual([...SECRET_VARIABLES].sort());
  });

  it.each(cases)(
    '%s_FILE is read from disk, trailing line breaks removed',
    (variable, content, read, expected) => {
      const settings = load({
        APP_ENV: 'production',
        JWT_SECRET: STRONG_SECRET,
        [variable]: undefined,
        [`${variable}_FILE`]: writeTempFile(content),
      });
      expect(read(settings)).toEqual(expected);
    },
  );

  it.each(SECRET_VARIABLES)('%s and %s_FILE together are refused', (variable) => {
    const env = { [variable]: 'redis://cache:6379', [`${variable}_FILE`]: writeTempFile('x') };
    expect(problemsOf(env)).toContain(
      `${variable}: set either ${variable} or ${variable}_FILE, not both`,
    );
  });

  it.each(SECRET_VARIABLES)('an unreadable %s_FILE is refused, naming the path', (variable) => {
    const missing = join(tempDir, 'does-not-exist');
    const directory = join(tempDir, `directory-${variable}`);
    mkdirSync(directory);
    expect(problemsOf({ [`${variable}_FILE`]: missing })).toEqual([
      `${variable}_FILE: cannot read file "${missing}" (ENOENT)`,
    ]);
    expect(problemsOf({ [`${variable}_FILE`]: directory })).toEqual([
      `${variable}_FILE: cannot read file "${directory}" (EISDIR)`,
    ]);
  });

  it.each(SECRET_VARIABLES)('an empty %s_FILE is refused', (variable) => {
    const path = writeTempFile('\n');
    expect(problemsOf({ [`${variable}_FILE`]: path })).toEqual([
      `${variable}_FILE: file "${path}" is empty`,
    ]);
  });

  it('never puts file content in a message', () => {
    const env = {
      APP_ENV: 'production',
      JWT_SECRET_FILE: writeTempFile('changeme-hunter2'),
      REDIS_URL_FILE: writeTempFile('http://user:hunter2@cache'),
      METRICS_TOKEN_FILE: join(tempDir, 'missing-metrics-token'),
    };
    const problems = problemsOf(env);
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'METRICS_TOKEN_FILE',
      'REDIS_URL',
      'JWT_SECRET',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('uses the readFile option when given', () => {
    const read: string[] = [];
    const readFile = (path: string) => {
      read.push(path);
      return 'from-the-vault\n';
    };
    const settings = loadSettings({ METRICS_TOKEN_FILE: '/run/secrets/metrics' }, { readFile });
    expect(settings.metricsToken).toBe('from-the-vault');
    expect(read).toEqual(['/run/secrets/metrics']);
  });
});

describe('JWT secret strength', () => {
  const weakSecrets: [label: string, secret: string, weakness: string][] = [
    ...[
      'changeme',
      'secret',
      'dev',
      'development',
      'password',
      'test',
      'default',
      'jwt_secret',
      'your-secret-here',
      'replace-me',
    ].map(
      (value) =>
        [`known weak "${value}"`, value, 'a known weak or example value'] as [
          string,
          string,
          string,
        ],
    ),
    ['known weak in capitals', 'CHANGEME', 'a known weak or example value'],
    ['the documented example', EXAMPLE_JWT_SECRET, 'a known weak or example value'],
    [
      'the documented example in capitals',
      EXAMPLE_JWT_SECRET.toUpperCase(),
      'a known weak or example value',
    ],
    ['12 bytes', 'Zq8#vL2@pW5!', 'shorter than 32 bytes'],
    ['31 bytes', STRONG_SECRET.slice(0, 31), 'shorter than 32 bytes'],
    ['one character', 'a'.repeat(64), 'low entropy (fewer than 10 distinct characters)'],
    [
      'a weak word repeated',
      'changeme'.repeat(4),
      'low entropy (fewer than 10 distinct characters)',
    ],
    [
      '9 distinct characters',
      'abcdefghi'.repeat(3) + 'abcde',
      'low entropy (fewer than 10 distinct characters)',
    ],
    [
      'mostly one character',
      'a'.repeat(40) + 'bcdefghijk',
      'low entropy (below 3 bits per character)',
    ],
    ['a pattern repeated', 'abcdefghij'.repeat(4), 'low entropy (one short pattern repeated)'],
    [
      'a pattern repeated, cut short',
      'Xy7#pQ2$Lm+'.repeat(3) + 'Xy7',
      'low entropy (one short pattern repeated)',
    ],
  ];

  it.each(
    STRICT_ENVS.flatMap((appEnv) =>
      weakSecrets.map(([label, secret, weakness]) => ({ appEnv, label, secret, weakness })),
    ),
  )('$appEnv refuses $label', ({ appEnv, secret, weakness }) => {
    const problems = problemsOf({ APP_ENV: appEnv, JWT_SECRET: secret });
    expect(problems).toEqual([
      expect.stringContaining(`JWT_SECRET: too weak for APP_ENV=${appEnv}: ${weakness}`),
    ]);
    expect(problems[0]).not.toContain(secret);
  });

  it.each(
    LENIENT_ENVS.flatMap((appEnv) =>
      weakSecrets.map(([label, secret, weakness]) => ({ appEnv, label, secret, weakness })),
    ),
  )('$appEnv accepts $label with a warning', ({ appEnv, secret, weakness }) => {
    const settings = load({ APP_ENV: appEnv, JWT_SECRET: secret });
    expect(settings.jwt).toMatchObject({ secret, secretGenerated: false });
    expect(settings.warnings).toEqual([
      `JWT_SECRET is weak (${weakness}); it would be refused in staging/production`,
    ]);
  });

  it.each(STRICT_ENVS)('%s requires JWT_SECRET', (appEnv) => {
    expect(problemsOf({ APP_ENV: appEnv })).toEqual([
      `JWT_SECRET: required when APP_ENV=${appEnv}: at least 32 random bytes; generate one with \`openssl rand -base64 48\``,
    ]);
  });

  it.each(LENIENT_ENVS)('%s generates a secret per process, with a warning', (appEnv) => {
    const settings = load({ APP_ENV: appEnv });
    expect(settings.jwt).toMatchObject({ secret: GENERATED, secretGenerated: true });
    expect(settings.warnings).toEqual([
      expect.stringContaining('JWT_SECRET is not set: using a random secret for this process'),
    ]);
  });

  it('generates 32 random bytes, base64url, different each time, by default', () => {
    const first = loadSettings({}).jwt.secret;
    const second = loadSettings({}).jwt.secret;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect(first).not.toBe(second);
  });

  it('accepts secrets made by a random generator in production', () => {
    for (let i = 0; i < 200; i++) {
      for (const secret of [
        randomBytes(32).toString('base64url'),
        randomBytes(32).toString('hex'),
        randomBytes(48).toString('base64'),
      ]) {
        expect(problemsOf({ APP_ENV: 'production', JWT_SECRET: secret })).toEqual([]);
      }
    }
  });

  it.each(STRICT_ENVS)('%s applies the same rules to every previous secret', (appEnv) => {
    const problems = problemsOf({
      APP_ENV: appEnv,
      JWT_SECRET: STRONG_SECRET,
      JWT_PREVIOUS_SECRETS: `${OTHER_STRONG_SECRET},changeme,${'ab'.repeat(20)}`,
    });
    expect(problems).toEqual([
      `JWT_PREVIOUS_SECRETS: secret 2 of 3 is too weak for APP_ENV=${appEnv}: a known weak or example value`,
      `JWT_PREVIOUS_SECRETS: secret 3 of 3 is too weak for APP_ENV=${appEnv}: low entropy (fewer than 10 distinct characters)`,
    ]);
    const settings = load({
      APP_ENV: appEnv,
      JWT_SECRET: STRONG_SECRET,
      JWT_PREVIOUS_SECRETS: OTHER_STRONG_SECRET,
    });
    expect(settings.jwt.previousSecrets).toEqual([OTHER_STRONG_SECRET]);
  });

  it.each(LENIENT_ENVS)('%s accepts weak previous secrets', (appEnv) => {
    expect(load({ APP_ENV: appEnv, JWT_PREVIOUS_SECRETS: 'dev,test' }).jwt.previousSecrets).toEqual(
      ['dev', 'test'],
    );
  });
});

describe('development-only features', () => {
  const allEnvs: AppEnv[] = ['development', 'test', 'staging', 'production'];

  it.each(allEnvs)('ENABLE_DEV_BOOTSTRAP=true under APP_ENV=%s', (appEnv) => {
    const problems = problemsOf({
      APP_ENV: appEnv,
      JWT_SECRET: STRONG_SECRET,
      ENABLE_DEV_BOOTSTRAP: 'true',
    });
    if (appEnv === 'development') expect(problems).toEqual([]);
    else
      expect(problems).toEqual([
        `ENABLE_DEV_BOOTSTRAP: refused outside development (APP_ENV is ${appEnv}): it seeds a demo admin`,
      ]);
  });

  it.each(allEnvs)('ENABLE_DEV_BOOTSTRAP=false is fine under APP_ENV=%s', (appEnv) => {
    expect(
      problemsOf({ APP_ENV: appEnv, JWT_SECRET: STRONG_SECRET, ENABLE_DEV_BOOTSTRAP: 'false' }),
    ).toEqual([]);
  });

  it.each(allEnvs)('LOG_FORMAT=pretty under APP_ENV=%s', (appEnv) => {
    const problems = problemsOf({
      APP_ENV: appEnv,
      JWT_SECRET: STRONG_SECRET,
      LOG_FORMAT: 'pretty',
    });
    if (appEnv === 'development') expect(problems).toEqual([]);
    else
      expect(problems).toEqual([
        `LOG_FORMAT: pretty is only allowed when APP_ENV=development (APP_ENV is ${appEnv})`,
      ]);
  });
});

describe('reporting', () => {
  it('lists every problem at once, in one readable message', () => {
    const env = {
      APP_ENV: 'production',
      PORT: '10abc',
      DATABASE_URL: 'mysql://root:hunter2@db/klerno',
      JWT_SECRET: 'changeme',
      ACCESS_TOKEN_TTL: '7200',
      RATE_LIMIT_READ: '0',
      LOG_FORMAT: 'pretty',
      ENABLE_DEV_BOOTSTRAP: 'yes',
      REDIS_URL: 'redis://cache', // valid, so absent from the list
    };
    let error: unknown;
    try {
      load(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const { problems, message, name } = error as SettingsError;
    expect(name).toBe('SettingsError');
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'PORT',
      'DATABASE_URL',
      'JWT_SECRET',
      'ACCESS_TOKEN_TTL',
      'RATE_LIMIT_READ',
      'LOG_FORMAT',
      'ENABLE_DEV_BOOTSTRAP',
    ]);
    expect(message).toBe(['Invalid configuration:', ...problems.map((p) => ` - ${p}`)].join('\n'));
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('changeme');
  });

  it('still checks REFRESH_TOKEN_IDLE_TTL against REFRESH_TOKEN_TTL when other groups fail', () => {
    expect(
      problemsOf({ PORT: 'x', REFRESH_TOKEN_TTL: '60', REFRESH_TOKEN_IDLE_TTL: '61' }),
    ).toEqual([
      'PORT: must be a whole number from 0 to 65535',
      'REFRESH_TOKEN_IDLE_TTL: must not exceed REFRESH_TOKEN_TTL',
    ]);
  });

  it('checks the other variables when APP_ENV is invalid, skipping environment rules', () => {
    expect(problemsOf({ APP_ENV: 'prod', PORT: '-1', LOG_FORMAT: 'pretty' })).toEqual([
      'APP_ENV: must be one of: development, test, staging, production',
      'PORT: must be a whole number from 0 to 65535',
    ]);
  });

  it('warns about unknown variables that look like ours', () => {
    const settings = load({
      JWT_SECRET: STRONG_SECRET,
      RATE_LIMIT_AUHT: '3',
      JWT_SECRETS: 'x',
      HOME: '/root',
      PATH: '/bin',
    });
    expect(settings.warnings).toEqual([
      'RATE_LIMIT_AUHT is not a known variable and is ignored (a typo?)',
      'JWT_SECRETS is not a known variable and is ignored (a typo?)',
    ]);
  });
});

describe('KNOWN_VARIABLES', () => {
  it('lists every variable of SPEC §2 and the _FILE form of each secret', () => {
    const spec = [
      'APP_ENV',
      'HOST',
      'PORT',
      'DATABASE_URL',
      'REDIS_URL',
      'REDIS_KEY_PREFIX',
      'JWT_SECRET',
      'JWT_PREVIOUS_SECRETS',
      'ACCESS_TOKEN_TTL',
      'REFRESH_TOKEN_TTL',
      'REFRESH_TOKEN_IDLE_TTL',
      'REFRESH_REUSE_GRACE',
      'RISK_THRESHOLD',
      'RATE_LIMIT_ENABLED',
      'RATE_LIMIT_WINDOW_SECONDS',
      'RATE_LIMIT_AUTH',
      'RATE_LIMIT_READ',
      'RATE_LIMIT_WRITE',
      'RATE_LIMIT_IMPORT',
      'RATE_LIMIT_CSP_REPORT',
      'RATE_LIMIT_LOGIN_PER_IP',
      'RATE_LIMIT_LOGIN_FAILURES',
      'RATE_LIMIT_LOGIN_BLOCK_SECONDS',
      'TRUST_PROXY',
      'CSP_MODE',
      'LOG_LEVEL',
      'LOG_FORMAT',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_SERVICE_NAME',
      'XRPL_RPC_URL',
      'ENABLE_DEV_BOOTSTRAP',
      'METRICS_TOKEN',
      'JWT_SECRET_FILE',
      'JWT_PREVIOUS_SECRETS_FILE',
      'JWT_PRIVATE_KEY',
      'JWT_PRIVATE_KEY_FILE',
      'DATABASE_URL_FILE',
      'REDIS_URL_FILE',
      'METRICS_TOKEN_FILE',
    ];
    expect([...KNOWN_VARIABLES].sort()).toEqual(spec.sort());
  });
});
