import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { formatTimestamp } from '../format.js';
import type { SessionUser } from '../session/session-store.js';
import { ExplanationView } from '../transactions/ExplanationView.js';
import { TransactionFacts } from '../transactions/TransactionDetail.js';
import { RiskBadge } from '../transactions/TransactionsTable.js';
import { outcomeLabels, statusLabels } from './alert-filters.js';
import type { Alert } from './alert-filters.js';
import { CaseActions } from './CaseActions.js';
import { CaseHistory } from './CaseHistory.js';

/** One alert as a case: its state, the transaction and why it scored, the history, the actions. */
export function AlertDetail({
  id,
  user,
  onClose,
}: {
  id: string;
  user: SessionUser;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const alertCase = useQuery(trpc.alerts.byId.queryOptions({ id }));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);
  const canWork = user.role !== 'viewer';

  return (
    <aside className="drawer" aria-labelledby="alert-detail-title">
      <div className="panel-header">
        <h2 id="alert-detail-title" ref={heading} tabIndex={-1}>
          Alert
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {alertCase.isPending && (
        <p role="status" className="muted">
          Loading the alert…
        </p>
      )}
      {alertCase.isError && (
        <p role="alert" className="form-error">
          {describeApiError(alertCase.error).message}
        </p>
      )}
      {alertCase.data && (
        <>
          <AlertFacts alert={alertCase.data.alert} />
          {canWork && <CaseActions alert={alertCase.data.alert} user={user} />}
          <CaseHistory alertCase={alertCase.data} />
          <section aria-labelledby="alert-transaction-title">
            <h3 id="alert-transaction-title">Transaction</h3>
            <TransactionFacts row={alertCase.data.transaction} />
          </section>
          <ExplanationView explanation={alertCase.data.explanation} />
        </>
      )}
    </aside>
  );
}

function AlertFacts({ alert }: { alert: Alert }) {
  return (
    <dl className="facts" aria-label="Alert state">
      <div>
        <dt>Status</dt>
        <dd>
          <span className={`status status-${alert.status}`}>{statusLabels[alert.status]}</span>
          {alert.outcome && ` — ${outcomeLabels[alert.outcome]}`}
        </dd>
      </div>
      <div>
        <dt>Assignee</dt>
        <dd>{alert.assigneeEmail ?? 'Unassigned'}</dd>
      </div>
      <div>
        <dt>Score</dt>
        <dd>
          <RiskBadge score={alert.riskScore} bucket={alert.riskBucket} /> (threshold{' '}
          {alert.threshold.toFixed(2)})
        </dd>
      </div>
      <div>
        <dt>Raised</dt>
        <dd>
          <time dateTime={alert.createdAt}>{formatTimestamp(alert.createdAt)}</time>
        </dd>
      </div>
      {alert.closedAt && (
        <div>
          <dt>Closed</dt>
          <dd>
            <time dateTime={alert.closedAt}>{formatTimestamp(alert.closedAt)}</time>
          </dd>
        </div>
      )}
    </dl>
  );
}
