import { describe, expect, it } from 'vitest';
import { pageOfPath } from './navigation.js';

describe('pageOfPath', () => {
  it.each([
    ['/', 'dashboard'],
    ['/transactions', 'transactions'],
    ['/import', 'import'],
    ['/settings/', 'settings'],
    ['/users', 'users'],
    ['/users/', 'users'],
    ['/nowhere', 'dashboard'],
    ['', 'dashboard'],
  ])('%s → %s', (path, page) => {
    expect(pageOfPath(path)).toBe(page);
  });
});
