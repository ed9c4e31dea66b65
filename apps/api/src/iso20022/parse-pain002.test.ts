import { describe, expect, it } from 'vitest';
import { readFixture } from './fixtures.js';
import { parseIso20022 } from './parse.js';
import type { Pain002Document } from './types.js';

function parseStatus(xml: string): Pain002Document {
  const message = parseIso20022(xml);
  if (message.type !== 'pain.002') throw new Error(`expected pain.002, got ${message.type}`);
  return message;
}

describe('parseIso20022 on a pain.002.001.10 status report', () => {
  const report = parseStatus(readFixture('pain.002.001.10.xml'));

  it('reads the group header and the original group with its status', () => {
    expect(report.version).toBe('pain.002.001.10');
    expect(report.groupHeader).toEqual({
      messageId: 'STS-20240502-000173',
      createdAt: '2024-05-02T09:15:27.482+02:00',
      initiatingParty: { name: 'Commerzbank AG', country: null },
    });
    expect(report.originalGroup).toEqual({
      messageId: 'KLR-MSG-0001',
      messageNameId: 'pain.001.001.09',
      createdAt: '2024-05-01T18:02:11.000Z',
      numberOfTransactions: 3,
      controlSum: '1750.75',
      status: 'PART',
      statusReasons: [],
    });
  });

  it('reads every transaction status with its reason codes and original amount', () => {
    const [block] = report.paymentInformation;
    expect(block?.originalPaymentInformationId).toBe('KLR-PMT-0001');
    expect(block?.status).toBe('PART');
    expect(block?.transactions).toEqual([
      {
        statusId: 'STS-173-1',
        originalInstructionId: 'INSTR-1',
        originalEndToEndId: 'E2E-2024-0001',
        status: 'ACSC',
        statusReasons: [],
        accountServicerReference: 'CBK-7781-AA',
        originalAmount: { value: '1000', currency: 'EUR' },
      },
      {
        statusId: 'STS-173-2',
        originalInstructionId: 'INSTR-2',
        originalEndToEndId: 'E2E-2024-0002',
        status: 'RJCT',
        statusReasons: [
          { code: 'AC04', proprietary: null, additionalInformation: ['Creditor account closed'] },
        ],
        accountServicerReference: null,
        originalAmount: { value: '500.25', currency: 'EUR' },
      },
      {
        statusId: 'STS-173-3',
        originalInstructionId: null,
        originalEndToEndId: 'E2E-2024-0003',
        status: 'RJCT',
        statusReasons: [
          {
            code: 'AM04',
            proprietary: null,
            additionalInformation: [
              'Insufficient funds on debtor account',
              'Retry after 2024-05-03 <cut-off 14:00>',
            ],
          },
          { code: null, proprietary: 'LIMIT-DAILY', additionalInformation: [] },
        ],
        accountServicerReference: null,
        originalAmount: { value: '250.5', currency: 'USD' },
      },
    ]);
  });

  it('reads a group-level rejection in version 03 (no payment information blocks)', () => {
    const rejected = parseStatus(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>REJ-1</MsgId><CreDtTm>2024-05-01T18:05:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>KLR-MSG-0002</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
      <GrpSts>RJCT</GrpSts>
      <StsRsnInf><Rsn><Cd>FF01</Cd></Rsn><AddtlInf>Invalid file format</AddtlInf></StsRsnInf>
    </OrgnlGrpInfAndSts>
  </CstmrPmtStsRpt>
</Document>`);
    expect(rejected.version).toBe('pain.002.001.03');
    expect(rejected.originalGroup.status).toBe('RJCT');
    expect(rejected.originalGroup.statusReasons).toEqual([
      { code: 'FF01', proprietary: null, additionalInformation: ['Invalid file format'] },
    ]);
    expect(rejected.paymentInformation).toEqual([]);
  });
});
