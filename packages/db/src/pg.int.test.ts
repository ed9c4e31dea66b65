import { runStoreContract } from './contract.js';
import { openStore } from './factory.js';
import { createTempPostgresDatabase, openAuditTamper } from './testing/index.js';

runStoreContract(
  'postgres',
  async () => {
    const database = await createTempPostgresDatabase();
    const store = await openStore(database.database);
    const tamper = openAuditTamper(database.database);
    return {
      store,
      tamper,
      cleanup: async () => {
        await tamper.close();
        await store.close();
        await database.drop();
      },
    };
  },
  { tamperable: true },
);
