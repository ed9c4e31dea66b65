import { Redis } from 'ioredis';

/** Logical databases tried for the bench's own, from the last down (tests use database 0). */
const HIGHEST_DATABASE = 15;

/**
 * The bench's view of the Redis the API uses. The API is pointed at a logical database that was
 * empty when the bench started (`url`), so its counters never mix with the keys of tests or
 * instances sharing the server, whatever key prefix the API applies.
 */
export interface RedisProbe {
  /** The Redis URL with the bench's database selected, for the API. */
  readonly url: string;
  readonly database: number;
  /** Sum of the counters of the `read` class per identity under `prefix` (one point per request). */
  readIdentityPoints(prefix: string): Promise<number>;
  /** Keys under `prefix` in the bench's database. */
  keys(prefix: string): Promise<string[]>;
  /** Deletes every key under `prefix` in the bench's database; returns how many there were. */
  deleteAll(prefix: string): Promise<number>;
  /** CPU time (user + system) the Redis server has used since it started, in microseconds. */
  cpuTimeMicros(): Promise<number>;
  close(): Promise<void>;
}

function withDatabase(url: string, database: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function emptyDatabase(client: Redis): Promise<number> {
  for (let database = HIGHEST_DATABASE; database >= 1; database--) {
    try {
      await client.select(database);
    } catch {
      continue; // the server has fewer databases
    }
    if ((await client.dbsize()) === 0) return database;
  }
  throw new Error('no empty logical Redis database (1..15) for the bench');
}

export async function connectRedis(url: string): Promise<RedisProbe> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(
      `Redis at ${url} does not answer (${error instanceof Error ? error.message : String(error)}); ` +
        'start it or leave trpc-redis out with --only',
      { cause: error },
    );
  }
  const database = await emptyDatabase(client);

  const keys = async (prefix: string): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };

  return {
    url: withDatabase(url, database),
    database,
    keys,
    async readIdentityPoints(prefix) {
      const counters = await keys(`${prefix}rl:read:identity:`);
      const values = counters.length > 0 ? await client.mget(counters) : [];
      return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
    },
    async deleteAll(prefix) {
      const found = await keys(prefix);
      if (found.length > 0) await client.del(found);
      return found.length;
    },
    async cpuTimeMicros() {
      const info = await client.info('cpu');
      const seconds = (name: string) =>
        Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
      return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
    },
    async close() {
      await client.quit();
    },
  };
}
