import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { useInvalidate } from '../api/use-invalidate.js';

/**
 * The changes an analyst makes to a case. Each carries the version the console showed, so a
 * change made meanwhile by someone else is refused (409) instead of overwritten; after any
 * answer the case and the lists are fetched again.
 */
export function useCaseChanges(alertId: string) {
  const trpc = useTRPC();
  const refresh = useInvalidate(
    trpc.alerts.byId.queryFilter({ id: alertId }),
    trpc.alerts.list.pathFilter(),
  );
  // Refused: the member may have left or changed role since the picker was filled.
  const refreshAssignees = useInvalidate(trpc.alerts.assignees.pathFilter());
  const options = { onSettled: refresh };
  return {
    assign: useMutation(
      trpc.alerts.assign.mutationOptions({ ...options, onError: refreshAssignees }),
    ),
    setStatus: useMutation(trpc.alerts.setStatus.mutationOptions(options)),
    comment: useMutation(trpc.alerts.comment.mutationOptions(options)),
  };
}
