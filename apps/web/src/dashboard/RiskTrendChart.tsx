import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { averageRiskColor, bucketColors, shortDay } from './summary.js';
import type { DailyRisk } from './summary.js';

const chartHeight = 280;

/** Per day: transactions by risk bucket (stacked bars) and the average score (line, 0..1). */
export function RiskTrendChart({ daily }: { daily: readonly DailyRisk[] }) {
  return (
    <ComposedChart
      className="chart"
      responsive
      width="100%"
      height={chartHeight}
      data={[...daily]}
      title="Risk trend"
      desc="Transactions per day by risk bucket, and the day's average risk score"
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="day" tickFormatter={shortDay} />
      <YAxis yAxisId="count" allowDecimals={false} width={40} />
      <YAxis yAxisId="risk" orientation="right" domain={[0, 1]} width={40} />
      <Tooltip />
      <Legend />
      <Bar yAxisId="count" dataKey="low" name="Low" stackId="bucket" fill={bucketColors.low} />
      <Bar
        yAxisId="count"
        dataKey="medium"
        name="Medium"
        stackId="bucket"
        fill={bucketColors.medium}
      />
      <Bar yAxisId="count" dataKey="high" name="High" stackId="bucket" fill={bucketColors.high} />
      <Line
        yAxisId="risk"
        type="monotone"
        dataKey="averageRisk"
        name="Average risk"
        stroke={averageRiskColor}
        strokeWidth={2}
        dot={false}
      />
    </ComposedChart>
  );
}
