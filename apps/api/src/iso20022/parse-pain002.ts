import {
  readAmount,
  readCount,
  readDateTime,
  readControlSum,
  readParty,
  readStatusReasons,
} from './common-fields.js';
import type {
  Pain002Document,
  Pain002PaymentInformationStatus,
  Pain002TransactionStatus,
} from './types.js';
import type { XmlNode } from './xml-node.js';

/** Reads a pain.002 customer payment status report (versions 03–10). */
export function parsePain002(document: XmlNode, version: string): Pain002Document {
  const report = document.require('CstmrPmtStsRpt');
  const header = report.require('GrpHdr');
  const original = report.require('OrgnlGrpInfAndSts');
  const originalCreatedAt = original.child('OrgnlCreDtTm');
  return {
    type: 'pain.002',
    version,
    groupHeader: {
      messageId: header.requireToken('MsgId'),
      createdAt: readDateTime(header.require('CreDtTm')),
      initiatingParty: readParty(header.child('InitgPty')),
    },
    originalGroup: {
      messageId: original.requireToken('OrgnlMsgId'),
      messageNameId: original.tokenAt('OrgnlMsgNmId'),
      createdAt: originalCreatedAt === null ? null : readDateTime(originalCreatedAt),
      numberOfTransactions: readCount(original.child('OrgnlNbOfTxs')),
      controlSum: readControlSum(original.child('OrgnlCtrlSum')),
      status: original.tokenAt('GrpSts'),
      statusReasons: readStatusReasons(original),
    },
    paymentInformation: report.children('OrgnlPmtInfAndSts').map(readPaymentInformationStatus),
  };
}

function readPaymentInformationStatus(block: XmlNode): Pain002PaymentInformationStatus {
  return {
    originalPaymentInformationId: block.requireToken('OrgnlPmtInfId'),
    status: block.tokenAt('PmtInfSts'),
    statusReasons: readStatusReasons(block),
    transactions: block.children('TxInfAndSts').map(readTransactionStatus),
  };
}

function readTransactionStatus(transaction: XmlNode): Pain002TransactionStatus {
  const amountChoice = transaction.at('OrgnlTxRef/Amt');
  const amount = amountChoice?.child('InstdAmt') ?? amountChoice?.at('EqvtAmt/Amt') ?? null;
  return {
    statusId: transaction.tokenAt('StsId'),
    originalInstructionId: transaction.tokenAt('OrgnlInstrId'),
    originalEndToEndId: transaction.tokenAt('OrgnlEndToEndId'),
    status: transaction.tokenAt('TxSts'),
    statusReasons: readStatusReasons(transaction),
    accountServicerReference: transaction.tokenAt('AcctSvcrRef'),
    originalAmount: amount === null ? null : readAmount(amount),
  };
}
