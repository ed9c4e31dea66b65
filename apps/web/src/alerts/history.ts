import type { RouterOutputs } from '../api/types.js';
import { outcomeLabels, statusLabels } from './alert-filters.js';
import type { AlertOutcome, AlertStatus } from './alert-filters.js';

export type AlertCase = RouterOutputs['alerts']['byId'];
export type AlertEvent = AlertCase['history'][number];

const isStatus = (value: unknown): value is AlertStatus =>
  typeof value === 'string' && value in statusLabels;
const isOutcome = (value: unknown): value is AlertOutcome =>
  typeof value === 'string' && value in outcomeLabels;

/**
 * One line of a case's history in words. `emails` names the members the console knows (the
 * actor of each event and the current assignee); others are "another member".
 */
export function describeEvent(event: AlertEvent, emails: ReadonlyMap<string, string>): string {
  const { details } = event;
  switch (event.kind) {
    case 'created': {
      const score = typeof details.score === 'number' ? details.score.toFixed(2) : '?';
      const threshold = typeof details.threshold === 'number' ? details.threshold.toFixed(2) : '?';
      return `Raised: the transaction scored ${score}, at or above the threshold ${threshold}`;
    }
    case 'assigned': {
      const to = typeof details.to === 'string' ? details.to : null;
      if (to === null) return 'Unassigned';
      if (to === event.actorId) return 'Took the alert';
      return `Assigned to ${emails.get(to) ?? 'another member'}`;
    }
    case 'status_changed': {
      const from = isStatus(details.from) ? statusLabels[details.from] : '?';
      const to = isStatus(details.to) ? statusLabels[details.to] : '?';
      const outcome = isOutcome(details.outcome) ? ` (${outcomeLabels[details.outcome]})` : '';
      return `Status ${from} → ${to}${outcome}`;
    }
    case 'commented':
      return typeof details.body === 'string' ? details.body : '';
  }
}
