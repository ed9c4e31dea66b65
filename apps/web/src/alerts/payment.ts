/** What an alert shows of its transaction: the payment, who was on the other side, and when. */
import { formatAmount } from '../format.js';
import type { Alert } from './alert-filters.js';

export type AlertPayment = Alert['transaction'];

/** The other party: whom an outgoing payment went to, whom an incoming one came from. */
export function counterpartyOf(payment: AlertPayment): { side: 'To' | 'From'; address: string } {
  return payment.direction === 'out'
    ? { side: 'To', address: payment.toAddress }
    : { side: 'From', address: payment.fromAddress };
}

/** "rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn" → "rf1BiG…V2Jpn": enough to tell addresses apart in a sentence. */
export function shortAddress(address: string): string {
  return address.length <= 14 ? address : `${address.slice(0, 6)}…${address.slice(-5)}`;
}

/** "20000 XRP to rf1BiG…V2Jpn": one alert's payment in a sentence (labels, announcements). */
export function describePayment(payment: AlertPayment): string {
  const { side, address } = counterpartyOf(payment);
  return `${formatAmount(payment.amount, payment.currency)} ${side.toLowerCase()} ${shortAddress(address)}`;
}
