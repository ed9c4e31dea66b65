import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import type { SessionUser } from '../session/session-store.js';
import { ExplanationView } from '../transactions/ExplanationView.js';
import { TransactionFacts } from '../transactions/TransactionDetail.js';
import { RiskBadge } from '../transactions/TransactionsTable.js';
import { Drawer } from '../ui/Drawer.js';
import { ApiErrorAlert } from '../ui/ErrorAlert.js';
import { Timestamp } from '../ui/Timestamp.js';
import { outcomeLabels } from './alert-filters.js';
import type { Alert } from './alert-filters.js';
import { AlertStatusBadge } from './AlertCells.js';
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
  const canWork = user.role !== 'viewer';

  return (
    <Drawer titleId="alert-detail-title" title="Alert" openId={id} onClose={onClose}>
      {alertCase.isPending && (
        <p role="status" className="muted">
          Loading the alert…
        </p>
      )}
      <ApiErrorAlert error={alertCase.error} />
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
    </Drawer>
  );
}

function AlertFacts({ alert }: { alert: Alert }) {
  return (
    <dl className="facts" aria-label="Alert state">
      <div>
        <dt>Status</dt>
        <dd>
          <AlertStatusBadge status={alert.status} />
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
          <Timestamp iso={alert.createdAt} />
        </dd>
      </div>
      {alert.closedAt && (
        <div>
          <dt>Closed</dt>
          <dd>
            <Timestamp iso={alert.closedAt} />
          </dd>
        </div>
      )}
    </dl>
  );
}
