import {
  readAccount,
  readAgent,
  readAmount,
  readCreditDebit,
  readDateChoice,
  readDateTime,
  readParty,
  readRemittance,
  requireAccount,
} from './common-fields.js';
import { invalidField } from './errors.js';
import type {
  BankTransactionCode,
  Camt053Balance,
  Camt053Document,
  Camt053Entry,
  Camt053EntryTransaction,
  Camt053Statement,
  Party,
} from './types.js';
import type { XmlNode } from './xml-node.js';

/**
 * Reads a camt.053 bank-to-customer statement (versions 02–08). Differences between versions
 * handled: entry status as text (≤ 06) or `Sts/Cd` (07+), transaction amount as `AmtDtls/TxAmt`
 * (02) or `Amt` (03+), related parties directly (≤ 07) or under `Pty` (08).
 */
export function parseCamt053(document: XmlNode, version: string): Camt053Document {
  const message = document.require('BkToCstmrStmt');
  const header = message.require('GrpHdr');
  const statements = message.children('Stmt').map(readStatement);
  if (statements.length === 0) {
    throw invalidField(`${message.path}/Stmt`, 'at least one statement is required');
  }
  return {
    type: 'camt.053',
    version,
    groupHeader: {
      messageId: header.requireToken('MsgId'),
      createdAt: readDateTime(header.require('CreDtTm')),
    },
    statements,
  };
}

function readStatement(statement: XmlNode): Camt053Statement {
  const account = statement.require('Acct');
  const createdAt = statement.child('CreDtTm');
  const period = statement.child('FrToDt');
  return {
    id: statement.requireToken('Id'),
    electronicSequenceNumber: statement.tokenAt('ElctrncSeqNb'),
    createdAt: createdAt === null ? null : readDateTime(createdAt),
    fromDateTime: period?.tokenAt('FrDtTm') ?? null,
    toDateTime: period?.tokenAt('ToDtTm') ?? null,
    account: {
      id: requireAccount(statement, 'Acct'),
      currency: account.tokenAt('Ccy'),
      ownerName: account.textAt('Ownr/Nm'),
      servicer: readAgent(account.child('Svcr')),
    },
    balances: statement.children('Bal').map(readBalance),
    entries: statement.children('Ntry').map(readEntry),
  };
}

function readBalance(balance: XmlNode): Camt053Balance {
  const type = balance.tokenAt('Tp/CdOrPrtry/Cd') ?? balance.tokenAt('Tp/CdOrPrtry/Prtry');
  if (type === null) throw invalidField(`${balance.path}/Tp`, 'needs CdOrPrtry/Cd or /Prtry');
  return {
    type,
    amount: readAmount(balance.require('Amt')),
    creditDebit: readCreditDebit(balance.require('CdtDbtInd')),
    date: readDateChoice(balance.require('Dt')),
  };
}

function readEntry(entry: XmlNode): Camt053Entry {
  const status = entry.child('Sts');
  const bookingDate = entry.child('BookgDt');
  const valueDate = entry.child('ValDt');
  const reversal = entry.tokenAt('RvslInd');
  return {
    reference: entry.tokenAt('NtryRef'),
    amount: readAmount(entry.require('Amt')),
    creditDebit: readCreditDebit(entry.require('CdtDbtInd')),
    reversal: reversal === 'true' || reversal === '1',
    status: status === null ? null : readEntryStatus(status),
    bookingDate: bookingDate === null ? null : readDateChoice(bookingDate),
    valueDate: valueDate === null ? null : readDateChoice(valueDate),
    accountServicerReference: entry.tokenAt('AcctSvcrRef'),
    bankTransactionCode: readBankTransactionCode(entry.child('BkTxCd')),
    additionalInformation: entry.textAt('AddtlNtryInf'),
    transactions: entry
      .children('NtryDtls')
      .flatMap((details) => details.children('TxDtls'))
      .map(readEntryTransaction),
  };
}

/** Text up to version 06 (`<Sts>BOOK</Sts>`), a code choice from 07 (`<Sts><Cd>BOOK</Cd></Sts>`). */
function readEntryStatus(status: XmlNode): string | null {
  return status.tokenAt('Cd') ?? status.tokenAt('Prtry') ?? (status.token() || null);
}

function readBankTransactionCode(code: XmlNode | null): BankTransactionCode | null {
  if (code === null) return null;
  return {
    domain: code.tokenAt('Domn/Cd'),
    family: code.tokenAt('Domn/Fmly/Cd'),
    subFamily: code.tokenAt('Domn/Fmly/SubFmlyCd'),
    proprietary: code.tokenAt('Prtry/Cd'),
  };
}

function readEntryTransaction(details: XmlNode): Camt053EntryTransaction {
  const amount = details.child('Amt') ?? details.at('AmtDtls/TxAmt/Amt');
  const creditDebit = details.child('CdtDbtInd');
  const parties = details.child('RltdPties');
  return {
    references: {
      messageId: details.tokenAt('Refs/MsgId'),
      accountServicerReference: details.tokenAt('Refs/AcctSvcrRef'),
      paymentInformationId: details.tokenAt('Refs/PmtInfId'),
      instructionId: details.tokenAt('Refs/InstrId'),
      endToEndId: details.tokenAt('Refs/EndToEndId'),
      transactionId: details.tokenAt('Refs/TxId'),
    },
    amount: amount === null ? null : readAmount(amount),
    creditDebit: creditDebit === null ? null : readCreditDebit(creditDebit),
    debtor: relatedParty(parties, 'Dbtr'),
    debtorAccount: readAccount(parties?.child('DbtrAcct') ?? null),
    creditor: relatedParty(parties, 'Cdtr'),
    creditorAccount: readAccount(parties?.child('CdtrAcct') ?? null),
    remittanceInformation: readRemittance(details),
    additionalInformation: details.textAt('AddtlTxInf'),
  };
}

/** `RltdPties/Dbtr/Nm` up to version 07, `RltdPties/Dbtr/Pty/Nm` from 08. */
function relatedParty(parties: XmlNode | null, role: 'Dbtr' | 'Cdtr'): Party | null {
  const party = parties?.child(role) ?? null;
  return readParty(party?.child('Pty') ?? party);
}
