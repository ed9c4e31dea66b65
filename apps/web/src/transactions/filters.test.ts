import { describe, expect, it } from 'vitest';
import { apiFilters, filtersFromSearch, isFiltered, searchOfFilters } from './filters.js';

describe('explorer filters in the address bar', () => {
  it('reads every filter and the sort', () => {
    const search =
      '?wallet=rAbc&direction=out&category=trade&riskBucket=high&from=2025-01-01&to=2025-01-31' +
      '&minAmount=10.5&maxAmount=1000&memo=invoice+7&sort=amount_asc';
    expect(filtersFromSearch(search)).toEqual({
      wallet: 'rAbc',
      direction: 'out',
      category: 'trade',
      riskBucket: 'high',
      from: '2025-01-01',
      to: '2025-01-31',
      minAmount: '10.5',
      maxAmount: '1000',
      memo: 'invoice 7',
      sort: 'amount_asc',
    });
  });

  it('drops what cannot be meant: unknown choices, impossible days, empty text', () => {
    expect(
      filtersFromSearch(
        '?direction=sideways&category=&riskBucket=HIGH&from=2025-02-30&to=yesterday&memo=%20&sort=random',
      ),
    ).toEqual({});
  });

  it('keeps text the API will judge (a bad amount gets its message on the field)', () => {
    expect(filtersFromSearch('?minAmount=1e400')).toEqual({ minAmount: '1e400' });
  });

  it('writes one address per view: fixed order, default sort left out, extras last', () => {
    expect(
      searchOfFilters(
        { sort: 'risk_desc', memo: 'a&b', direction: 'in', wallet: 'rX' },
        { tx: 'id-1' },
      ),
    ).toBe('?wallet=rX&direction=in&memo=a%26b&sort=risk_desc&tx=id-1');
    expect(searchOfFilters({ sort: 'timestamp_desc' })).toBe('');
    expect(searchOfFilters({}, { tx: undefined })).toBe('');
  });

  it('round-trips', () => {
    const filters = {
      wallet: 'rX',
      riskBucket: 'medium',
      to: '2024-12-31',
      sort: 'amount_desc',
    } as const;
    expect(filtersFromSearch(searchOfFilters(filters))).toEqual(filters);
  });

  it('turns days into inclusive UTC instants for the API', () => {
    expect(apiFilters({ from: '2025-01-01', to: '2025-01-31', category: 'fee' })).toEqual({
      category: 'fee',
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-01-31T23:59:59.999Z',
    });
  });

  it('tells a filtered view from a merely sorted one', () => {
    expect(isFiltered({ sort: 'amount_asc' })).toBe(false);
    expect(isFiltered({ memo: 'x' })).toBe(true);
  });
});
