export type { AlertFeed, AlertFeedListener, AlertFeedLogger } from './types.js';
export { createInProcessAlertFeed } from './in-process.js';
export { alertChannel, createRedisAlertFeed, type RedisAlertFeedOptions } from './redis.js';
