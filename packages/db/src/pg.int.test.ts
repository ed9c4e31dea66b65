import { runStoreContract } from './contract.js';
import { openStore } from './factory.js';
import { createTempPostgresDatabase } from './testing/index.js';

runStoreContract('postgres', async () => {
  const database = await createTempPostgresDatabase();
  const store = await openStore(database.database);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
});
