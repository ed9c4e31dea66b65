import { describe, expect, it } from 'vitest';
import { moreRestrictive, type RateLimitDecision } from './decision.js';
import { RateLimitReport, rateLimitHeaders } from './headers.js';

const decision = (overrides: Partial<RateLimitDecision> = {}): RateLimitDecision => ({
  policy: 'read',
  limit: 120,
  windowSeconds: 60,
  allowed: true,
  remaining: 37,
  resetInMs: 22_400,
  firstRefusal: false,
  ...overrides,
});

const NOW_MS = Date.parse('2025-01-01T00:00:00Z');

describe('rateLimitHeaders', () => {
  it('states limit, remaining and the reset (epoch seconds and draft-11 fields) of an allowed request', () => {
    expect(rateLimitHeaders(decision(), NOW_MS)).toEqual({
      'X-RateLimit-Limit': '120',
      'X-RateLimit-Remaining': '37',
      'X-RateLimit-Reset': String(NOW_MS / 1000 + 23),
      'RateLimit-Policy': '"read";q=120;w=60',
      RateLimit: '"read";r=37;t=23',
    });
  });

  it('adds Retry-After (at least 1 s) to a refusal and never shows a negative remainder', () => {
    const headers = rateLimitHeaders(
      decision({ allowed: false, remaining: -3, resetInMs: 120 }),
      NOW_MS,
    );
    expect(headers['Retry-After']).toBe('1');
    expect(headers['X-RateLimit-Remaining']).toBe('0');
    expect(headers.RateLimit).toBe('"read";r=0;t=1');
  });
});

describe('moreRestrictive', () => {
  it('prefers a refusal, then the longer wait, then the fewest remaining points', () => {
    const allowed = decision({ remaining: 5 });
    const refused = decision({ allowed: false, remaining: 0, resetInMs: 1000 });
    const refusedLonger = decision({ allowed: false, remaining: 0, resetInMs: 9000 });
    expect(moreRestrictive(allowed, refused)).toBe(refused);
    expect(moreRestrictive(refused, allowed)).toBe(refused);
    expect(moreRestrictive(refused, refusedLonger)).toBe(refusedLonger);
    expect(moreRestrictive(allowed, decision({ remaining: 2 })).remaining).toBe(2);
    expect(moreRestrictive(decision({ remaining: 2 }), allowed).remaining).toBe(2);
  });
});

describe('RateLimitReport', () => {
  it('writes the headers of the most restrictive decision it was given, whatever the order', () => {
    const written = new Map<string, string>();
    const report = new RateLimitReport(
      (name, value) => written.set(name, value),
      () => NOW_MS,
    );
    report.add(decision({ remaining: 10 }));
    report.add(decision({ policy: 'import', limit: 20, remaining: 3 }));
    report.add(decision({ remaining: 50 }));
    expect(written.get('RateLimit-Policy')).toBe('"import";q=20;w=60');
    expect(written.get('X-RateLimit-Remaining')).toBe('3');
    expect(written.has('Retry-After')).toBe(false);

    report.add(decision({ allowed: false, remaining: 0, resetInMs: 4000 }));
    report.add(decision({ remaining: 0 }));
    expect(written.get('Retry-After')).toBe('4');
    expect(written.get('RateLimit-Policy')).toBe('"read";q=120;w=60');
    expect(report.shown?.allowed).toBe(false);
  });
});
