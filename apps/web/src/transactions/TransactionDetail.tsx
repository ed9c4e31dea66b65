import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTRPC } from '../api/trpc.js';
import { formatAmount } from '../format.js';
import { Drawer } from '../ui/Drawer.js';
import { ApiErrorAlert } from '../ui/ErrorAlert.js';
import { Timestamp } from '../ui/Timestamp.js';
import { ExplanationView } from './ExplanationView.js';
import { categoryLabels, directionLabels } from './labels.js';
import { RiskBadge } from './TransactionsTable.js';
import type { TransactionRow } from './TransactionsTable.js';

/** A side panel with one transaction's fields and the explanation of its score. */
export function TransactionDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const transaction = useQuery(trpc.transactions.byId.queryOptions({ id }));
  const explanation = useQuery(trpc.transactions.explain.queryOptions({ id }));
  const failure = transaction.error ?? explanation.error;

  return (
    <Drawer titleId="detail-title" title="Transaction details" openId={id} onClose={onClose}>
      {(transaction.isPending || explanation.isPending) && !failure && (
        <p className="muted" role="status">
          Loading the transaction…
        </p>
      )}
      <ApiErrorAlert error={failure} />
      {transaction.data && <TransactionFacts row={transaction.data} />}
      {explanation.data && <ExplanationView explanation={explanation.data} />}
    </Drawer>
  );
}

/**
 * A token's fee is paid in the chain's own asset, not in the token: XRP on the XRP Ledger;
 * for other chains the row does not say which, so the figure stands alone.
 */
function formatFee(row: TransactionRow): string {
  if (row.issuer === null) return formatAmount(row.fee, row.currency);
  return row.chain === 'xrpl' ? formatAmount(row.fee, 'XRP') : row.fee;
}

export function TransactionFacts({ row }: { row: TransactionRow }) {
  const facts: [string, ReactNode][] = [
    ['Time (UTC)', <Timestamp iso={row.timestamp} />],
    ['Chain', row.chain],
    ['Transaction ID', <span className="mono break">{row.txId}</span>],
    ['From', <span className="mono break">{row.fromAddress}</span>],
    ['To', <span className="mono break">{row.toAddress}</span>],
    ['Amount', formatAmount(row.amount, row.currency)],
    ...(row.issuer === null
      ? []
      : [['Issuer', <span className="mono break">{row.issuer}</span>] as [string, ReactNode]]),
    ['Fee', formatFee(row)],
    ['Direction', directionLabels[row.direction]],
    ['Category', categoryLabels[row.category]],
    ['Risk', <RiskBadge score={row.riskScore} bucket={row.riskBucket} />],
    ['Flags', row.riskFlags.length > 0 ? row.riskFlags.join(', ') : 'none'],
    ['Tags', row.tags.length > 0 ? row.tags.join(', ') : 'none'],
    ['Memo', row.memo ?? '—'],
  ];
  return (
    <dl className="facts">
      {facts.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
