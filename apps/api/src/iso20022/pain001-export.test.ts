import { XMLValidator } from 'fast-xml-parser';
import { canonicalDecimal } from '@klerno/db';
import { describe, expect, it } from 'vitest';
import { Iso20022Error } from './errors.js';
import type { Pain001ExportInput, Pain001TransactionInput } from './export-input.js';
import { MAX_PAIN001_TRANSACTIONS } from './export-validation.js';
import { parseIso20022 } from './parse.js';
import { PAIN001_NAMESPACE, exportPain001 } from './pain001-export.js';
import type { Pain001Document } from './types.js';

const XRPL_ADDRESS = 'rPT1Sjq2YGrBMTttX4GZHjKu9dyfzbpAYe';
const ISSUER = 'rvYAfWj5gh67oV6fW32ZzP3Aw4Eubs59B';

function transaction(overrides: Partial<Pain001TransactionInput> = {}): Pain001TransactionInput {
  return {
    endToEndId: 'E2E-1',
    amount: '100.5',
    currency: 'EUR',
    creditor: { name: 'ACME B.V.', country: 'NL' },
    creditorAccount: { kind: 'iban', iban: 'NL91ABNA0417164300' },
    ...overrides,
  };
}

function input(overrides: Partial<Pain001ExportInput> = {}): Pain001ExportInput {
  return {
    messageId: 'KLR-MSG-0001',
    createdAt: '2024-05-01T20:02:11+02:00',
    paymentInformationId: 'KLR-PMT-0001',
    requestedExecutionDate: '2024-05-02',
    debtor: { name: 'Klerno Demo GmbH', country: 'DE' },
    debtorAccount: { kind: 'iban', iban: 'DE89 3704 0044 0532 0130 00' },
    transactions: [transaction()],
    ...overrides,
  };
}

function roundTrip(file: Pain001ExportInput): Pain001Document {
  const message = parseIso20022(exportPain001(file));
  expect(message.type).toBe('pain.001');
  return message as Pain001Document;
}

function exportError(file: Pain001ExportInput): Iso20022Error {
  try {
    exportPain001(file);
  } catch (error) {
    expect(error).toBeInstanceOf(Iso20022Error);
    return error as Iso20022Error;
  }
  throw new Error('expected exportPain001 to throw');
}

