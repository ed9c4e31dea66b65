import { describe, expect, it } from 'vitest';
import { uuidv7, type Alert } from '@klerno/db';
import { decodeFeedMessage, encodeFeedMessage, type FeedMessage } from './codec.js';

const organizationId = uuidv7();

function alert(overrides: Partial<Alert> = {}): Alert {
  const at = '2025-03-01T10:00:00.000Z';
  return {
    id: uuidv7(),
    organizationId,
    transactionId: uuidv7(),
    transaction: {
      txId: 'E3FE6EA3D48F0C2B639448020EA4F03D4F4F8FFDB243A852A0F59177921B4879',
      chain: 'xrpl',
      timestamp: '2025-02-28T23:59:59.999Z',
      fromAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
      toAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
      amount: '12345678901234567890.123456789012345678',
      currency: 'XRP',
      direction: 'out',
    },
    ownerUserId: null,
    threshold: 0.75,
    riskScore: 0.8,
    riskBucket: 'high',
    riskFlags: ['outgoing'],
    createdAt: at,
    status: 'open',
    outcome: null,
    assigneeId: null,
    updatedAt: at,
    closedAt: null,
    version: 1,
    ...overrides,
  };
}

describe('the alert feed message', () => {
  it('carries alerts with their transaction summary unchanged', () => {
    const message: FeedMessage = {
      kind: 'alerts',
      origin: 'i1',
      organizationId,
      alerts: [alert()],
    };
    expect(decodeFeedMessage(encodeFeedMessage(message))).toEqual(message);
  });

  it("ignores alerts of another organization than the message's", () => {
    const stray = alert({ organizationId: uuidv7() });
    const text = encodeFeedMessage({
      kind: 'alerts',
      origin: 'i1',
      organizationId,
      alerts: [stray],
    });
    expect(decodeFeedMessage(text)).toBeNull();
  });

  it('turns alerts announced without a summary (an older instance) into a catch-up', () => {
    const { transaction: _summary, ...older } = alert();
    const text = JSON.stringify({
      v: 1,
      kind: 'alerts',
      origin: 'old',
      organizationId,
      alerts: [older],
    });
    expect(decodeFeedMessage(text)).toEqual({ kind: 'resync', origin: 'old', organizationId });
  });

  it('ignores anything else', () => {
    const malformed = { ...alert(), transaction: { txId: 'T' } };
    for (const text of [
      'not json',
      '{"v":2,"kind":"resync","origin":"x","organizationId":"o"}',
      JSON.stringify({ v: 1, kind: 'alerts', origin: 'x', organizationId, alerts: [malformed] }),
    ]) {
      expect(decodeFeedMessage(text)).toBeNull();
    }
  });
});
