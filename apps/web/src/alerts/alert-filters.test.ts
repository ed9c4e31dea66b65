import { describe, expect, it } from 'vitest';
import { alertFiltersFromSearch, alertListInput, searchOfAlertFilters } from './alert-filters.js';

const colleague = '0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a6';

describe('alert filters in the address bar', () => {
  it('reads status, assignee, bucket and days; drops what cannot be meant', () => {
    expect(
      alertFiltersFromSearch(
        '?status=investigating&assignee=me&riskBucket=high&from=2025-01-01&to=2025-13-01&alert=x',
      ),
    ).toEqual({ status: 'investigating', assignee: 'me', riskBucket: 'high', from: '2025-01-01' });
    expect(alertFiltersFromSearch('?status=done&assignee=bob')).toEqual({});
  });

  it("keeps a colleague's id as the assignee, and writes it back", () => {
    const filters = alertFiltersFromSearch(`?assignee=${colleague}`);
    expect(filters).toEqual({ assignee: colleague });
    expect(searchOfAlertFilters(filters)).toBe(`?assignee=${colleague}`);
    expect(alertFiltersFromSearch(`?assignee=${colleague.toUpperCase()}`)).toEqual({});
  });

  it('writes the filters in a fixed order with the open alert last', () => {
    expect(searchOfAlertFilters({ riskBucket: 'low', status: 'open' }, { alert: '0192-abc' })).toBe(
      '?status=open&riskBucket=low&alert=0192-abc',
    );
    expect(searchOfAlertFilters({})).toBe('');
  });

  it('asks the API for "me", for unassigned (null), for a colleague, and for inclusive UTC days', () => {
    expect(alertListInput({ assignee: 'me' })).toEqual({ assigneeId: 'me' });
    expect(alertListInput({ assignee: 'unassigned' })).toEqual({ assigneeId: null });
    expect(alertListInput({ assignee: colleague })).toEqual({ assigneeId: colleague });
    expect(alertListInput({ status: 'closed', from: '2025-02-01', to: '2025-02-28' })).toEqual({
      status: 'closed',
      from: '2025-02-01T00:00:00.000Z',
      to: '2025-02-28T23:59:59.999Z',
    });
  });
});
