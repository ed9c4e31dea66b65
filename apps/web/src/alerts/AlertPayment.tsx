import { formatAmount, formatTimestamp } from '../format.js';
import { counterpartyOf, type AlertPayment } from './payment.js';

/** The header cells matching `AlertPaymentCells`. */
export function AlertPaymentHeaders() {
  return (
    <>
      <th scope="col" className="numeric">
        Amount
      </th>
      <th scope="col">Counterparty</th>
      <th scope="col">Paid (UTC)</th>
    </>
  );
}

/** The alert's payment as table cells: amount and currency, the other party, its time. */
export function AlertPaymentCells({ payment }: { payment: AlertPayment }) {
  const { side, address } = counterpartyOf(payment);
  return (
    <>
      <td className="numeric nowrap">{formatAmount(payment.amount, payment.currency)}</td>
      <td className="nowrap">
        <span className={`direction direction-${payment.direction}`}>{side}</span>{' '}
        <span className="mono truncate counterparty" title={address}>
          {address}
        </span>
      </td>
      <td className="nowrap">
        <time dateTime={payment.timestamp}>{formatTimestamp(payment.timestamp)}</time>
      </td>
    </>
  );
}
