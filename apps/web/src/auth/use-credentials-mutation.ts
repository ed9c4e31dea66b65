import { useMutation } from '@tanstack/react-query';
import type { RouterOutputs } from '../api/types.js';
import { useTRPC } from '../api/trpc.js';
import { useSessionActions } from '../session/session-context.js';

export type AuthMode = 'sign-in' | 'sign-up';

type IssuedTokens = RouterOutputs['auth']['login'];

/** Signs in (auth.login) or creates an account (auth.register); either way a session starts. */
export function useCredentialsMutation(mode: AuthMode) {
  const trpc = useTRPC();
  const { signIn } = useSessionActions();
  const options = {
    meta: { signsIn: true },
    onSuccess: ({ accessToken, user }: IssuedTokens) => signIn({ accessToken, user }),
  };
  const login = useMutation(trpc.auth.login.mutationOptions(options));
  const register = useMutation(trpc.auth.register.mutationOptions(options));
  return mode === 'sign-in' ? login : register;
}
