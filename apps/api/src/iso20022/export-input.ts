/** What `exportPain001` takes: one payer (debtor) paying one or more payees (creditors). */

export interface Pain001PartyInput {
  /** Max 140 characters. */
  name: string;
  /** ISO 3166 alpha-2, written as the party's postal-address country. */
  country?: string;
}

/** A bank account by IBAN, or any other account identifier such as a ledger address. */
export type Pain001AccountInput =
  | { kind: 'iban'; iban: string }
  | {
      kind: 'other';
      /** Max 34 characters, e.g. an XRPL classic address. */
      id: string;
      /** A proprietary scheme name (max 35), e.g. "XRPL". */
      scheme?: string;
    };

/** The account's servicing institution: a BIC, or another identifier (max 35). */
export type Pain001AgentInput = { kind: 'bic'; bic: string } | { kind: 'other'; id: string };

export interface Pain001TransactionInput {
  /** The end-to-end reference the payee sees (max 35), e.g. Klerno's transaction id. */
  endToEndId: string;
  /** The payer's own reference for its bank (max 35). */
  instructionId?: string;
  /** A positive plain decimal string ("1250.5"), never a float. */
  amount: string;
  /**
   * An ISO 4217 code ("EUR") for fiat money, or a digital asset: "XRP", or a token code with its
   * `issuer` (see `currencies.ts` for how digital assets are written).
   */
  currency: string;
  /** The issuing account of a ledger token; present only for issued tokens. */
  issuer?: string;
  creditor: Pain001PartyInput;
  creditorAccount: Pain001AccountInput;
  creditorAgent?: Pain001AgentInput;
  /** Unstructured remittance information; written as 140-character `Ustrd` lines. */
  memo?: string | null;
}

export interface Pain001ExportInput {
  /** GrpHdr/MsgId (max 35), unique per file. */
  messageId: string;
  /** ISO 8601 with a zone (or a Date); written in UTC. */
  createdAt: string | Date;
  /** Defaults to the debtor. */
  initiatingParty?: Pain001PartyInput;
  /** PmtInf/PmtInfId (max 35). */
  paymentInformationId: string;
  /** YYYY-MM-DD. */
  requestedExecutionDate: string;
  debtor: Pain001PartyInput;
  debtorAccount: Pain001AccountInput;
  /** Defaults to `Othr/Id` "NOTPROVIDED" (the schema requires a debtor agent). */
  debtorAgent?: Pain001AgentInput;
  transactions: readonly Pain001TransactionInput[];
}
