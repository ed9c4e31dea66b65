/** What `parseIso20022` returns: one typed object per supported message kind. */

/** An amount as written: a canonical decimal string and its `Ccy` (3 upper-case letters). */
export interface Iso20022Amount {
  value: string;
  currency: string;
}

/**
 * A payment initiation amount. For digital assets written under Klerno's convention
 * (`Ccy="XXX"` plus a `DgtlAsst` supplement) `currency` is the asset ("XRP") and `issuer` its
 * issuing account for tokens; otherwise `currency` is the `Ccy` and `digitalAsset` is false.
 */
export interface InstructedAmount extends Iso20022Amount {
  issuer: string | null;
  digitalAsset: boolean;
}

export interface Party {
  name: string | null;
  /** Postal-address country (ISO 3166 alpha-2) when given. */
  country: string | null;
}

export type AccountId =
  { kind: 'iban'; iban: string } | { kind: 'other'; id: string; scheme: string | null };

export interface Agent {
  bic: string | null;
  clearingSystemMemberId: string | null;
  name: string | null;
  otherId: string | null;
}

export interface StatusReason {
  /** An ISO external status reason code such as AC01 or AM04. */
  code: string | null;
  proprietary: string | null;
  additionalInformation: string[];
}

export type CreditDebit = 'credit' | 'debit';

// --- pain.001: customer credit transfer initiation ---

export interface Pain001GroupHeader {
  messageId: string;
  createdAt: string;
  numberOfTransactions: number;
  controlSum: string | null;
  initiatingParty: Party | null;
}

export interface Pain001Transaction {
  instructionId: string | null;
  endToEndId: string;
  amount: InstructedAmount;
  creditor: Party | null;
  creditorAccount: AccountId | null;
  creditorAgent: Agent | null;
  /** Unstructured remittance lines (`RmtInf/Ustrd`), in order. */
  remittanceInformation: string[];
}

export interface Pain001PaymentInformation {
  paymentInformationId: string;
  /** TRF, CHK or TRA. */
  paymentMethod: string;
  numberOfTransactions: number | null;
  controlSum: string | null;
  /** `ReqdExctnDt` (a date, or a date-time from version 08 on). */
  requestedExecutionDate: string;
  debtor: Party;
  debtorAccount: AccountId;
  debtorAgent: Agent | null;
  transactions: Pain001Transaction[];
}

export interface Pain001Document {
  type: 'pain.001';
  /** The exact message version, e.g. "pain.001.001.09". */
  version: string;
  groupHeader: Pain001GroupHeader;
  paymentInformation: Pain001PaymentInformation[];
}

// --- pain.002: customer payment status report ---

export interface Pain002OriginalGroup {
  messageId: string;
  messageNameId: string | null;
  createdAt: string | null;
  numberOfTransactions: number | null;
  controlSum: string | null;
  /** Group status such as ACCP, ACSC, PART, RJCT. */
  status: string | null;
  statusReasons: StatusReason[];
}

export interface Pain002TransactionStatus {
  statusId: string | null;
  originalInstructionId: string | null;
  originalEndToEndId: string | null;
  status: string | null;
  statusReasons: StatusReason[];
  accountServicerReference: string | null;
  originalAmount: Iso20022Amount | null;
}

export interface Pain002PaymentInformationStatus {
  originalPaymentInformationId: string;
  status: string | null;
  statusReasons: StatusReason[];
  transactions: Pain002TransactionStatus[];
}

export interface Pain002Document {
  type: 'pain.002';
  version: string;
  groupHeader: { messageId: string; createdAt: string; initiatingParty: Party | null };
  originalGroup: Pain002OriginalGroup;
  paymentInformation: Pain002PaymentInformationStatus[];
}

// --- camt.053: bank to customer statement ---

export interface BankTransactionCode {
  domain: string | null;
  family: string | null;
  subFamily: string | null;
  proprietary: string | null;
}

export interface Camt053Balance {
  /** OPBD, CLBD, CLAV, PRCD, ITBD… (or the proprietary code). */
  type: string;
  amount: Iso20022Amount;
  creditDebit: CreditDebit;
  /** A date or date-time. */
  date: string;
}

export interface Camt053TransactionReferences {
  messageId: string | null;
  accountServicerReference: string | null;
  paymentInformationId: string | null;
  instructionId: string | null;
  endToEndId: string | null;
  transactionId: string | null;
}

export interface Camt053EntryTransaction {
  references: Camt053TransactionReferences;
  amount: Iso20022Amount | null;
  creditDebit: CreditDebit | null;
  debtor: Party | null;
  debtorAccount: AccountId | null;
  creditor: Party | null;
  creditorAccount: AccountId | null;
  remittanceInformation: string[];
  additionalInformation: string | null;
}

export interface Camt053Entry {
  reference: string | null;
  amount: Iso20022Amount;
  creditDebit: CreditDebit;
  reversal: boolean;
  /** BOOK, PDNG, INFO… */
  status: string | null;
  bookingDate: string | null;
  valueDate: string | null;
  accountServicerReference: string | null;
  bankTransactionCode: BankTransactionCode | null;
  additionalInformation: string | null;
  transactions: Camt053EntryTransaction[];
}

export interface Camt053Account {
  id: AccountId;
  currency: string | null;
  ownerName: string | null;
  servicer: Agent | null;
}

export interface Camt053Statement {
  id: string;
  electronicSequenceNumber: string | null;
  createdAt: string | null;
  fromDateTime: string | null;
  toDateTime: string | null;
  account: Camt053Account;
  balances: Camt053Balance[];
  entries: Camt053Entry[];
}

export interface Camt053Document {
  type: 'camt.053';
  version: string;
  groupHeader: { messageId: string; createdAt: string };
  statements: Camt053Statement[];
}

export type Iso20022Message = Pain001Document | Pain002Document | Camt053Document;
export type Iso20022MessageType = Iso20022Message['type'];
