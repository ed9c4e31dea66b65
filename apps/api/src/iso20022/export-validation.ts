/**
 * Checks an export request field by field and returns it normalised (IBANs and BICs in
 * electronic format, amounts canonical, dates in UTC). The first problem throws an
 * `Iso20022Error` ('invalid_field') naming the input path, e.g. `transactions[2].amount`.
 */
import { parseDecimal } from '@klerno/db';
import { validateBic } from './bic.js';
import { isCountryCode } from './countries.js';
import {
  NATIVE_DIGITAL_ASSETS,
  DIGITAL_ASSET_CCY,
  isIso4217,
  isIssuedCurrencyCode,
} from './currencies.js';
import { invalidField, quoteForError } from './errors.js';
import type {
  Pain001AccountInput,
  Pain001AgentInput,
  Pain001ExportInput,
  Pain001PartyInput,
  Pain001TransactionInput,
} from './export-input.js';
import { validateIban } from './iban.js';
import { isXmlSafe } from './xml-writer.js';

/** One file holds at most this many transactions (NbOfTxs is Max15NumericText; banks cap lower). */
export const MAX_PAIN001_TRANSACTIONS = 10_000;

/** `ActiveOrHistoricCurrencyAndAmount` facets: at most 18 digits, 5 of them after the point. */
const FIAT_MAX_TOTAL_DIGITS = 18;
const FIAT_MAX_FRACTION_DIGITS = 5;

export type CheckedAsset =
  { kind: 'fiat'; currency: string } | { kind: 'digital'; code: string; issuer: string | null };

export interface CheckedTransaction extends Omit<Pain001TransactionInput, 'currency' | 'issuer'> {
  amount: string;
  asset: CheckedAsset;
  memoLines: string[];
}

export interface CheckedPain001 extends Omit<Pain001ExportInput, 'createdAt' | 'transactions'> {
  createdAt: string;
  initiatingParty: Pain001PartyInput;
  debtorAgent: Pain001AgentInput;
  transactions: CheckedTransaction[];
}

export function checkPain001Input(input: Pain001ExportInput): CheckedPain001 {
  const count = input.transactions.length;
  if (count === 0) throw invalidField('transactions', 'at least one transaction is required');
  if (count > MAX_PAIN001_TRANSACTIONS) {
    throw invalidField(
      'transactions',
      `at most ${MAX_PAIN001_TRANSACTIONS} transactions per file (got ${count})`,
    );
  }
  const debtor = checkParty(input.debtor, 'debtor');
  return {
    messageId: checkText(input.messageId, 'messageId', 35),
    createdAt: checkDateTime(input.createdAt, 'createdAt'),
    initiatingParty:
      input.initiatingParty === undefined
        ? debtor
        : checkParty(input.initiatingParty, 'initiatingParty'),
    paymentInformationId: checkText(input.paymentInformationId, 'paymentInformationId', 35),
    requestedExecutionDate: checkDate(input.requestedExecutionDate, 'requestedExecutionDate'),
    debtor,
    debtorAccount: checkAccount(input.debtorAccount, 'debtorAccount'),
    debtorAgent:
      input.debtorAgent === undefined
        ? { kind: 'other', id: 'NOTPROVIDED' }
        : checkAgent(input.debtorAgent, 'debtorAgent'),
    transactions: input.transactions.map((transaction, index) =>
      checkTransaction(transaction, `transactions[${index}]`),
    ),
  };
}

function checkTransaction(input: Pain001TransactionInput, path: string): CheckedTransaction {
  const asset = checkAsset(input.currency, input.issuer, path);
  const checked: CheckedTransaction = {
    endToEndId: checkText(input.endToEndId, `${path}.endToEndId`, 35),
    amount: checkAmount(input.amount, asset, `${path}.amount`),
    asset,
    creditor: checkParty(input.creditor, `${path}.creditor`),
    creditorAccount: checkAccount(input.creditorAccount, `${path}.creditorAccount`),
    memoLines: checkMemo(input.memo, `${path}.memo`),
  };
  if (input.instructionId !== undefined) {
    checked.instructionId = checkText(input.instructionId, `${path}.instructionId`, 35);
  }
  if (input.creditorAgent !== undefined) {
    checked.creditorAgent = checkAgent(input.creditorAgent, `${path}.creditorAgent`);
  }
  return checked;
}

