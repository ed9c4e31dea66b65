import { describe, expect, it } from 'vitest';
import { appRouter } from '../router.js';
import { RATE_LIMIT_CLASSES } from './classes.js';
import { rateLimitClassOf } from './trpc.js';

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  meta?: { rateLimit?: unknown };
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef }>,
).map(([path, { _def }]) => ({ path, type: _def.type, rateLimit: _def.meta?.rateLimit }));

/** Where the rule "queries read, mutations write" does not hold, and why. */
const EXCEPTIONS: Record<string, string> = {
  'auth.register': 'auth',
  'auth.login': 'auth',
  'auth.refresh': 'auth',
  'auth.logout': 'auth',
  'auth.changePassword': 'auth',
  'transactions.ingest': 'import',
  'transactions.importCsv': 'import',
  'transactions.importXrpl': 'import',
  'labels.import': 'import',
  // Starts a background job over up to years of transactions: the bulk class.
  'transactions.rescore': 'import',
  // A mutation only because a document does not fit in a URL: it reads and stores nothing.
  'iso20022.parse': 'read',
  // A pre-check: a mutation so the proposed transaction travels in the body; it stores nothing.
  'transactions.score': 'read',
  // A mutation because it issues a credential (never cached); it stores nothing, and the
  // download it opens is a read.
  'transactions.csvDownloadLink': 'read',
  // A subscription reads: each stream opened spends one point.
  'alerts.onAlert': 'read',
};

describe('procedure meta', () => {
  it('names a rate-limit class on every procedure of the router', () => {
    expect(procedures.length).toBeGreaterThan(10);
    const missing = procedures.filter(
      ({ rateLimit }) => !(RATE_LIMIT_CLASSES as readonly unknown[]).includes(rateLimit),
    );
    expect(missing.map(({ path }) => path)).toEqual([]);
  });

  it('reads are "read", writes "write", sign-in "auth" and bulk imports "import"', () => {
    const unexpected = procedures.filter(({ path, type, rateLimit }) => {
      const expected = EXCEPTIONS[path] ?? (type === 'query' ? 'read' : 'write');
      return rateLimit !== expected;
    });
    expect(unexpected).toEqual([]);
  });

  it('refuses to run a procedure that declares no class', () => {
    expect(() => rateLimitClassOf(undefined, 'made.up')).toThrow(/made\.up declares no rate-limit/);
    expect(() => rateLimitClassOf({}, 'made.up')).toThrow();
    expect(rateLimitClassOf({ rateLimit: 'import' }, 'x')).toBe('import');
  });
});
