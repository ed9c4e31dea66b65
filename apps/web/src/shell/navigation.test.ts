import { describe, expect, it } from 'vitest';
import { pageOfPath } from './navigation.js';

describe('pageOfPath', () => {
  it.each([
    ['/', 'transactions'],
    ['/users', 'users'],
    ['/users/', 'users'],
    ['/nowhere', 'transactions'],
    ['', 'transactions'],
  ])('%s → %s', (path, page) => {
    expect(pageOfPath(path)).toBe(page);
  });
});
