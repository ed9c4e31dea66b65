/**
 * For tests of SQLite's list shortcuts: the same rows in a SQLite store and in the memory store
 * (the reference for what a list returns), plus a second connection to the SQLite file.
 */
import { openStore } from '../factory.js';
import { createMemoryStore } from '../memory/index.js';
import type { NewTransaction, ScoredTransaction, Store } from '../ports.js';
import { createTempSqliteFile } from '../testing/index.js';
import { openSqliteConnection, type SqliteConnection } from './connection.js';

export interface TwinStores {
  sqlite: Store;
  memory: Store;
  owner: { sqlite: string; memory: string };
  /** A connection of its own to the SQLite store's file. */
  connection: SqliteConnection;
  close(): Promise<void>;
}

export async function openTwinStores(
  name: string,
  rows: readonly (NewTransaction | ScoredTransaction)[],
): Promise<TwinStores> {
  const file = createTempSqliteFile();
  const sqlite = await openStore(file.database);
  const memory = createMemoryStore();
  const owner = {
    sqlite: (await sqlite.organizations.create({ name })).id,
    memory: (await memory.organizations.create({ name })).id,
  };
  for (let start = 0; start < rows.length; start += 1000) {
    await sqlite.transactions.ingest(owner.sqlite, rows.slice(start, start + 1000));
    await memory.transactions.ingest(owner.memory, rows.slice(start, start + 1000));
  }
  const connection = openSqliteConnection(file.path);
  return {
    sqlite,
    memory,
    owner,
    connection,
    close: async () => {
      connection.close();
      await sqlite.close();
      await memory.close();
      file.cleanup();
    },
  };
}
