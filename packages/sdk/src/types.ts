import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@klerno/api';

export type { AppRouter };

/** The input of every procedure, e.g. `RouterInputs['transactions']['list']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;

/** The output of every procedure, e.g. `RouterOutputs['system']['health']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
