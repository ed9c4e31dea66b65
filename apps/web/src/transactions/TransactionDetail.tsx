import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { describeApiError } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { formatAmount, formatTimestamp } from '../format.js';
import { ExplanationView } from './ExplanationView.js';
import { categoryLabels, directionLabels } from './labels.js';
import { RiskBadge } from './TransactionsTable.js';
import type { TransactionRow } from './TransactionsTable.js';

/** A side panel with one transaction's fields and the explanation of its score. */
export function TransactionDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const trpc = useTRPC();
  const transaction = useQuery(trpc.transactions.byId.queryOptions({ id }));
  const explanation = useQuery(trpc.transactions.explain.queryOptions({ id }));
  const heading = useRef<HTMLHeadingElement>(null);
  const failure = transaction.error ?? explanation.error;

  // Opening a row moves focus here, so keyboard and screen-reader users land on what they opened.
  useEffect(() => heading.current?.focus(), [id]);

  return (
    <aside className="drawer" aria-labelledby="detail-title">
      <div className="panel-header">
        <h2 id="detail-title" ref={heading} tabIndex={-1}>
          Transaction details
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {(transaction.isPending || explanation.isPending) && !failure && (
        <p className="muted" role="status">
          Loading the transaction…
        </p>
      )}
      {failure && (
        <p role="alert" className="form-error">
          {describeApiError(failure).message}
        </p>
      )}
      {transaction.data && <TransactionFacts row={transaction.data} />}
      {explanation.data && <ExplanationView explanation={explanation.data} />}
    </aside>
  );
}

export function TransactionFacts({ row }: { row: TransactionRow }) {
  const facts: [string, ReactNode][] = [
    ['Time (UTC)', <time dateTime={row.timestamp}>{formatTimestamp(row.timestamp)}</time>],
    ['Chain', row.chain],
    ['Transaction ID', <span className="mono break">{row.txId}</span>],
    ['From', <span className="mono break">{row.fromAddress}</span>],
    ['To', <span className="mono break">{row.toAddress}</span>],
    ['Amount', formatAmount(row.amount, row.currency)],
    ['Fee', formatAmount(row.fee, row.currency)],
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
