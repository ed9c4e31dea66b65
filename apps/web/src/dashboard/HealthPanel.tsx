import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { formatDuration } from '../format.js';
import { ApiErrorAlert } from '../ui/ErrorAlert.js';

const refreshEveryMs = 30_000;

/** The API's liveness (system.health, the same facts as GET /health): status, version, uptime. */
export function HealthPanel() {
  const trpc = useTRPC();
  const health = useQuery(
    trpc.system.health.queryOptions(undefined, { refetchInterval: refreshEveryMs }),
  );

  return (
    <section className="panel health-panel" aria-labelledby="health-title">
      <h2 id="health-title">API health</h2>
      {health.isPending && <p className="muted">Checking…</p>}
      <ApiErrorAlert error={health.error} />
      {health.data && (
        <dl className="health-facts">
          <div>
            <dt>Status</dt>
            <dd>
              <span aria-hidden="true" className={`status-dot status-${health.data.status}`} />
              {health.data.status}
            </dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{health.data.version}</dd>
          </div>
          <div>
            <dt>Uptime</dt>
            <dd>{formatDuration(health.data.uptimeSeconds)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
