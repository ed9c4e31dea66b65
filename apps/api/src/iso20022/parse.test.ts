import { describe, expect, it } from 'vitest';
import { Iso20022Error } from './errors.js';
import { readFixture } from './fixtures.js';
import { parseIso20022 } from './parse.js';
import type { Pain001Document } from './types.js';

const XSD = 'urn:iso:std:iso:20022:tech:xsd:';

function errorOf(xml: string): Iso20022Error {
  try {
    parseIso20022(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(Iso20022Error);
    return error as Iso20022Error;
  }
  throw new Error('expected parseIso20022 to throw');
}

/** A minimal valid pain.001 in the given namespace, with `transactions` raw CdtTrfTxInf XML. */
function pain001(
  namespace: string,
  header = '<NbOfTxs>1</NbOfTxs>',
  transactions = transfer('12.50'),
): string {
  return `<Document xmlns="${namespace}"><CstmrCdtTrfInitn>
  <GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-05-01T12:00:00Z</CreDtTm>${header}</GrpHdr>
  <PmtInf><PmtInfId>P1</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>2024-05-02</Dt></ReqdExctnDt>
    <Dbtr><Nm>Payer</Nm></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>
    ${transactions}
  </PmtInf></CstmrCdtTrfInitn></Document>`;
}

function transfer(amount: string, ccy = 'EUR'): string {
  return `<CdtTrfTxInf><PmtId><EndToEndId>E1</EndToEndId></PmtId>
    <Amt><InstdAmt Ccy="${ccy}">${amount}</InstdAmt></Amt><Cdtr><Nm>Payee</Nm></Cdtr></CdtTrfTxInf>`;
}

describe('parseIso20022 detects the message by the Document namespace', () => {
  it.each([['pain.001.001.03'], ['pain.001.001.09'], ['pain.001.001.11']])(
    'reads %s',
    (version) => {
      expect(parseIso20022(pain001(`${XSD}${version}`))).toMatchObject({
        type: 'pain.001',
        version,
      });
    },
  );

  it('reads a prefixed Document (ns2:Document)', () => {
    const xml = pain001(`${XSD}pain.001.001.09`)
      .replace('<Document xmlns=', '<ns2:Document xmlns:ns2=')
      .replace('</Document>', '</ns2:Document>')
      .replace(/<(\/?)(?!ns2:|Document)([A-Za-z]+)/g, '<$1ns2:$2');
    expect(xml).toContain('<ns2:CstmrCdtTrfInitn>');
    expect(parseIso20022(xml)).toMatchObject({ type: 'pain.001', version: 'pain.001.001.09' });
  });

  it.each([
    ['another message', `${XSD}pain.008.001.08`, /"pain.008.001.08" is not supported/],
    ['an unsupported version', `${XSD}pain.001.001.02`, /"pain.001.001.02" is not supported/],
    ['a future version', `${XSD}camt.053.001.13`, /"camt.053.001.13" is not supported/],
    ['a non-ISO namespace', 'urn:example:payments', /no ISO 20022 namespace/],
  ])('refuses %s as unsupported_message', (_label, namespace, message) => {
    const error = errorOf(pain001(namespace));
    expect(error.code).toBe('unsupported_message');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/supported: pain.001.001.03–11/);
  });

  it('refuses a Document without a namespace and a root that is not a Document', () => {
    expect(errorOf('<Document><CstmrCdtTrfInitn/></Document>').code).toBe('unsupported_message');
    const error = errorOf('<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"/>');
    expect(error.code).toBe('unsupported_message');
    expect(error.message).toMatch(/root element must be an ISO 20022 Document \(found "AppHdr"\)/);
  });
});

