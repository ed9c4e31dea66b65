import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';

export type AuthMode = 'sign-in' | 'sign-up';

/**
 * Signs in (auth.login) or creates an account (auth.register) with `useCookie: true`: the refresh
 * token goes into the API's HttpOnly cookie, never into script reach. The API client adopts the
 * access token, and its onTokens starts the session.
 */
export function useCredentialsMutation() {
  const trpc = useTRPC();
  // A refused sign-in is UNAUTHORIZED too: it belongs on the form, it is not an expiry.
  const options = { meta: { signsIn: true } };
  return {
    login: useMutation(trpc.auth.login.mutationOptions(options)),
    register: useMutation(trpc.auth.register.mutationOptions(options)),
  };
}
