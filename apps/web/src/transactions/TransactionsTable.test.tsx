import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TransactionFacts } from './TransactionDetail.js';
import { nextSort, TransactionsTable } from './TransactionsTable.js';
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
  issuer: null,
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
  it('shows time, ids, parties, exact amount with currency, direction, category, risk and memo', () => {
    const html = renderToStaticMarkup(<TransactionsTable rows={[row]} labelledBy="title" />);
    expect(cellsOf(html)).toEqual([
      '2025-01-02 03:04:05 UTC',
      row.txId,
      row.fromAddress,
      row.toAddress,
      '1000.000001 XRP',
      'Out',
      'Expense',
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
    expect(cellsOf(html).slice(5)).toEqual(['In', 'Expense', '0.55 medium', '—']);
  });

  it('turns headers into sort buttons and marks the sorted column for assistive technology', () => {
    const html = renderToStaticMarkup(
      <TransactionsTable
        rows={[row]}
        labelledBy="title"
        sorting={{ current: 'amount_asc', onSort: () => undefined }}
      />,
    );
    expect(html).toContain('aria-sort="ascending"');
    expect(html.match(/aria-sort=/g)).toHaveLength(1);
    expect(html.match(/class="sort-button"/g)).toHaveLength(3);
  });

  it('makes transaction ids buttons that name the row they open, and marks the open row', () => {
    const html = renderToStaticMarkup(
      <TransactionsTable rows={[row]} labelledBy="title" onOpen={() => undefined} openId="tx-1" />,
    );
    expect(html).toContain(`aria-label="Details of ${row.txId}"`);
    expect(html).toContain('<tr class="row-open">');
  });
});

describe('nextSort', () => {
  it.each([
    ['time', 'timestamp_desc', 'timestamp_asc'],
    ['time', 'timestamp_asc', 'timestamp_desc'],
    ['time', 'risk_desc', 'timestamp_desc'],
    ['amount', 'timestamp_desc', 'amount_desc'],
    ['amount', 'amount_desc', 'amount_asc'],
    ['risk', 'amount_asc', 'risk_desc'],
    ['risk', 'risk_desc', 'risk_desc'],
  ] as const)('a click on %s while sorted %s → %s', (column, current, next) => {
    expect(nextSort(column, current)).toBe(next);
  });
});

describe('TransactionFacts', () => {
  it('names the issuer of an issued token, with its fee in XRP, and has no issuer line for a native asset', () => {
    const issuer = 'rvYAfWj5gh67oV6fW32ZzP3Aw4Eubs59B';
    const token = renderToStaticMarkup(
      <TransactionFacts row={{ ...row, currency: 'USD', issuer }} />,
    );
    expect(token).toContain(`<dt>Issuer</dt><dd><span class="mono break">${issuer}</span></dd>`);
    // The XRP Ledger charges its fee in XRP, whatever the payment moved.
    expect(token).toContain('<dt>Fee</dt><dd>0.000012 XRP</dd>');
    expect(renderToStaticMarkup(<TransactionFacts row={row} />)).not.toContain('Issuer');
  });
});
