import { describe, expect, it } from 'vitest';
import {
  GENESIS_HEAD,
  chainEntry,
  decodeAuditCursor,
  encodeAuditCursor,
  normalizeAuditEntry,
  verifyAuditChain,
  type AuditPageReader,
} from './audit-chain.js';
import { InvalidCursorError } from './errors.js';
import type { AuditEntry, NewAuditEntry } from './ports.js';

const newEntry = (index: number): NewAuditEntry => ({
  organizationId: null,
  timestamp: new Date(Date.UTC(2024, 0, 1, 0, 0, index)).toISOString(),
  event: 'authn_login_fail',
  actor: `user${index}@example.com`,
  target: null,
  outcome: 'failure',
  ip: null,
  userAgent: null,
  requestId: null,
  details: { attempt: index },
});

function buildChain(length: number): AuditEntry[] {
  const chain: AuditEntry[] = [];
  let head: { seq: number; hash: string } = GENESIS_HEAD;
  for (let index = 0; index < length; index += 1) {
    const entry = chainEntry(`id-${index + 1}`, newEntry(index), head);
    chain.push(entry);
    head = entry;
  }
  return chain;
}

/** A reader over an array that records how many rows each query returned. */
function readerOf(rows: AuditEntry[], pages: number[]): AuditPageReader {
  return (afterSeq, upToSeq, limit) => {
    const page = rows
      .filter((row) => row.seq > afterSeq && (upToSeq === null || row.seq <= upToSeq))
      .slice(0, limit);
    pages.push(page.length);
    return Promise.resolve(page);
  };
}

describe('verifyAuditChain', () => {
  it('walks an intact chain a page at a time', async () => {
    const pages: number[] = [];
    const chain = buildChain(7);
    expect(await verifyAuditChain(7, readerOf(chain, pages), 3)).toEqual({ ok: true, checked: 7 });
    expect(pages).toEqual([3, 3, 1]);
  });

  it('stops at the head it read first, ignoring entries appended during the walk', async () => {
    const chain = buildChain(5);
    expect(await verifyAuditChain(3, readerOf(chain, []), 2)).toEqual({ ok: true, checked: 3 });
  });

  it('names an edited entry behind a page boundary', async () => {
    const chain = buildChain(6);
    chain[3] = { ...chain[3]!, details: { attempt: 99 } };
    expect(await verifyAuditChain(6, readerOf(chain, []), 2)).toEqual({
      ok: false,
      checked: 3,
      brokenAt: { seq: 4, id: 'id-4' },
      reason: 'hash_mismatch',
    });
  });

  it('names an entry re-hashed after an edit by the break it leaves in the next one', async () => {
    const chain = buildChain(4);
    const forged = chainEntry('id-2', { ...newEntry(1), actor: 'someone else' }, chain[0]!);
    chain[1] = forged;
    expect(await verifyAuditChain(4, readerOf(chain, []), 2)).toEqual({
      ok: false,
      checked: 2,
      brokenAt: { seq: 3, id: 'id-3' },
      reason: 'chain_mismatch',
    });
  });

  it('names a missing first, middle or last entry by its seq', async () => {
    for (const missing of [1, 3, 5]) {
      const chain = buildChain(5).filter((row) => row.seq !== missing);
      expect(await verifyAuditChain(5, readerOf(chain, []), 2)).toEqual({
        ok: false,
        checked: missing - 1,
        brokenAt: { seq: missing, id: null },
        reason: 'missing_entry',
      });
    }
  });

  it('walks every row when there is no head', async () => {
    expect(await verifyAuditChain(null, readerOf(buildChain(3), []), 2)).toEqual({
      ok: true,
      checked: 3,
    });
    expect(await verifyAuditChain(null, readerOf([], []), 2)).toEqual({ ok: true, checked: 0 });
  });
});

describe('normalizeAuditEntry', () => {
  it('stores the timestamp as toISOString and copies details', () => {
    const input = { ...newEntry(0), timestamp: '2024-01-01T01:00:00+01:00' };
    const normalized = normalizeAuditEntry(input);
    expect(normalized.timestamp).toBe('2024-01-01T00:00:00.000Z');
    expect(normalized.details).toEqual(input.details);
    expect(normalized.details).not.toBe(input.details);
  });
});

describe('audit cursor', () => {
  it('round-trips a seq and refuses anything else', () => {
    expect(decodeAuditCursor(encodeAuditCursor(42))).toBe(42);
    const transactionCursor = Buffer.from(JSON.stringify([1, 'x'])).toString('base64url');
    for (const bad of ['', '!!', transactionCursor, encodeAuditCursor(0)]) {
      expect(() => decodeAuditCursor(bad)).toThrow(InvalidCursorError);
    }
  });
});