function checkAsset(currency: unknown, issuer: unknown, path: string): CheckedAsset {
  if (typeof currency !== 'string' || currency === '') {
    throw invalidField(`${path}.currency`, 'a currency is required');
  }
  if (issuer !== undefined && issuer !== null) {
    const checkedIssuer = checkText(issuer, `${path}.issuer`, 128);
    if (!isIssuedCurrencyCode(currency)) {
      throw invalidField(
        `${path}.currency`,
        `${quoteForError(currency)} is not a token code (3 letters or digits, or 40 hex digits; not XRP)`,
      );
    }
    return { kind: 'digital', code: currency, issuer: checkedIssuer };
  }
  if (NATIVE_DIGITAL_ASSETS.has(currency)) return { kind: 'digital', code: currency, issuer: null };
  if (currency === DIGITAL_ASSET_CCY) {
    throw invalidField(
      `${path}.currency`,
      'XXX ("no currency") is reserved for digital assets; give the asset itself',
    );
  }
  if (isIso4217(currency)) return { kind: 'fiat', currency };
  throw invalidField(
    `${path}.currency`,
    `unknown currency ${quoteForError(currency)}: give an ISO 4217 code, XRP, or a token code with its issuer`,
  );
}

function checkAmount(amount: unknown, asset: CheckedAsset, path: string): string {
  if (typeof amount !== 'string') throw invalidField(path, 'must be a decimal string');
  const parsed = parseDecimal(amount);
  if (!parsed.ok) throw invalidField(path, parsed.message);
  if (parsed.value.startsWith('-') || parsed.value === '0') {
    throw invalidField(path, 'must be greater than 0');
  }
  if (asset.kind === 'fiat') {
    const [integer = '', fraction = ''] = parsed.value.split('.');
    if (fraction.length > FIAT_MAX_FRACTION_DIGITS) {
      throw invalidField(
        path,
        `${asset.currency} amounts have at most ${FIAT_MAX_FRACTION_DIGITS} decimal places in ISO 20022`,
      );
    }
    if (integer.replace(/^0+/, '').length + fraction.length > FIAT_MAX_TOTAL_DIGITS) {
      throw invalidField(path, `at most ${FIAT_MAX_TOTAL_DIGITS} digits in ISO 20022`);
    }
  }
  return parsed.value;
}

function checkParty(party: Pain001PartyInput, path: string): Pain001PartyInput {
  const checked: Pain001PartyInput = { name: checkText(party.name, `${path}.name`, 140) };
  if (party.country !== undefined) checked.country = checkCountry(party.country, `${path}.country`);
  return checked;
}

function checkCountry(country: unknown, path: string): string {
  if (typeof country !== 'string' || !isCountryCode(country)) {
    throw invalidField(path, 'must be an ISO 3166 alpha-2 country code such as "DE"');
  }
  return country;
}

function checkAccount(account: Pain001AccountInput, path: string): Pain001AccountInput {
  if (account.kind === 'iban') {
    const result = validateIban(account.iban);
    if (!result.valid) throw invalidField(`${path}.iban`, result.reason);
    return { kind: 'iban', iban: result.iban };
  }
  const checked: Pain001AccountInput = {
    kind: 'other',
    id: checkText(account.id, `${path}.id`, 34),
  };
  if (account.scheme !== undefined)
    checked.scheme = checkText(account.scheme, `${path}.scheme`, 35);
  return checked;
}

function checkAgent(agent: Pain001AgentInput, path: string): Pain001AgentInput {
  if (agent.kind === 'bic') {
    const result = validateBic(agent.bic);
    if (!result.valid) throw invalidField(`${path}.bic`, result.reason);
    return { kind: 'bic', bic: result.bic };
  }
  return { kind: 'other', id: checkText(agent.id, `${path}.id`, 35) };
}

/** Unstructured remittance lines are Max140Text: a longer memo is cut into 140-character lines. */
const MEMO_LINE_LENGTH = 140;

function checkMemo(memo: unknown, path: string): string[] {
  if (memo === undefined || memo === null || memo === '') return [];
  if (typeof memo !== 'string') throw invalidField(path, 'must be a string');
  if (!isXmlSafe(memo)) throw invalidField(path, 'contains control characters XML cannot carry');
  const codePoints = [...memo];
  const lines: string[] = [];
  for (let start = 0; start < codePoints.length; start += MEMO_LINE_LENGTH) {
    lines.push(codePoints.slice(start, start + MEMO_LINE_LENGTH).join(''));
  }
  return lines;
}

/** ISO 20022 MaxNText: 1..N characters (counted as Unicode code points), not only spaces. */
function checkText(value: unknown, path: string, maxLength: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidField(path, 'is required and must not be blank');
  }
  const length = [...value].length;
  if (length > maxLength) {
    throw invalidField(path, `must be at most ${maxLength} characters (got ${length})`);
  }
  if (!isXmlSafe(value)) throw invalidField(path, 'contains control characters XML cannot carry');
  return value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDate(value: unknown, path: string): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) throw invalidField(path, 'must be a date as YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw invalidField(path, 'is not a real calendar date');
  }
  return value as string;
}

const ISO_DATE_TIME_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function checkDateTime(value: unknown, path: string): string {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' && ISO_DATE_TIME_WITH_ZONE.test(value)
        ? new Date(value)
        : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw invalidField(
      path,
      'must be an ISO 8601 date-time with a zone, e.g. 2024-05-01T12:00:00Z',
    );
  }
  return date.toISOString();
}
