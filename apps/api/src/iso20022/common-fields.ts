/** Readers for the building blocks every supported message shares (amounts, parties, accounts). */
import { canonicalDecimal, parseDecimal } from '@klerno/db';
import { invalidField, quoteForError } from './errors.js';
import type {
  AccountId,
  Agent,
  CreditDebit,
  Iso20022Amount,
  Party,
  StatusReason,
} from './types.js';
import type { XmlNode } from './xml-node.js';

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** An element like `<InstdAmt Ccy="EUR">12.50</InstdAmt>`. */
export function readAmount(node: XmlNode): Iso20022Amount {
  const currency = node.attribute('Ccy')?.trim() ?? '';
  if (!CURRENCY_CODE.test(currency)) {
    throw invalidField(`${node.path}/@Ccy`, 'must be a 3-letter currency code');
  }
  return { value: readDecimal(node), currency };
}

/** A plain decimal in canonical form ("12.50" → "12.5"); exponents, signs like "+", "," refused. */
export function readDecimal(node: XmlNode): string {
  const token = node.token();
  const parsed = parseDecimal(token);
  if (!parsed.ok) {
    throw invalidField(
      node.path,
      `${quoteForError(token)} is not a valid amount: ${parsed.message}`,
    );
  }
  return parsed.value;
}

/**
 * A control sum: the total of many amounts, so it may have more integer digits than one amount
 * (bounded all the same, so a hostile document cannot make us parse a megabyte-long number).
 */
const CONTROL_SUM = /^\d{1,30}(?:\.\d{1,18})?$/;

export function readControlSum(node: XmlNode | null): string | null {
  if (node === null) return null;
  const token = node.token();
  if (!CONTROL_SUM.test(token)) {
    throw invalidField(node.path, 'must be a plain decimal of at most 30 + 18 digits');
  }
  return canonicalDecimal(token);
}

/** `NbOfTxs` and similar Max15NumericText counts. */
export function readCount(node: XmlNode | null): number | null {
  if (node === null) return null;
  const token = node.token();
  if (!/^[0-9]{1,15}$/.test(token))
    throw invalidField(node.path, 'must be a number of 1–15 digits');
  return Number(token);
}

export function readCreditDebit(node: XmlNode): CreditDebit {
  const token = node.token();
  if (token === 'CRDT') return 'credit';
  if (token === 'DBIT') return 'debit';
  throw invalidField(node.path, 'must be CRDT or DBIT');
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** An ISODate or ISODateTime element, as written. */
export function readDateOrDateTime(node: XmlNode): string {
  const token = node.token();
  if (!DATE.test(token) && !DATE_TIME.test(token)) {
    throw invalidField(node.path, 'must be an ISO 8601 date or date-time');
  }
  return token;
}

export function readDateTime(node: XmlNode): string {
  const token = node.token();
  if (!DATE_TIME.test(token)) throw invalidField(node.path, 'must be an ISO 8601 date-time');
  return token;
}

/** A `DateAndDateTime(2)Choice` (`Dt` or `DtTm`), or a plain date as in older versions. */
export function readDateChoice(node: XmlNode): string {
  const choice = node.child('Dt') ?? node.child('DtTm');
  return readDateOrDateTime(choice ?? node);
}

export function readParty(node: XmlNode | null): Party | null {
  if (node === null) return null;
  return { name: node.textAt('Nm'), country: node.tokenAt('PstlAdr/Ctry') };
}

/** A `CashAccount` (`Id/IBAN` or `Id/Othr/Id`). */
export function readAccount(node: XmlNode | null): AccountId | null {
  if (node === null) return null;
  const iban = node.tokenAt('Id/IBAN');
  if (iban !== null) return { kind: 'iban', iban };
  const other = node.at('Id/Othr');
  if (other !== null) {
    return {
      kind: 'other',
      id: other.requireToken('Id'),
      scheme: other.tokenAt('SchmeNm/Cd') ?? other.tokenAt('SchmeNm/Prtry'),
    };
  }
  throw invalidField(`${node.path}/Id`, 'must hold an IBAN or an Othr/Id');
}

export function requireAccount(node: XmlNode, name: string): AccountId {
  const account = readAccount(node.require(name));
  if (account === null) throw invalidField(`${node.path}/${name}`, 'is required but missing');
  return account;
}

/** A `BranchAndFinancialInstitutionIdentification` (BIC is `BICFI` from version 04, `BIC` before). */
export function readAgent(node: XmlNode | null): Agent | null {
  const institution = node?.child('FinInstnId') ?? null;
  if (institution === null) return null;
  return {
    bic: institution.tokenAt('BICFI') ?? institution.tokenAt('BIC'),
    clearingSystemMemberId: institution.tokenAt('ClrSysMmbId/MmbId'),
    name: institution.textAt('Nm'),
    otherId: institution.tokenAt('Othr/Id'),
  };
}

export function readStatusReasons(node: XmlNode): StatusReason[] {
  return node.children('StsRsnInf').map((reason) => ({
    code: reason.tokenAt('Rsn/Cd'),
    proprietary: reason.tokenAt('Rsn/Prtry'),
    additionalInformation: reason.children('AddtlInf').map((line) => line.text()),
  }));
}

/** Unstructured remittance lines (`RmtInf/Ustrd`), exactly as written. */
export function readRemittance(node: XmlNode): string[] {
  return (
    node
      .child('RmtInf')
      ?.children('Ustrd')
      .map((line) => line.text()) ?? []
  );
}
