import type { AlertStatus } from '@klerno/db';
import { DomainError } from './errors.js';

/** The status change is not in the case workflow's table (409). */
export class AlertTransitionError extends DomainError {
  constructor(from: AlertStatus, to: AlertStatus, allowed: readonly AlertStatus[]) {
    super(
      from === to
        ? `The alert is already ${to}`
        : `An alert that is ${from} cannot become ${to}; it can become ${allowed.join(' or ')}`,
    );
  }
}

/** Someone else changed the alert since the version the caller worked from (409). */
export class AlertChangedError extends DomainError {
  constructor(current?: number) {
    super(
      current === undefined
        ? 'The alert was changed by someone else meanwhile; reload it and try again'
        : `The alert was changed by someone else (it is now at version ${current}); reload it and try again`,
    );
  }
}

/** The member named cannot work alerts: disabled, or a viewer (400). */
export class AlertAssigneeError extends DomainError {}
