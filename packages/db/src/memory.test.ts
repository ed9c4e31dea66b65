import { runStoreContract } from './contract.js';
import { createMemoryStore } from './memory/index.js';

runStoreContract(
  'memory',
  () => {
    const store = createMemoryStore();
    return Promise.resolve({ store, cleanup: () => store.close() });
  },
  { tamperable: false },
);
