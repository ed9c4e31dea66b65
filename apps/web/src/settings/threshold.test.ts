import { describe, expect, it } from 'vitest';
import { formatThreshold, parseThreshold } from './threshold.js';

describe('risk threshold as typed', () => {
  it.each([
    ['0.75', 0.75],
    ['0', 0],
    ['1', 1],
    ['1.0000', 1],
    ['.5', 0.5],
    [' 0.1234 ', 0.1234],
  ])('accepts %j', (text, value) => {
    expect(parseThreshold(text)).toEqual({ ok: true, value });
  });

  it.each(['', '1.5', '-0.1', '0.12345', '0,75', 'abc', '1e-1', '1.0001'])('refuses %j', (text) => {
    expect(parseThreshold(text)).toMatchObject({ ok: false });
  });

  it.each([
    [0.75, '0.75'],
    [0.8, '0.80'],
    [1, '1.00'],
    [0.123, '0.123'],
    [0.1234, '0.1234'],
  ])('shows %d as %s', (value, text) => {
    expect(formatThreshold(value)).toBe(text);
  });
});
