import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TransactionsTable } from './TransactionsTable.js';
import type { TransactionRow } from './TransactionsTable.js';

const row: TransactionRow = {
  id: 'tx-1',
  chain: 'xrpl',
  txId: 'E3FE6EA3D48F0C2B639448020EA4F03D4F4F8FFDB243A852A0F59177921B4879',
  timestamp: '2025-01-02T03:04:05.000Z',
  fromAddress: 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh',
  toAddress: 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe',
  amount: '1000.000001',
  currency: 'XRP',
  direction: 'out',
  memo: 'invoice 7',
  fee: '0.000012',
  tags: [],
  category: 'expense',
  riskScore: 0.55,
  riskFlags: ['outgoing', 'medium_outgoing', 'fee_present'],
  riskBucket: 'medium',
  rulesetVersion: '2026-11-1',
};

function cellsOf(html: string): string[] {
  return [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(([, inner = '']) =>
    inner.replace(/<[^>]+>/g, ''),
  );
}

describe('TransactionsTable', () => {
  it('shows time, ids, parties, exact amount with currency, direction, risk and memo', () => {
    const html = renderToStaticMarkup(<TransactionsTable rows={[row]} labelledBy="title" />);
    expect(cellsOf(html)).toEqual([
      '2025-01-02 03:04:05 UTC',
      row.txId,
      row.fromAddress,
      row.toAddress,
      '1000.000001 XRP',
      'Out',
      '0.55 medium',
      'invoice 7',
    ]);
    expect(html).toContain('title="outgoing, medium_outgoing, fee_present"');
    expect(html).toContain('aria-labelledby="title"');
    expect(html).toContain('<time dateTime="2025-01-02T03:04:05.000Z">');
  });

  it('marks a missing memo instead of leaving the cell blank', () => {
    const html = renderToStaticMarkup(
      <TransactionsTable rows={[{ ...row, memo: null, direction: 'in' }]} labelledBy="title" />,
    );
    expect(cellsOf(html).slice(5)).toEqual(['In', '0.55 medium', '—']);
  });
});