describe('exportPain001', () => {
  it('writes a well-formed pain.001.001.09 with the group header, payment info and transactions', () => {
    const xml = exportPain001(
      input({
        debtorAgent: { kind: 'bic', bic: 'cobadeffxxx' },
        transactions: [
          transaction({
            instructionId: 'I-1',
            creditorAgent: { kind: 'bic', bic: 'ABNANL2A' },
            memo: 'Invoice 7',
          }),
        ],
      }),
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).toContain(`<Document xmlns="${PAIN001_NAMESPACE}">`);
    for (const fragment of [
      '<MsgId>KLR-MSG-0001</MsgId>',
      '<CreDtTm>2024-05-01T18:02:11.000Z</CreDtTm>',
      '<NbOfTxs>1</NbOfTxs>',
      '<CtrlSum>100.5</CtrlSum>',
      '<PmtMtd>TRF</PmtMtd>',
      '<ReqdExctnDt>\n        <Dt>2024-05-02</Dt>',
      '<IBAN>DE89370400440532013000</IBAN>',
      '<BICFI>COBADEFFXXX</BICFI>',
      '<InstrId>I-1</InstrId>',
      '<EndToEndId>E2E-1</EndToEndId>',
      '<InstdAmt Ccy="EUR">100.5</InstdAmt>',
      '<BICFI>ABNANL2A</BICFI>',
      '<Ustrd>Invoice 7</Ustrd>',
    ]) {
      expect(xml).toContain(fragment);
    }
    // Schema order inside a transaction: PmtId, Amt, CdtrAgt, Cdtr, CdtrAcct, RmtInf.
    const order = ['<PmtId>', '<Amt>', '<CdtrAgt>', '<Cdtr>', '<CdtrAcct>', '<RmtInf>'].map((tag) =>
      xml.indexOf(tag),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('defaults the initiating party to the debtor and the debtor agent to NOTPROVIDED', () => {
    const message = roundTrip(input());
    expect(message.groupHeader.initiatingParty).toEqual({
      name: 'Klerno Demo GmbH',
      country: 'DE',
    });
    expect(message.paymentInformation[0]?.debtorAgent?.otherId).toBe('NOTPROVIDED');
  });

  it('sums CtrlSum exactly, never in floating point', () => {
    const xml = exportPain001(
      input({
        transactions: [
          transaction({ endToEndId: 'A', amount: '0.1' }),
          transaction({ endToEndId: 'B', amount: '0.2' }),
          transaction({ endToEndId: 'C', amount: '0.000001', currency: 'XRP' }),
          transaction({
            endToEndId: 'D',
            amount: '99999999999999999999.999999999999999999',
            currency: 'XRP',
          }),
        ],
      }),
    );
    expect(xml).toContain('<CtrlSum>100000000000000000000.300000999999999999</CtrlSum>');
  });

  it('escapes &, <, >, quotes and keeps non-ASCII and carriage returns intact', () => {
    const awkward = `Smith & Sons <"Ltd"> 'Zoë' Ørsted — 北京 😀`;
    const xml = exportPain001(
      input({
        transactions: [transaction({ creditor: { name: awkward }, memo: 'a\r\nb & </Ustrd>' })],
      }),
    );
    expect(xml).toContain(`<Nm>Smith &amp; Sons &lt;"Ltd"&gt; 'Zoë' Ørsted — 北京 😀</Nm>`);
    expect(xml).toContain('<Ustrd>a&#13;\nb &amp; &lt;/Ustrd&gt;</Ustrd>');
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('cuts a long memo into 140-character remittance lines', () => {
    const memo = `${'é'.repeat(139)}😀${'x'.repeat(150)}`;
    const message = roundTrip(input({ transactions: [transaction({ memo })] }));
    const lines = message.paymentInformation[0]?.transactions[0]?.remittanceInformation ?? [];
    expect(lines.map((line) => [...line].length)).toEqual([140, 140, 10]);
    expect(lines.join('')).toBe(memo);
  });

  describe('digital assets (Ccy="XXX" plus a DgtlAsst supplement)', () => {
    it('writes XRP as XXX with the asset named in SplmtryData', () => {
      const xml = exportPain001(
        input({
          transactions: [
            transaction({
              amount: '12.345678',
              currency: 'XRP',
              creditorAccount: { kind: 'other', id: XRPL_ADDRESS, scheme: 'XRPL' },
            }),
          ],
        }),
      );
      expect(xml).toContain('<InstdAmt Ccy="XXX">12.345678</InstdAmt>');
      expect(xml).toContain('<DgtlAsst xmlns="urn:klerno:xsd:dgtlasst.001">');
      expect(xml).toContain('<Cd>XRP</Cd>');
      expect(xml).not.toContain('<Issr>');
      expect(xml).toContain(`<Id>${XRPL_ADDRESS}</Id>`);
      expect(xml).toContain('<Prtry>XRPL</Prtry>');
    });

    it('writes an issued token with its issuer, never as the fiat currency of the same code', () => {
      const xml = exportPain001(
        input({ transactions: [transaction({ currency: 'USD', issuer: ISSUER })] }),
      );
      expect(xml).toContain('<InstdAmt Ccy="XXX">100.5</InstdAmt>');
      expect(xml).not.toContain('Ccy="USD"');
      expect(xml).toContain(`<Issr>${ISSUER}</Issr>`);
    });
  });

  describe('refuses bad input with an invalid_field error naming the field', () => {
    const bad40Digits = '1234567890123456789012345678901234567890';
    it.each<[string, Partial<Pain001ExportInput>, string, RegExp]>([
      ['no transactions', { transactions: [] }, 'transactions', /at least one/],
      ['a blank message id', { messageId: '  ' }, 'messageId', /required/],
      ['a 36-character message id', { messageId: 'M'.repeat(36) }, 'messageId', /at most 35/],
      [
        'a date-time without a zone',
        { createdAt: '2024-05-01T12:00:00' },
        'createdAt',
        /with a zone/,
      ],
      [
        'an impossible execution date',
        { requestedExecutionDate: '2024-02-30' },
        'requestedExecutionDate',
        /calendar/,
      ],
      [
        'a bad debtor IBAN',
        { debtorAccount: { kind: 'iban', iban: 'DE88370400440532013000' } },
        'debtorAccount.iban',
        /checksum/,
      ],
      [
        'a bad debtor BIC',
        { debtorAgent: { kind: 'bic', bic: 'DEUTZZFF' } },
        'debtorAgent.bic',
        /ISO 3166/,
      ],
      [
        'an unknown country',
        { debtor: { name: 'X', country: 'UK' } },
        'debtor.country',
        /ISO 3166/,
      ],
      ['a 141-character name', { debtor: { name: 'n'.repeat(141) } }, 'debtor.name', /at most 140/],
      [
        'a control character in a name',
        { debtor: { name: 'A\u0007B' } },
        'debtor.name',
        /control characters/,
      ],
    ])('%s', (_label, overrides, path, message) => {
      const error = exportError(input(overrides));
      expect(error.code).toBe('invalid_field');
      expect(error.path).toBe(path);
      expect(error.message).toMatch(message);
    });

    it.each<[string, Partial<Pain001TransactionInput>, string, RegExp]>([
      ['an exponent', { amount: '1e400' }, 'amount', /plain decimal/],
      ['NaN', { amount: 'NaN' }, 'amount', /plain decimal/],
      ['a thousands separator', { amount: '1,000' }, 'amount', /plain decimal/],
      ['minus zero', { amount: '-0' }, 'amount', /greater than 0/],
      ['zero', { amount: '0.00' }, 'amount', /greater than 0/],
      ['a negative amount', { amount: '-5' }, 'amount', /greater than 0/],
      ['a 40-digit amount', { amount: bad40Digits }, 'amount', /integer digits/],
      ['6 decimals of euro', { amount: '1.000001' }, 'amount', /at most 5 decimal places/],
      ['19 digits of euro', { amount: '1234567890123456789' }, 'amount', /at most 18 digits/],
      ['an unknown currency', { currency: 'ABC' }, 'currency', /unknown currency "ABC"/],
      ['a lower-case currency', { currency: 'eur' }, 'currency', /unknown currency/],
      ['XXX itself', { currency: 'XXX' }, 'currency', /reserved for digital assets/],
      ['XRP with an issuer', { currency: 'XRP', issuer: ISSUER }, 'currency', /not a token code/],
      ['an over-long end-to-end id', { endToEndId: 'E'.repeat(36) }, 'endToEndId', /at most 35/],
      [
        'a 35-character ledger address',
        { creditorAccount: { kind: 'other', id: 'r'.repeat(35) } },
        'creditorAccount.id',
        /at most 34/,
      ],
      [
        'a bad creditor IBAN',
        { creditorAccount: { kind: 'iban', iban: 'NL91ABNA041716430' } },
        'creditorAccount.iban',
        /wrong length for NL \(expected 18/,
      ],
      ['a control character in the memo', { memo: 'ok\u0000' }, 'memo', /control characters/],
    ])('transaction with %s', (_label, overrides, field, message) => {
      const error = exportError(
        input({
          transactions: [transaction(), transaction({ endToEndId: 'E2E-2', ...overrides })],
        }),
      );
      expect(error.code).toBe('invalid_field');
      expect(error.path).toBe(`transactions[1].${field}`);
      expect(error.message).toMatch(message);
    });

    it('more transactions than one file holds', () => {
      const many = Array.from({ length: MAX_PAIN001_TRANSACTIONS + 1 }, () => transaction());
      expect(exportError(input({ transactions: many })).message).toMatch(/at most 10000/);
    });
  });
});

describe('export then parse', () => {
  const awkwardNames = [
    'Smith & Sons <Ltd>',
    `O'Brien "The Quote" Ltd`,
    'Zoë Ørsted Åberg',
    'Società Cooperativa Ünïcödé',
    '北京支付有限公司',
    'Emoji 😀 Café ]]> & &amp;',
  ];
  const currencies = [
    { currency: 'EUR' },
    { currency: 'USD' },
    { currency: 'JPY' },
    { currency: 'XRP' },
    { currency: 'USD', issuer: ISSUER },
    { currency: '0158415500000000C1F76FF6ECB0BAC600000000', issuer: ISSUER },
  ];

  function manyTransactions(count: number): Pain001TransactionInput[] {
    return Array.from({ length: count }, (_, index) => {
      const asset = currencies[index % currencies.length]!;
      const digital = asset.currency.length !== 3 || 'issuer' in asset || asset.currency === 'XRP';
      const whole = ((index * 7919) % 1_000_000) + 1;
      const amount = digital
        ? `${whole}.${String(index % 1_000_000).padStart(6, '0')}1`
        : `${whole}.${String(index % 100).padStart(2, '0')}`;
      return {
        endToEndId: `E2E-${index}`,
        instructionId: index % 2 === 0 ? `INSTR-${index}` : undefined,
        amount,
        ...asset,
        creditor: {
          name: `${awkwardNames[index % awkwardNames.length]!} #${index}`,
          country: index % 3 === 0 ? 'CH' : undefined,
        },
        creditorAccount:
          index % 2 === 0
            ? { kind: 'iban', iban: 'CH9300762011623852957' }
            : { kind: 'other', id: XRPL_ADDRESS, scheme: 'XRPL' },
        creditorAgent: index % 4 === 0 ? { kind: 'bic', bic: 'ZKBKCHZZ80A' } : undefined,
        memo:
          index % 5 === 0
            ? null
            : `Memo ${index}: ${awkwardNames[(index + 1) % awkwardNames.length]!}`,
      } satisfies Pain001TransactionInput;
    }).map(
      (tx) =>
        Object.fromEntries(
          Object.entries(tx).filter(([, value]) => value !== undefined),
        ) as unknown as Pain001TransactionInput,
    );
  }

  it('returns the same amounts (exact strings), currencies, issuers, parties, accounts and memos', () => {
    const transactions = manyTransactions(600);
    const file = input({
      initiatingParty: { name: 'Klerno <Initiator> & Co' },
      debtor: { name: 'Débiteur "Ünïcödé" & Fils', country: 'FR' },
      debtorAccount: { kind: 'other', id: XRPL_ADDRESS, scheme: 'XRPL' },
      debtorAgent: { kind: 'other', id: 'XRPL-MAINNET' },
      transactions,
    });
    const message = roundTrip(file);

    expect(message.version).toBe('pain.001.001.09');
    expect(message.groupHeader).toMatchObject({
      messageId: 'KLR-MSG-0001',
      createdAt: '2024-05-01T18:02:11.000Z',
      numberOfTransactions: 600,
      initiatingParty: { name: 'Klerno <Initiator> & Co', country: null },
    });
    const [block] = message.paymentInformation;
    expect(block).toMatchObject({
      paymentInformationId: 'KLR-PMT-0001',
      paymentMethod: 'TRF',
      requestedExecutionDate: '2024-05-02',
      debtor: { name: 'Débiteur "Ünïcödé" & Fils', country: 'FR' },
      debtorAccount: { kind: 'other', id: XRPL_ADDRESS, scheme: 'XRPL' },
      debtorAgent: { otherId: 'XRPL-MAINNET', bic: null },
    });
    expect(block?.transactions).toHaveLength(600);
    block?.transactions.forEach((parsed, index) => {
      const sent = transactions[index]!;
      expect(parsed.endToEndId).toBe(sent.endToEndId);
      expect(parsed.instructionId).toBe(sent.instructionId ?? null);
      expect(parsed.amount).toEqual({
        value: canonicalDecimal(sent.amount),
        currency: sent.currency,
        issuer: sent.issuer ?? null,
        digitalAsset: sent.issuer !== undefined || sent.currency === 'XRP',
      });
      expect(parsed.creditor).toEqual({
        name: sent.creditor.name,
        country: sent.creditor.country ?? null,
      });
      expect(parsed.creditorAccount).toEqual(
        sent.creditorAccount.kind === 'iban'
          ? sent.creditorAccount
          : { ...sent.creditorAccount, scheme: sent.creditorAccount.scheme ?? null },
      );
      expect(parsed.creditorAgent?.bic ?? null).toBe(
        sent.creditorAgent?.kind === 'bic' ? sent.creditorAgent.bic : null,
      );
      expect(parsed.remittanceInformation.join('')).toBe(sent.memo ?? '');
    });
  });

  it('keeps amounts exact at the limits (18 fraction digits, 20 integer digits)', () => {
    const amounts = [
      '0.000000000000000001',
      '99999999999999999999.999999999999999999',
      '0.1',
      '0.2',
    ];
    const message = roundTrip(
      input({
        transactions: amounts.map((amount, index) =>
          transaction({ endToEndId: `E${index}`, amount, currency: 'XRP' }),
        ),
      }),
    );
    expect(message.paymentInformation[0]?.transactions.map((tx) => tx.amount.value)).toEqual(
      amounts,
    );
    expect(message.groupHeader.controlSum).toBe(
      '100000000000000000000.300000000000000000'.replace(/0+$/, ''),
    );
  });

  it('returns amounts in canonical form ("100.50" is read back as "100.5")', () => {
    const message = roundTrip(input({ transactions: [transaction({ amount: '0100.50' })] }));
    expect(message.paymentInformation[0]?.transactions[0]?.amount.value).toBe('100.5');
  });
});
