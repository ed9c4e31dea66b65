import { runStoreContract } from './contract.js';
import { openStore } from './factory.js';
import { createTempSqliteFile, openAuditTamper } from './testing/index.js';

runStoreContract(
  'sqlite',
  async () => {
    const file = createTempSqliteFile();
    const store = await openStore(file.database);
    const tamper = openAuditTamper(file.database);
    return {
      store,
      tamper,
      cleanup: async () => {
        await tamper.close();
        await store.close();
        file.cleanup();
      },
    };
  },
  { tamperable: true },
);
