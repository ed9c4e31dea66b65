import { humanise } from '../transactions/labels.js';
import { CategoryChart } from './CategoryChart.js';
import { RiskTrendChart } from './RiskTrendChart.js';
import type { CategoryCount, DailyRisk } from './summary.js';

/** The risk trend: a chart, and the same figures as a table for screen readers and copying. */
export function TrendPanel({ daily }: { daily: readonly DailyRisk[] }) {
  return (
    <section className="panel" aria-labelledby="trend-title">
      <h2 id="trend-title">Risk trend</h2>
      {daily.length === 0 ? (
        <p className="empty-state">No transactions in this range.</p>
      ) : (
        <>
          <RiskTrendChart daily={daily} />
          <details className="chart-table">
            <summary>Show as a table</summary>
            <table className="data-table compact" aria-label="Risk trend by day">
              <thead>
                <tr>
                  <th scope="col">Day (UTC)</th>
                  <th scope="col" className="numeric">
                    Transactions
                  </th>
                  <th scope="col" className="numeric">
                    Low
                  </th>
                  <th scope="col" className="numeric">
                    Medium
                  </th>
                  <th scope="col" className="numeric">
                    High
                  </th>
                  <th scope="col" className="numeric">
                    Average risk
                  </th>
                </tr>
              </thead>
              <tbody>
                {daily.map((day) => (
                  <tr key={day.day}>
                    <th scope="row">{day.day}</th>
                    <td className="numeric">{day.count}</td>
                    <td className="numeric">{day.low}</td>
                    <td className="numeric">{day.medium}</td>
                    <td className="numeric">{day.high}</td>
                    <td className="numeric">{day.averageRisk.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

/** Transactions per category: a chart and its table. */
export function CategoryPanel({ categories }: { categories: readonly CategoryCount[] }) {
  return (
    <section className="panel" aria-labelledby="categories-title">
      <h2 id="categories-title">Categories</h2>
      {categories.length === 0 ? (
        <p className="empty-state">No transactions in this range.</p>
      ) : (
        <>
          <CategoryChart categories={categories} />
          <details className="chart-table">
            <summary>Show as a table</summary>
            <table className="data-table compact" aria-label="Transactions by category">
              <thead>
                <tr>
                  <th scope="col">Category</th>
                  <th scope="col" className="numeric">
                    Transactions
                  </th>
                </tr>
              </thead>
              <tbody>
                {categories.map((category) => (
                  <tr key={category.category}>
                    <th scope="row">{humanise(category.category)}</th>
                    <td className="numeric">{category.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
