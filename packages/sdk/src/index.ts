export { createKlernoClient } from './client.js';
export type { KlernoClient, KlernoClientOptions, KlernoFetch } from './client.js';
export { errorCode, isKlernoError } from './errors.js';
export type { KlernoError, KlernoErrorCode } from './errors.js';
export type { AppRouter, RouterInputs, RouterOutputs } from './types.js';
