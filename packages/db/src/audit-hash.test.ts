import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, canonicalAuditJson, canonicalJson } from './audit-hash.js';
import type { AuditHashedFields } from './audit-hash.js';

const entry: AuditHashedFields = {
  organizationId: '0190a5e0-0000-7000-8000-000000000001',
  seq: 1,
  timestamp: '2024-05-01T00:00:00.000Z',
  event: 'authz_change',
  actor: 'user-1',
  target: 'user-2',
  outcome: 'success',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 "quoted"',
  requestId: null,
  details: { to: 'admin', from: 'viewer', count: 2, ok: true, none: null },
};

describe('canonicalAuditJson', () => {
  it('sorts keys at every level and has no whitespace', () => {
    expect(canonicalAuditJson(entry)).toBe(
      '{"actor":"user-1","details":{"count":2,"from":"viewer","none":null,"ok":true,"to":"admin"},' +
        '"event":"authz_change","ip":"203.0.113.7","organizationId":"0190a5e0-0000-7000-8000-000000000001",' +
        '"outcome":"success","requestId":null,"seq":1,"target":"user-2","timestamp":"2024-05-01T00:00:00.000Z",' +
        '"userAgent":"Mozilla/5.0 \\"quoted\\""}',
    );
  });

  it('does not depend on the order fields were written in, and ignores chain fields', () => {
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as AuditHashedFields;
    const withChainFields = { ...entry, id: 'x', prevHash: 'y', hash: 'z' };
    expect(canonicalAuditJson(reordered)).toBe(canonicalAuditJson(entry));
    expect(canonicalAuditJson(withChainFields)).toBe(canonicalAuditJson(entry));
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ ratio: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  });
});

describe('auditHash', () => {
  it('is SHA-256 hex of prevHash followed by the canonical JSON', () => {
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalAuditJson(entry))
      .digest('hex');
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(auditHash(GENESIS_HASH, entry)).toBe(expected);
  });

  it('changes with any field and with the previous hash', () => {
    const base = auditHash(GENESIS_HASH, entry);
    expect(auditHash('1'.repeat(64), entry)).not.toBe(base);
    expect(
      auditHash(GENESIS_HASH, { ...entry, details: { ...entry.details, to: 'viewer' } }),
    ).not.toBe(base);
    expect(auditHash(GENESIS_HASH, { ...entry, seq: 2 })).not.toBe(base);
    expect(auditHash(GENESIS_HASH, { ...entry, organizationId: null })).not.toBe(base);
  });
});
