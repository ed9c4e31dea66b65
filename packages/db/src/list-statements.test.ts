import { describe, expect, it } from 'vitest';
import { BoundedCache, listShapeKey } from './list-statements.js';
import { checkListRequest, encodeListCursor } from './transaction-list.js';
import { uuidv7 } from './uuidv7.js';

describe('listShapeKey', () => {
  it('depends on the sort, the cursor and which filters are present, not on their values', () => {
    const key = (
      request: Omit<Parameters<typeof checkListRequest>[0], 'limit'> & { limit?: number },
    ) => listShapeKey(checkListRequest({ limit: 20, ...request }));
    expect(key({ filter: { direction: 'in' } })).toBe(key({ filter: { direction: 'out' } }));
    expect(key({ filter: { memo: 'a' }, limit: 5 })).toBe(key({ filter: { memo: 'b' } }));
    const keys = new Set([
      key({}),
      key({ sort: 'amount_desc' }),
      key({ cursor: encodeListCursor('timestamp_desc', { value: 1, id: uuidv7() }) }),
      key({ filter: { direction: 'in' } }),
      key({ filter: { category: 'fee' } }),
      key({ filter: { direction: 'in', category: 'fee' } }),
      key({ filter: { from: '2026-01-01T00:00:00Z' } }),
      key({ filter: { to: '2026-01-01T00:00:00Z' } }),
    ]);
    expect(keys.size).toBe(8);
  });
});

describe('BoundedCache', () => {
  it('builds once per key and forgets the least recently used entry beyond its capacity', () => {
    const cache = new BoundedCache<string>(2);
    let builds = 0;
    const get = (key: string) => cache.get(key, () => `${key}${++builds}`);
    expect(get('a')).toBe('a1');
    expect(get('b')).toBe('b2');
    expect(get('a')).toBe('a1');
    expect(get('c')).toBe('c3');
    expect(cache.size).toBe(2);
    expect(get('a')).toBe('a1');
    expect(get('b')).toBe('b4');
  });
});
