import { describe, expect, it } from 'vitest';
import { createConnectionCap } from './connection-cap.js';

describe('createConnectionCap', () => {
  it('lets each key hold at most the cap, independently of other keys', () => {
    const cap = createConnectionCap(2);
    const first = cap.tryAcquire('10.0.0.1');
    const second = cap.tryAcquire('10.0.0.1');
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(cap.tryAcquire('10.0.0.1')).toBeNull();
    expect(cap.tryAcquire('10.0.0.2')).not.toBeNull();
    expect(cap.openFor('10.0.0.1')).toBe(2);
    expect(cap.openFor('10.0.0.2')).toBe(1);
  });

  it('frees a slot on release, once, however often release is called', () => {
    const cap = createConnectionCap(2);
    const first = cap.tryAcquire('ip')!;
    const second = cap.tryAcquire('ip')!;
    first();
    first();
    expect(cap.openFor('ip')).toBe(1);
    const third = cap.tryAcquire('ip');
    expect(third).not.toBeNull();
    expect(cap.tryAcquire('ip')).toBeNull();
    second();
    third!();
    expect(cap.openFor('ip')).toBe(0);
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => createConnectionCap(0)).toThrow(RangeError);
    expect(() => createConnectionCap(1.5)).toThrow(RangeError);
  });
});
