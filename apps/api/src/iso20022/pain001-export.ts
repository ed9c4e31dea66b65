import { sumDecimals } from '@klerno/db';
import { DIGITAL_ASSET_CCY, DIGITAL_ASSET_NAMESPACE, DIGITAL_ASSET_PLACE } from './currencies.js';
import type {
  Pain001AccountInput,
  Pain001AgentInput,
  Pain001ExportInput,
  Pain001PartyInput,
} from './export-input.js';
import { checkPain001Input, type CheckedTransaction } from './export-validation.js';
import { element, renderXmlDocument, type XmlElementNode } from './xml-writer.js';

export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

/**
 * Writes a pain.001.001.09 customer credit transfer initiation: one payment information block
 * (one debtor, account and execution date) with one `CdtTrfTxInf` per transaction. Amounts are
 * written exactly as canonical decimals and `CtrlSum` is their exact sum (across currencies, as
 * ISO 20022 defines it). Throws `Iso20022Error` ('invalid_field') naming the bad input field.
 */
export function exportPain001(input: Pain001ExportInput): string {
  const file = checkPain001Input(input);
  const numberOfTransactions = String(file.transactions.length);
  const controlSum = sumDecimals(file.transactions.map((transaction) => transaction.amount));

  const document = element(
    'Document',
    [
      element('CstmrCdtTrfInitn', [
        element('GrpHdr', [
          element('MsgId', file.messageId),
          element('CreDtTm', file.createdAt),
          element('NbOfTxs', numberOfTransactions),
          element('CtrlSum', controlSum),
          party('InitgPty', file.initiatingParty),
        ]),
        element('PmtInf', [
          element('PmtInfId', file.paymentInformationId),
          element('PmtMtd', 'TRF'),
          element('NbOfTxs', numberOfTransactions),
          element('CtrlSum', controlSum),
          element('ReqdExctnDt', [element('Dt', file.requestedExecutionDate)]),
          party('Dbtr', file.debtor),
          account('DbtrAcct', file.debtorAccount),
          agent('DbtrAgt', file.debtorAgent),
          ...file.transactions.map(creditTransfer),
        ]),
      ]),
    ],
    { xmlns: PAIN001_NAMESPACE },
  );
  return renderXmlDocument(document);
}

function creditTransfer(transaction: CheckedTransaction): XmlElementNode {
  const { asset } = transaction;
  const ccy = asset.kind === 'fiat' ? asset.currency : DIGITAL_ASSET_CCY;
  return element('CdtTrfTxInf', [
    element('PmtId', [
      transaction.instructionId !== undefined && element('InstrId', transaction.instructionId),
      element('EndToEndId', transaction.endToEndId),
    ]),
    element('Amt', [element('InstdAmt', transaction.amount, { Ccy: ccy })]),
    transaction.creditorAgent !== undefined && agent('CdtrAgt', transaction.creditorAgent),
    party('Cdtr', transaction.creditor),
    account('CdtrAcct', transaction.creditorAccount),
    transaction.memoLines.length > 0 &&
      element(
        'RmtInf',
        transaction.memoLines.map((line) => element('Ustrd', line)),
      ),
    asset.kind === 'digital' &&
      element('SplmtryData', [
        element('PlcAndNm', DIGITAL_ASSET_PLACE),
        element('Envlp', [
          element(
            'DgtlAsst',
            [element('Cd', asset.code), asset.issuer !== null && element('Issr', asset.issuer)],
            { xmlns: DIGITAL_ASSET_NAMESPACE },
          ),
        ]),
      ]),
  ]);
}

function party(name: string, value: Pain001PartyInput): XmlElementNode {
  return element(name, [
    element('Nm', value.name),
    value.country !== undefined && element('PstlAdr', [element('Ctry', value.country)]),
  ]);
}

function account(name: string, value: Pain001AccountInput): XmlElementNode {
  const id =
    value.kind === 'iban'
      ? element('IBAN', value.iban)
      : element('Othr', [
          element('Id', value.id),
          value.scheme !== undefined && element('SchmeNm', [element('Prtry', value.scheme)]),
        ]);
  return element(name, [element('Id', [id])]);
}

function agent(name: string, value: Pain001AgentInput): XmlElementNode {
  const id =
    value.kind === 'bic' ? element('BICFI', value.bic) : element('Othr', [element('Id', value.id)]);
  return element(name, [element('FinInstnId', [id])]);
}
