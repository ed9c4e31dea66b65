// The console is typed by the published SDK, exactly like any third-party client.
export type { AppRouter, RouterInputs, RouterOutputs } from '@klerno/sdk';
