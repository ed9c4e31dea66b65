import { compareDecimals, sumDecimals } from '@klerno/db';
import {
  readAccount,
  readAgent,
  readAmount,
  readCount,
  readDateChoice,
  readDateTime,
  readControlSum,
  readParty,
  readRemittance,
  requireAccount,
} from './common-fields.js';
import { DIGITAL_ASSET_CCY, DIGITAL_ASSET_NAMESPACE } from './currencies.js';
import { invalidField } from './errors.js';
import type {
  InstructedAmount,
  Pain001Document,
  Pain001PaymentInformation,
  Pain001Transaction,
} from './types.js';
import type { XmlNode } from './xml-node.js';

/**
 * Reads a pain.001 (versions 03–11). `NbOfTxs` and `CtrlSum` are checked against the
 * transactions (exactly, as decimals), as a bank would: a mismatch is an `invalid_field`.
 */
export function parsePain001(document: XmlNode, version: string): Pain001Document {
  const message = document.require('CstmrCdtTrfInitn');
  const header = message.require('GrpHdr');
  const paymentInformation = message.children('PmtInf').map(readPaymentInformation);
  if (paymentInformation.length === 0) {
    throw invalidField(
      `${message.path}/PmtInf`,
      'at least one payment information block is required',
    );
  }
  const transactions = paymentInformation.flatMap((block) => block.transactions);
  const groupHeader = {
    messageId: header.requireToken('MsgId'),
    createdAt: readDateTime(header.require('CreDtTm')),
    numberOfTransactions: readCount(header.require('NbOfTxs')) ?? 0,
    controlSum: readControlSum(header.child('CtrlSum')),
    initiatingParty: readParty(header.child('InitgPty')),
  };
  checkTotals(header, groupHeader.numberOfTransactions, groupHeader.controlSum, transactions);
  return { type: 'pain.001', version, groupHeader, paymentInformation };
}

function readPaymentInformation(block: XmlNode): Pain001PaymentInformation {
  const transactions = block.children('CdtTrfTxInf').map(readTransaction);
  if (transactions.length === 0) {
    throw invalidField(`${block.path}/CdtTrfTxInf`, 'at least one transaction is required');
  }
  const numberOfTransactions = readCount(block.child('NbOfTxs'));
  const controlSum = readControlSum(block.child('CtrlSum'));
  checkTotals(block, numberOfTransactions, controlSum, transactions);
  const debtor = readParty(block.require('Dbtr'));
  return {
    paymentInformationId: block.requireToken('PmtInfId'),
    paymentMethod: block.requireToken('PmtMtd'),
    numberOfTransactions,
    controlSum,
    requestedExecutionDate: readDateChoice(block.require('ReqdExctnDt')),
    debtor: debtor ?? { name: null, country: null },
    debtorAccount: requireAccount(block, 'DbtrAcct'),
    debtorAgent: readAgent(block.child('DbtrAgt')),
    transactions,
  };
}

function readTransaction(transaction: XmlNode): Pain001Transaction {
  return {
    instructionId: transaction.tokenAt('PmtId/InstrId'),
    endToEndId: transaction.requireToken('PmtId/EndToEndId'),
    amount: readInstructedAmount(transaction),
    creditor: readParty(transaction.child('Cdtr')),
    creditorAccount: readAccount(transaction.child('CdtrAcct')),
    creditorAgent: readAgent(transaction.child('CdtrAgt')),
    remittanceInformation: readRemittance(transaction),
  };
}

/** `Amt/InstdAmt`, or `Amt/EqvtAmt/Amt`; `XXX` plus a Klerno `DgtlAsst` supplement is a digital asset. */
function readInstructedAmount(transaction: XmlNode): InstructedAmount {
  const amountChoice = transaction.require('Amt');
  const amount = readAmount(amountChoice.child('InstdAmt') ?? amountChoice.require('EqvtAmt/Amt'));
  const asset = amount.currency === DIGITAL_ASSET_CCY ? readDigitalAsset(transaction) : null;
  if (asset === null) return { ...amount, issuer: null, digitalAsset: false };
  return { value: amount.value, currency: asset.code, issuer: asset.issuer, digitalAsset: true };
}

function readDigitalAsset(transaction: XmlNode): { code: string; issuer: string | null } | null {
  for (const supplement of transaction.children('SplmtryData')) {
    const asset = supplement.at('Envlp/DgtlAsst');
    if (asset === null || asset.element.namespace !== DIGITAL_ASSET_NAMESPACE) continue;
    return { code: asset.requireToken('Cd'), issuer: asset.tokenAt('Issr') };
  }
  return null;
}

function checkTotals(
  node: XmlNode,
  numberOfTransactions: number | null,
  controlSum: string | null,
  transactions: readonly Pain001Transaction[],
): void {
  if (numberOfTransactions !== null && numberOfTransactions !== transactions.length) {
    throw invalidField(
      `${node.path}/NbOfTxs`,
      `says ${numberOfTransactions} but ${transactions.length} transactions follow`,
    );
  }
  if (controlSum === null) return;
  const actual = sumDecimals(transactions.map((transaction) => transaction.amount.value));
  if (compareDecimals(controlSum, actual) !== 0) {
    throw invalidField(
      `${node.path}/CtrlSum`,
      `says ${controlSum} but the amounts add up to ${actual}`,
    );
  }
}
