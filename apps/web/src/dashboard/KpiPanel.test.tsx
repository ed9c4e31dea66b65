import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { KpiPanel } from './KpiPanel.js';
import { formatShare, lastDays, shortDay } from './summary.js';

describe('KpiPanel', () => {
  it('shows count, average risk, high-risk count, anomaly share and exact volumes per currency', () => {
    const html = renderToStaticMarkup(
      <KpiPanel
        rangeLabel="last 30 days"
        kpis={{
          count: 42,
          volumes: [
            { currency: 'XRP', count: 40, volume: '12345.000000000000000001' },
            { currency: 'USD', count: 2, volume: '0.3' },
          ],
          averageRisk: 0.4321,
          buckets: { low: 30, medium: 9, high: 3 },
          anomalyShare: 0.0714,
        }}
      />,
    );
    const pairs = [...html.matchAll(/<dt>(.*?)<\/dt><dd[^>]*>(.*?)<\/dd>/g)].map(
      ([, term, value]) => [term, value!.replace(/<[^>]+>/g, '')],
    );
    expect(pairs).toEqual([
      ['Transactions', '42'],
      ['Average risk', '0.43'],
      ['High risk', '3'],
      ['Anomaly share', '7.1 %'],
      ['Volume', '12345.000000000000000001 XRP0.3 USD'],
    ]);
    expect(html).toContain('Key figures, last 30 days');
  });
});

describe('dashboard formatting', () => {
  it('formats shares, days and ranges', () => {
    expect(formatShare(0)).toBe('0.0 %');
    expect(formatShare(1)).toBe('100.0 %');
    expect(shortDay('2025-01-15')).toBe('01-15');
    expect(lastDays(7, new Date('2025-01-15T12:00:00.000Z'))).toEqual({
      from: '2025-01-08T12:00:00.000Z',
      to: '2025-01-15T12:00:00.000Z',
    });
  });
});
