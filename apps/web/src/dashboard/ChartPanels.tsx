import { humanise } from '../transactions/labels.js';
import { numericColumn } from '../ui/DataTable.js';
import type { Column } from '../ui/DataTable.js';
import { CategoryChart } from './CategoryChart.js';
import { ChartTable, RangePanel } from './RangePanel.js';
import { RiskTrendChart } from './RiskTrendChart.js';
import type { CategoryCount, DailyRisk } from './summary.js';

const trendColumns: readonly Column[] = [
  'Day (UTC)',
  numericColumn('Transactions'),
  numericColumn('Low'),
  numericColumn('Medium'),
  numericColumn('High'),
  numericColumn('Average risk'),
];

const categoryColumns: readonly Column[] = ['Category', numericColumn('Transactions')];

/** The risk trend: a chart, and the same figures as a table for screen readers and copying. */
export function TrendPanel({ daily }: { daily: readonly DailyRisk[] }) {
  return (
    <RangePanel titleId="trend-title" title="Risk trend" isEmpty={daily.length === 0}>
      <RiskTrendChart daily={daily} />
      <ChartTable label="Risk trend by day" columns={trendColumns}>
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
      </ChartTable>
    </RangePanel>
  );
}

/** Transactions per category: a chart and its table. */
export function CategoryPanel({ categories }: { categories: readonly CategoryCount[] }) {
  return (
    <RangePanel titleId="categories-title" title="Categories" isEmpty={categories.length === 0}>
      <CategoryChart categories={categories} />
      <ChartTable label="Transactions by category" columns={categoryColumns}>
        {categories.map((category) => (
          <tr key={category.category}>
            <th scope="row">{humanise(category.category)}</th>
            <td className="numeric">{category.count}</td>
          </tr>
        ))}
      </ChartTable>
    </RangePanel>
  );
}
