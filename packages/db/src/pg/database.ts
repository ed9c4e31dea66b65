import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';

/** The pool-wide database or a transaction: repositories work on either. */
export type PgHandle = PgDatabase<PostgresJsQueryResultHKT>;
