import { describe, expect, it } from 'vitest';
import { counterpartyOf, describePayment, shortAddress, type AlertPayment } from './payment.js';

const outgoing: AlertPayment = {
  txId: 'A1',
  chain: 'xrpl',
  timestamp: '2025-05-01T10:00:00.000Z',
  fromAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
  toAddress: 'rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn',
  amount: '20000.000001',
  currency: 'XRP',
  direction: 'out',
};
const incoming: AlertPayment = { ...outgoing, direction: 'in', currency: 'USD', amount: '0.1' };

describe('an alert payment', () => {
  it('names the other party: the recipient of an outgoing payment, the sender of an incoming one', () => {
    expect(counterpartyOf(outgoing)).toEqual({ side: 'To', address: outgoing.toAddress });
    expect(counterpartyOf(incoming)).toEqual({ side: 'From', address: incoming.fromAddress });
  });

  it('reads as one sentence with the exact amount and a shortened address', () => {
    expect(describePayment(outgoing)).toBe('20000.000001 XRP to rf1BiG…V2Jpn');
    expect(describePayment(incoming)).toBe('0.1 USD from rHb9CJ…dtyTh');
  });

  it('keeps short addresses whole', () => {
    expect(shortAddress('rShort')).toBe('rShort');
    expect(shortAddress('12345678901234')).toBe('12345678901234');
    expect(shortAddress('123456789012345')).toBe('123456…12345');
  });
});
