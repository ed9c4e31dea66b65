import type { ReactNode } from 'react';

/** A record's state as a coloured badge (the `status-<state>` styles). */
export function StatusBadge({ status, children }: { status: string; children: ReactNode }) {
  return <span className={`status status-${status}`}>{children}</span>;
}
