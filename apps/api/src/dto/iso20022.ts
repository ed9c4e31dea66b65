/** DTOs of the `iso20022` router. The parse result mirrors iso20022/types.ts (checked below). */
import { z } from 'zod';
import { MAX_PAIN001_TRANSACTIONS } from '../iso20022/export-validation.js';
import { validateBic } from '../iso20022/bic.js';
import { isCountryCode } from '../iso20022/countries.js';
import { validateIban } from '../iso20022/iban.js';
import type { Iso20022Message } from '../iso20022/types.js';
import { idSchema } from './ids.js';

// ---- validateIban / validateBic ----------------------------------------------------------------

/** Longer input is answered by the validators themselves ("too long"); this only bounds the URL. */
const MAX_CODE_INPUT = 200;

export const validateIbanInput = z.object({
  iban: z.string().max(MAX_CODE_INPUT, `iban must be at most ${MAX_CODE_INPUT} characters`),
});
export const ibanValidationDto = z.discriminatedUnion('valid', [
  z.object({
    valid: z.literal(true),
    /** Electronic format: upper case, no spaces. */
    iban: z.string(),
    /** Groups of four, as printed. */
    formatted: z.string(),
    country: z.string(),
  }),
  z.object({
    valid: z.literal(false),
    code: z.string(),
    reason: z.string(),
    country: z.string().optional(),
  }),
]);

export const validateBicInput = z.object({
  bic: z.string().max(MAX_CODE_INPUT, `bic must be at most ${MAX_CODE_INPUT} characters`),
});
export const bicValidationDto = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), bic: z.string(), country: z.string() }),
  z.object({ valid: z.literal(false), code: z.string(), reason: z.string() }),
]);

// ---- parse -------------------------------------------------------------------------------------

/** Size and content are checked by the XML reader (413 over MAX_DOCUMENT_BYTES, 400 otherwise). */
export const parseInput = z.object({ xml: z.string().min(1, 'xml must not be empty') });

const nullableString = z.string().nullable();
const amount = z.object({ value: z.string(), currency: z.string() });
const party = z.object({ name: nullableString, country: nullableString });
const accountId = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('iban'), iban: z.string() }),
  z.object({ kind: z.literal('other'), id: z.string(), scheme: nullableString }),
]);
const agent = z.object({
  bic: nullableString,
  clearingSystemMemberId: nullableString,
  name: nullableString,
  otherId: nullableString,
});
const statusReason = z.object({
  code: nullableString,
  proprietary: nullableString,
  additionalInformation: z.array(z.string()),
});
const creditDebit = z.enum(['credit', 'debit']);

const pain001Document = z.object({
  type: z.literal('pain.001'),
  version: z.string(),
  groupHeader: z.object({
    messageId: z.string(),
    createdAt: z.string(),
    numberOfTransactions: z.number(),
    controlSum: nullableString,
    initiatingParty: party.nullable(),
  }),
  paymentInformation: z.array(
    z.object({
      paymentInformationId: z.string(),
      paymentMethod: z.string(),
      numberOfTransactions: z.number().nullable(),
      controlSum: nullableString,
      requestedExecutionDate: z.string(),
      debtor: party,
      debtorAccount: accountId,
      debtorAgent: agent.nullable(),
      transactions: z.array(
        z.object({
          instructionId: nullableString,
          endToEndId: z.string(),
          amount: amount.extend({ issuer: nullableString, digitalAsset: z.boolean() }),
          creditor: party.nullable(),
          creditorAccount: accountId.nullable(),
          creditorAgent: agent.nullable(),
          remittanceInformation: z.array(z.string()),
        }),
      ),
    }),
  ),
});

const pain002Document = z.object({
  type: z.literal('pain.002'),
  version: z.string(),
  groupHeader: z.object({
    messageId: z.string(),
    createdAt: z.string(),
    initiatingParty: party.nullable(),
  }),
  originalGroup: z.object({
    messageId: z.string(),
    messageNameId: nullableString,
    createdAt: nullableString,
    numberOfTransactions: z.number().nullable(),
    controlSum: nullableString,
    status: nullableString,
    statusReasons: z.array(statusReason),
  }),
  paymentInformation: z.array(
    z.object({
      originalPaymentInformationId: z.string(),
      status: nullableString,
      statusReasons: z.array(statusReason),
      transactions: z.array(
        z.object({
          statusId: nullableString,
          originalInstructionId: nullableString,
          originalEndToEndId: nullableString,
          status: nullableString,
          statusReasons: z.array(statusReason),
          accountServicerReference: nullableString,
          originalAmount: amount.nullable(),
        }),
      ),
    }),
  ),
});

