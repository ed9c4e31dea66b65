import { formatShare } from './summary.js';
import type { BucketCounts } from './summary.js';

export interface Kpis {
  count: number;
  volumes: readonly { currency: string; count: number; volume: string }[];
  averageRisk: number;
  buckets: BucketCounts;
  anomalyShare: number;
}

/** The range's headline figures; volumes are exact decimals, one per currency. */
export function KpiPanel({ kpis, rangeLabel }: { kpis: Kpis; rangeLabel: string }) {
  return (
    <section className="panel" aria-labelledby="kpi-title">
      <h2 id="kpi-title">Key figures, {rangeLabel}</h2>
      <dl className="kpis">
        <div className="kpi">
          <dt>Transactions</dt>
          <dd>{kpis.count}</dd>
        </div>
        <div className="kpi">
          <dt>Average risk</dt>
          <dd>{kpis.averageRisk.toFixed(2)}</dd>
        </div>
        <div className="kpi">
          <dt>High risk</dt>
          <dd className={kpis.buckets.high > 0 ? 'risk-high' : undefined}>{kpis.buckets.high}</dd>
        </div>
        <div className="kpi">
          <dt>Anomaly share</dt>
          <dd>{formatShare(kpis.anomalyShare)}</dd>
        </div>
        <div className="kpi kpi-wide">
          <dt>Volume</dt>
          <dd>
            {kpis.volumes.length === 0 ? (
              '—'
            ) : (
              <ul className="volumes">
                {kpis.volumes.map((volume) => (
                  <li key={volume.currency}>
                    <span className="numeric">{volume.volume}</span> {volume.currency}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
