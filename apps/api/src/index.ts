// Type-only entry point for the SDK and the console: nothing here pulls server code into a client.
export type { AppRouter } from './router.js';
export type { ZodErrorSummary } from './trpc.js';
