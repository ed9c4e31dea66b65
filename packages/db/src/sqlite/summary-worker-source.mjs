// Starts summary-worker.ts from source (tests, `pnpm dev`): the built API ships it compiled as
// dist/sqlite-summary-worker.js and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
