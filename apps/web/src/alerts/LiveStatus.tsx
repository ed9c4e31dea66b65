import { formatTimestamp } from '../format.js';
import type { Alert } from './alert-filters.js';
import { describePayment } from './payment.js';
import type { LiveState } from './use-live-alerts.js';

const stateLabels: Record<LiveState, string> = {
  connecting: 'Connecting to live alerts…',
  live: 'Live: new alerts appear as they are raised',
  failed: 'Live alerts are unavailable; refresh to check for new ones',
};

/** Whether alerts arrive live, and the latest one that did (announced to screen readers). */
export function LiveStatus({ state, latest }: { state: LiveState; latest: Alert | null }) {
  return (
    <div className="live-status">
      <span className={`live-dot live-${state}`} aria-hidden="true" />
      <span className="muted">{stateLabels[state]}</span>
      <span role="status" className="live-latest">
        {latest &&
          `New alert: score ${latest.riskScore.toFixed(2)} (${latest.riskBucket}), ${describePayment(latest.transaction)}, raised ${formatTimestamp(latest.createdAt)}`}
      </span>
    </div>
  );
}