describe('parseIso20022 on a pain.001.001.03 file from an ERP', () => {
  const message = parseIso20022(readFixture('pain.001.001.03.xml')) as Pain001Document;

  it('reads both payment information blocks with version 03 shapes (BIC, plain ReqdExctnDt)', () => {
    expect(message.groupHeader).toEqual({
      messageId: 'ERP-20240430-0007',
      createdAt: '2024-04-30T17:45:03',
      numberOfTransactions: 3,
      controlSum: '3581.1',
      initiatingParty: { name: 'Klerno Demo GmbH', country: null },
    });
    const [eur, chf] = message.paymentInformation;
    expect(eur).toMatchObject({
      paymentInformationId: 'ERP-20240430-0007-EUR',
      requestedExecutionDate: '2024-05-02',
      debtor: { name: 'Klerno Demo GmbH', country: 'DE' },
      debtorAgent: { bic: 'COBADEFFXXX' },
    });
    expect(eur?.transactions[0]).toEqual({
      instructionId: 'ERP-7-1',
      endToEndId: 'INV-2024-0451',
      amount: { value: '2581.1', currency: 'EUR', issuer: null, digitalAsset: false },
      creditor: { name: "Société Générale d'Équipement", country: 'FR' },
      creditorAccount: { kind: 'iban', iban: 'FR1420041010050500013M02606' },
      creditorAgent: {
        bic: 'BNPAFRPPXXX',
        clearingSystemMemberId: null,
        name: null,
        otherId: null,
      },
      remittanceInformation: ['Facture 2024-0451'],
    });
    expect(chf).toMatchObject({
      requestedExecutionDate: '2024-05-03',
      debtorAccount: { kind: 'other', id: '0532013001', scheme: 'BBAN' },
      debtorAgent: { bic: null, clearingSystemMemberId: '37040044' },
      transactions: [{ amount: { value: '500', currency: 'CHF' } }],
    });
  });
});

describe('parseIso20022 refuses invalid fields with the path of the field', () => {
  const ns = `${XSD}pain.001.001.09`;
  const txPath = '/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]';

  it.each([
    [
      'an exponent amount',
      pain001(ns, undefined, transfer('1e400')),
      `${txPath}/Amt/InstdAmt`,
      /plain decimal/,
    ],
    [
      'a comma amount',
      pain001(ns, undefined, transfer('1,000.00')),
      `${txPath}/Amt/InstdAmt`,
      /"1,000.00" is not a valid amount/,
    ],
    [
      'NaN',
      pain001(ns, undefined, transfer('NaN')),
      `${txPath}/Amt/InstdAmt`,
      /not a valid amount/,
    ],
    [
      'a 40-digit amount',
      pain001(ns, undefined, transfer('1'.repeat(40))),
      `${txPath}/Amt/InstdAmt`,
      /integer digits/,
    ],
    [
      'a bad currency code',
      pain001(ns, undefined, transfer('1', 'euro')),
      `${txPath}/Amt/InstdAmt/@Ccy`,
      /3-letter/,
    ],
    [
      'a missing MsgId',
      pain001(ns).replace('<MsgId>M1</MsgId>', ''),
      '/Document/CstmrCdtTrfInitn/GrpHdr/MsgId',
      /required but missing/,
    ],
    [
      'an empty EndToEndId',
      pain001(ns).replace('<EndToEndId>E1</EndToEndId>', '<EndToEndId> </EndToEndId>'),
      `${txPath}/PmtId/EndToEndId`,
      /must not be empty/,
    ],
    [
      'a bad creation time',
      pain001(ns).replace('2024-05-01T12:00:00Z', 'yesterday'),
      '/Document/CstmrCdtTrfInitn/GrpHdr/CreDtTm',
      /date-time/,
    ],
    [
      'a wrong NbOfTxs',
      pain001(ns, '<NbOfTxs>2</NbOfTxs>'),
      '/Document/CstmrCdtTrfInitn/GrpHdr/NbOfTxs',
      /says 2 but 1 transactions follow/,
    ],
    [
      'a wrong CtrlSum',
      pain001(ns, '<NbOfTxs>1</NbOfTxs><CtrlSum>12.49</CtrlSum>'),
      '/Document/CstmrCdtTrfInitn/GrpHdr/CtrlSum',
      /says 12.49 but the amounts add up to 12.5/,
    ],
    [
      'a missing debtor account',
      pain001(ns).replace(/<DbtrAcct>.*<\/DbtrAcct>/, ''),
      '/Document/CstmrCdtTrfInitn/PmtInf[1]/DbtrAcct',
      /required/,
    ],
    [
      'no transactions',
      pain001(ns, undefined, ''),
      '/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf',
      /at least one/,
    ],
  ])('%s', (_label, xml, path, message) => {
    const error = errorOf(xml);
    expect(error.code).toBe('invalid_field');
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });

  it('accepts a matching CtrlSum written with other trailing zeros', () => {
    const xml = pain001(ns, '<NbOfTxs>1</NbOfTxs><CtrlSum>12.5000</CtrlSum>');
    expect((parseIso20022(xml) as Pain001Document).groupHeader.controlSum).toBe('12.5');
  });
});
