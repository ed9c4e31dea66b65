import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { describeApiError, isUnauthorized } from './errors.js';

const retriableCodes = new Set(['NETWORK', 'INTERNAL_SERVER_ERROR', 'UNKNOWN']);
const maxRetries = 2;

/**
 * One query cache for the console. An UNAUTHORIZED answer to any call means the access token
 * expired or was revoked, so the session ends; client errors (4xx) are never retried.
 */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  const endSessionIfUnauthorized = (error: unknown) => {
    if (isUnauthorized(error)) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: endSessionIfUnauthorized }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        // A failed sign-in is also UNAUTHORIZED; it is shown on the form, not treated as an expiry.
        if (mutation.meta?.signsIn !== true) endSessionIfUnauthorized(error);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (failureCount, error) =>
          failureCount < maxRetries && retriableCodes.has(describeApiError(error).code),
      },
    },
  });
}
