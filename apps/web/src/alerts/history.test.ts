import { describe, expect, it } from 'vitest';
import { describeEvent } from './history.js';
import type { AlertEvent } from './history.js';

const event = (
  kind: AlertEvent['kind'],
  details: AlertEvent['details'],
  actorId: string | null = 'u1',
): AlertEvent => ({
  id: 'e1',
  kind,
  actorId,
  actorEmail: actorId ? 'ada@example.com' : null,
  at: '2025-01-01T00:00:00.000Z',
  details,
});

describe('describeEvent', () => {
  const emails = new Map([['u2', 'grace@example.com']]);

  it.each([
    [
      event('created', { score: 0.85, threshold: 0.75 }, null),
      'Raised: the transaction scored 0.85, at or above the threshold 0.75',
    ],
    [event('assigned', { from: null, to: 'u1' }), 'Took the alert'],
    [event('assigned', { from: 'u1', to: 'u2' }), 'Assigned to grace@example.com'],
    [event('assigned', { from: 'u1', to: 'u3' }), 'Assigned to another member'],
    [event('assigned', { from: 'u1', to: null }), 'Unassigned'],
    [
      event('status_changed', { from: 'open', to: 'investigating', outcome: null }),
      'Status Open → Investigating',
    ],
    [
      event('status_changed', { from: 'investigating', to: 'closed', outcome: 'false_positive' }),
      'Status Investigating → Closed (False positive)',
    ],
    [
      event('commented', { body: 'Called the customer.\nAll fine.' }),
      'Called the customer.\nAll fine.',
    ],
  ])('%#', (input, text) => {
    expect(describeEvent(input, emails)).toBe(text);
  });
});
