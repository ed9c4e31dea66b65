import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { humanise } from '../transactions/labels.js';
import { averageRiskColor } from './summary.js';
import type { CategoryCount } from './summary.js';

const rowHeight = 36;

/** Transactions per category, most frequent first (horizontal bars). */
export function CategoryChart({ categories }: { categories: readonly CategoryCount[] }) {
  const data = categories.map(({ category, count }) => ({ category: humanise(category), count }));
  return (
    <BarChart
      className="chart"
      responsive
      width="100%"
      height={Math.max(120, data.length * rowHeight + 40)}
      data={data}
      layout="vertical"
      title="Categories"
      desc="Transactions per category"
      margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" allowDecimals={false} />
      <YAxis type="category" dataKey="category" width={80} />
      <Tooltip />
      <Bar dataKey="count" name="Transactions" fill={averageRiskColor} />
    </BarChart>
  );
}
