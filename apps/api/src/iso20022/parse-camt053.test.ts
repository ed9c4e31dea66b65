import { addDecimals, sumDecimals } from '@klerno/db';
import { describe, expect, it } from 'vitest';
import { readFixture } from './fixtures.js';
import { parseIso20022 } from './parse.js';
import type { Camt053Document, Camt053Statement } from './types.js';

function parseStatement(xml: string): Camt053Document {
  const message = parseIso20022(xml);
  if (message.type !== 'camt.053') throw new Error(`expected camt.053, got ${message.type}`);
  return message;
}

/** Opening balance plus booked entries, signed, must give the closing balance, exactly. */
function expectBalancesReconcile(statement: Camt053Statement): void {
  const signed = (value: string, side: 'credit' | 'debit') =>
    side === 'debit' ? `-${value}` : value;
  const balance = (type: string) => {
    const found = statement.balances.find((candidate) => candidate.type === type);
    if (found === undefined) throw new Error(`no ${type} balance`);
    return signed(found.amount.value, found.creditDebit);
  };
  const booked = statement.entries
    .filter((entry) => entry.status === 'BOOK')
    .map((entry) => signed(entry.amount.value, entry.creditDebit));
  expect(addDecimals(balance('OPBD'), sumDecimals(booked))).toBe(balance('CLBD'));
}

describe('parseIso20022 on a camt.053.001.08 statement', () => {
  const message = parseStatement(readFixture('camt.053.001.08.xml'));
  const statement = message.statements[0]!;

  it('reads the header, the statement period and the account', () => {
    expect(message.version).toBe('camt.053.001.08');
    expect(message.groupHeader).toEqual({
      messageId: 'STMT-20240503-DE89-0042',
      createdAt: '2024-05-03T06:00:12+02:00',
    });
    expect(statement).toMatchObject({
      id: 'DE89-2024-05-03-0042',
      electronicSequenceNumber: '42',
      fromDateTime: '2024-05-02T00:00:00+02:00',
      toDateTime: '2024-05-02T23:59:59+02:00',
    });
    expect(statement.account).toEqual({
      id: { kind: 'iban', iban: 'DE89370400440532013000' },
      currency: 'EUR',
      ownerName: 'Klerno Demo GmbH',
      servicer: {
        bic: 'COBADEFFXXX',
        clearingSystemMemberId: null,
        name: 'Commerzbank AG',
        otherId: null,
      },
    });
  });

  it('reads the balances, and they reconcile with the booked entries', () => {
    expect(statement.balances).toEqual([
      {
        type: 'OPBD',
        amount: { value: '10000', currency: 'EUR' },
        creditDebit: 'credit',
        date: '2024-05-02',
      },
      {
        type: 'CLBD',
        amount: { value: '11784', currency: 'EUR' },
        creditDebit: 'credit',
        date: '2024-05-02',
      },
    ]);
    expectBalancesReconcile(statement);
  });

  it('reads every entry: amount, side, status, dates, references, bank transaction code', () => {
    expect(
      statement.entries.map((entry) => [
        entry.reference,
        entry.amount.value,
        entry.amount.currency,
        entry.creditDebit,
        entry.reversal,
        entry.status,
        entry.bookingDate,
        entry.valueDate,
      ]),
    ).toEqual([
      ['1', '2500', 'EUR', 'credit', false, 'BOOK', '2024-05-02', '2024-05-02'],
      ['2', '1200.5', 'EUR', 'debit', false, 'BOOK', '2024-05-02', '2024-05-02'],
      ['3', '15.75', 'EUR', 'debit', false, 'BOOK', '2024-05-02', '2024-05-02'],
      ['4', '500.25', 'EUR', 'credit', true, 'BOOK', '2024-05-02T16:40:00+02:00', '2024-05-02'],
      [null, '99.99', 'EUR', 'credit', false, 'PDNG', null, '2024-05-03'],
    ]);
    expect(statement.entries[0]?.accountServicerReference).toBe('CBK-20240502-000981');
    expect(statement.entries[0]?.bankTransactionCode).toEqual({
      domain: 'PMNT',
      family: 'RCDT',
      subFamily: 'ESCT',
      proprietary: null,
    });
    expect(statement.entries[3]?.bankTransactionCode?.proprietary).toBe('NRTI+159');
    expect(statement.entries[2]?.additionalInformation).toBe('Account maintenance fee April');
  });

  it('reads the transaction details: references, related parties (under Pty) and remittance', () => {
    const [incoming] = statement.entries[0]!.transactions;
    expect(incoming).toEqual({
      references: {
        messageId: 'MUSO-0502-17',
        accountServicerReference: null,
        paymentInformationId: null,
        instructionId: null,
        endToEndId: 'RE-2024-117',
        transactionId: 'TX-98765',
      },
      amount: { value: '2500', currency: 'EUR' },
      creditDebit: 'credit',
      debtor: { name: 'Müller & Söhne GmbH', country: 'AT' },
      debtorAccount: { kind: 'iban', iban: 'AT611904300234573201' },
      creditor: null,
      creditorAccount: null,
      remittanceInformation: ['Rechnung 2024-117 & 118 "Beratung"'],
      additionalInformation: null,
    });
    const batch = statement.entries[1]!.transactions;
    expect(
      batch.map((tx) => [tx.references.endToEndId, tx.amount?.value, tx.creditor?.name]),
    ).toEqual([
      ['E2E-2024-0021', '700.25', 'Zoë Ørsted'],
      ['E2E-2024-0022', '500.25', 'ACME B.V.'],
    ]);
    expect(sumDecimals(batch.map((tx) => tx.amount?.value ?? '0'))).toBe(
      statement.entries[1]!.amount.value,
    );
    expect(statement.entries[3]?.transactions[0]?.additionalInformation).toBe(
      'Return: AC04 account closed',
    );
  });
});

describe('parseIso20022 on a camt.053.001.02 statement with a namespace prefix', () => {
  const message = parseStatement(readFixture('camt.053.001.02.xml'));
  const statement = message.statements[0]!;

  it('reads the version 02 shapes: text status, AmtDtls/TxAmt, Dbtr/Nm, BIC, CDATA', () => {
    expect(message.version).toBe('camt.053.001.02');
    expect(statement.account.servicer?.bic).toBe('ZKBKCHZZ80A');
    expect(statement.balances.map((b) => [b.type, b.amount.value, b.creditDebit])).toEqual([
      ['OPBD', '250', 'debit'],
      ['CLBD', '700.1', 'credit'],
    ]);
    const [salary, directDebit] = statement.entries;
    expect(salary?.status).toBe('BOOK');
    expect(salary?.transactions[0]).toMatchObject({
      references: { endToEndId: 'SAL-2024-04' },
      amount: { value: '1000', currency: 'CHF' },
      debtor: { name: 'Genève Horlogerie SA', country: null },
      remittanceInformation: ['Salaire avril <net> & bonus'],
    });
    expect(directDebit).toMatchObject({
      amount: { value: '49.9', currency: 'CHF' },
      creditDebit: 'debit',
      bankTransactionCode: { domain: null, proprietary: 'DD-SWISSCOM' },
      additionalInformation: 'LSV+ Swisscom (Schweiz) AG',
      transactions: [],
    });
    expectBalancesReconcile(statement);
  });
});
