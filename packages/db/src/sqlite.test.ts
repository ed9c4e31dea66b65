import { runStoreContract } from './contract.js';
import { openStore } from './factory.js';
import { createTempSqliteFile } from './testing/index.js';

runStoreContract('sqlite', async () => {
  const file = createTempSqliteFile();
  const store = await openStore(file.database);
  return {
    store,
    cleanup: async () => {
      await store.close();
      file.cleanup();
    },
  };
});