const camt053Document = z.object({
  type: z.literal('camt.053'),
  version: z.string(),
  groupHeader: z.object({ messageId: z.string(), createdAt: z.string() }),
  statements: z.array(
    z.object({
      id: z.string(),
      electronicSequenceNumber: nullableString,
      createdAt: nullableString,
      fromDateTime: nullableString,
      toDateTime: nullableString,
      account: z.object({
        id: accountId,
        currency: nullableString,
        ownerName: nullableString,
        servicer: agent.nullable(),
      }),
      balances: z.array(z.object({ type: z.string(), amount, creditDebit, date: z.string() })),
      entries: z.array(
        z.object({
          reference: nullableString,
          amount,
          creditDebit,
          reversal: z.boolean(),
          status: nullableString,
          bookingDate: nullableString,
          valueDate: nullableString,
          accountServicerReference: nullableString,
          bankTransactionCode: z
            .object({
              domain: nullableString,
              family: nullableString,
              subFamily: nullableString,
              proprietary: nullableString,
            })
            .nullable(),
          additionalInformation: nullableString,
          transactions: z.array(
            z.object({
              references: z.object({
                messageId: nullableString,
                accountServicerReference: nullableString,
                paymentInformationId: nullableString,
                instructionId: nullableString,
                endToEndId: nullableString,
                transactionId: nullableString,
              }),
              amount: amount.nullable(),
              creditDebit: creditDebit.nullable(),
              debtor: party.nullable(),
              debtorAccount: accountId.nullable(),
              creditor: party.nullable(),
              creditorAccount: accountId.nullable(),
              remittanceInformation: z.array(z.string()),
              additionalInformation: nullableString,
            }),
          ),
        }),
      ),
    }),
  ),
});

export const iso20022MessageDto = z.discriminatedUnion('type', [
  pain001Document,
  pain002Document,
  camt053Document,
]);

/** Fails to compile when the DTO and the parser's types drift apart. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const dtoMatchesParser: Same<z.infer<typeof iso20022MessageDto>, Iso20022Message> = true;
void dtoMatchesParser;

// ---- exportPain001 -----------------------------------------------------------------------------

function text(field: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, `${field} must not contain control characters`);
}

const ibanSchema = z.string().transform((value, ctx) => {
  const result = validateIban(value);
  if (result.valid) return result.iban;
  ctx.addIssue({ code: 'custom', message: `iban: ${result.reason}` });
  return z.NEVER;
});

const bicSchema = z.string().transform((value, ctx) => {
  const result = validateBic(value);
  if (result.valid) return result.bic;
  ctx.addIssue({ code: 'custom', message: `bic: ${result.reason}` });
  return z.NEVER;
});

/** The debtor's account: an IBAN, or another identifier such as a ledger address. */
const accountInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('iban'), iban: ibanSchema }),
    z.object({
      kind: z.literal('other'),
      id: text('account id', 34),
      scheme: text('account scheme', 35).optional(),
    }),
  ],
  'account must be { kind: "iban", iban } or { kind: "other", id, scheme? }',
);

const agentInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('bic'), bic: bicSchema }),
    z.object({ kind: z.literal('other'), id: text('agent id', 35) }),
  ],
  'agent must be { kind: "bic", bic } or { kind: "other", id }',
);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const exportPain001Input = z.object({
  /** The organization's transactions, in the order the file lists them; each at most once. */
  transactionIds: z
    .array(idSchema)
    .min(1, 'select at least one transaction')
    .max(
      MAX_PAIN001_TRANSACTIONS,
      `at most ${MAX_PAIN001_TRANSACTIONS} transactions per payment file`,
    )
    .superRefine((ids, ctx) => {
      const seen = new Set<string>();
      ids.forEach((id, index) => {
        if (seen.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `transaction ${id} is selected twice (it would be paid twice)`,
          });
        }
        seen.add(id);
      });
    }),
  debtor: z.object({
    name: text('debtor name', 140),
    country: z
      .string()
      .refine(isCountryCode, 'country must be an ISO 3166 alpha-2 code such as "DE"')
      .optional(),
    account: accountInput,
    agent: agentInput.optional(),
  }),
  /** YYYY-MM-DD; default: today (UTC). */
  executionDate: z
    .string()
    .refine(isCalendarDate, 'executionDate must be a real date as YYYY-MM-DD')
    .optional(),
  /** Unique per file; default: generated. */
  messageId: text('messageId', 35).optional(),
});

export const pain001FileDto = z.object({ xml: z.string(), fileName: z.string() });
