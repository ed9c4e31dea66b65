/** DTOs of `transactions.score` (a pre-check that stores nothing) and `transactions.explain`. */
import { z } from 'zod';
import { ADDRESS_LABEL_KINDS, RISK_BUCKETS, TRANSACTION_CATEGORIES } from '@klerno/db';
import { RISK_FLAGS, RISK_RULES } from '../risk/index.js';
import { idSchema } from './ids.js';
import {
  ISSUER_FITS_CURRENCY,
  issuerFitsCurrency,
  newTransactionFields,
  timestampSchema,
  txIdSchema,
} from './transactions.js';

/**
 * A proposed transaction: as `ingest` takes it, except that it may not have a ledger id yet
 * (`txId`) and `timestamp` defaults to now (history rules look back from it).
 */
export const scoreCandidateInput = newTransactionFields
  .extend({
    txId: txIdSchema.optional(),
    timestamp: timestampSchema.optional(),
  })
  .refine(issuerFitsCurrency, ISSUER_FITS_CURRENCY);

export const scoreInput = z.object({ transaction: scoreCandidateInput });

const contributionDto = z.object({
  rule: z.enum(RISK_RULES),
  flag: z.enum(RISK_FLAGS).nullable(),
  /** Signed points added to the score; all of them add up to `score`. */
  points: z.number(),
  detail: z.string(),
});

const labelDto = z.object({
  address: z.string(),
  label: z.enum(ADDRESS_LABEL_KINDS),
  source: z.string(),
});

export const riskEvaluationDto = z.object({
  score: z.number(),
  bucket: z.enum(RISK_BUCKETS),
  flags: z.array(z.enum(RISK_FLAGS)),
  category: z.enum(TRANSACTION_CATEGORIES),
  contributions: z.array(contributionDto),
  /** The labels held on the two parties' addresses, whether or not a rule used them. */
  labels: z.array(labelDto),
  version: z.string(),
});

export const explainInput = z.object({ id: idSchema });

export const explanationDto = riskEvaluationDto.extend({
  transactionId: z.string(),
  /** The rule set that produced the stored score (null: stored unscored). */
  storedRulesetVersion: z.string().nullable(),
});
