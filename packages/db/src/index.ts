export * from './ports.js';
export {
  GENESIS_HASH,
  auditHash,
  canonicalAuditJson,
  canonicalJson,
  type AuditHashedFields,
} from './audit-hash.js';
export {
  DECIMAL_MAX_FRACTION_DIGITS,
  DECIMAL_MAX_INTEGER_DIGITS,
  InvalidDecimalError,
  addDecimals,
  canonicalDecimal,
  compareDecimals,
  isDecimal,
  parseDecimal,
  sumDecimals,
  type DecimalErrorReason,
  type DecimalParseResult,
} from './decimal.js';
export {
  ConflictError,
  DatabaseError,
  DatabaseUnavailableError,
  InvalidCursorError,
  InvalidInputError,
  NotFoundError,
} from './errors.js';
export { migrateDatabase, openStore, type OpenStoreOptions } from './factory.js';
export { createMemoryStore } from './memory/index.js';
export { defaultMigrationsDir } from './migrations.js';
export { MAX_PAGE_LIMIT } from './normalize.js';
export { MAX_HISTORY_PROBES } from './history-probes.js';
export { DEFAULT_TOP_ADDRESSES, MAX_TOP_ADDRESSES } from './analytics-summary.js';
export { MAX_ALERT_EVENT_DETAILS_CHARS, type AlertEventInput } from './alert-input.js';
export { isUuid, uuidv7 } from './uuidv7.js';
