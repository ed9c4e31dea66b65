import type { DatabaseSettings } from '@klerno/config';
import Database from 'better-sqlite3';
import postgres from 'postgres';

/**
 * Raw SQL on the audit table through a connection of its own, bypassing the store: what an
 * attacker with database access could do. For tests of `audit.verify` only.
 */
export interface AuditTamper {
  setDetails(entryId: string, details: Record<string, unknown>): Promise<void>;
  setPrevHash(entryId: string, prevHash: string): Promise<void>;
  remove(entryId: string): Promise<void>;
  close(): Promise<void>;
}

export function openAuditTamper(database: DatabaseSettings): AuditTamper {
  return database.kind === 'sqlite' ? sqliteTamper(database.path) : postgresTamper(database.url);
}

function sqliteTamper(path: string): AuditTamper {
  const connection = new Database(path);
  connection.pragma('busy_timeout = 5000');
  const run = (statement: string, ...params: unknown[]): Promise<void> => {
    connection.prepare(statement).run(...params);
    return Promise.resolve();
  };
  return {
    setDetails: (id, details) =>
      run('update audit_log set details = ? where id = ?', JSON.stringify(details), id),
    setPrevHash: (id, prevHash) =>
      run('update audit_log set prev_hash = ? where id = ?', prevHash, id),
    remove: (id) => run('delete from audit_log where id = ?', id),
    close: () => {
      connection.close();
      return Promise.resolve();
    },
  };
}

function postgresTamper(url: string): AuditTamper {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  return {
    setDetails: async (id, details) => {
      await sql`update audit_log set details = ${sql.json(details as postgres.JSONValue)} where id = ${id}`;
    },
    setPrevHash: async (id, prevHash) => {
      await sql`update audit_log set prev_hash = ${prevHash} where id = ${id}`;
    },
    remove: async (id) => {
      await sql`delete from audit_log where id = ${id}`;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
