import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { useSessionActions } from '../session/session-context.js';

/**
 * Ends the session on the API (auth.logout revokes it and clears the refresh cookie), then here.
 * The console signs out even when the API cannot be told: nobody stays stuck signed in.
 */
export function useSignOut() {
  const trpc = useTRPC();
  const { signOut } = useSessionActions();
  return useMutation(trpc.auth.logout.mutationOptions({ onSettled: () => signOut('signed_out') }));
}
