import { useQuery } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import type { RouterOutputs } from '../api/types.js';

export type Assignee = RouterOutputs['alerts']['assignees']['items'][number];

/** The largest page alerts.assignees serves. */
const pageSize = 200;
/** Members join and leave seldom; a minute-old list is fine (assign checks again anyway). */
const staleTimeMs = 60_000;

/**
 * Everyone an alert may be assigned to (alerts.assignees: active analysts and admins, by email),
 * every page of it: a picker lists them all. Viewers may read it; analysts and admins use it.
 */
export function useAssignees() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return useQuery({
    queryKey: [...trpc.alerts.assignees.pathKey(), 'every page'],
    queryFn: async ({ signal }) => {
      const members: Assignee[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.alerts.assignees.query(
          { limit: pageSize, ...(cursor === undefined ? {} : { cursor }) },
          { signal },
        );
        members.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return members;
    },
    staleTime: staleTimeMs,
  });
}
