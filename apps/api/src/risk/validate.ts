import { InvalidInputError, parseDecimal } from '@klerno/db';
import { toExact, type Exact } from './exact.js';
import { ADDRESS_LABELS, type RiskContext, type RiskTransaction } from './types.js';

/** The engine was handed something no valid transaction or store could produce. */
export class InvalidRiskInputError extends InvalidInputError {
  override readonly name = 'InvalidRiskInputError';
}

/** The transaction with canonical decimals, parsed once for the rules. */
export interface CheckedTransaction extends RiskTransaction {
  exactAmount: Exact;
  exactFee: Exact;
}

export interface CheckedContext extends RiskContext {
  exactPriorMedian: Exact | null;
}

function nonNegativeDecimal(field: string, value: unknown): string {
  const parsed = typeof value === 'string' ? parseDecimal(value) : null;
  if (!parsed?.ok) {
    throw new InvalidRiskInputError(`${field} ${parsed?.message ?? 'must be a decimal string'}`);
  }
  if (parsed.value.startsWith('-'))
    throw new InvalidRiskInputError(`${field} must not be negative`);
  return parsed.value;
}

function count(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidRiskInputError(`${field} must be a non-negative integer`);
  }
  return value;
}

/** Throws `InvalidRiskInputError` for a transaction no valid row could hold. */
export function checkTransaction(input: RiskTransaction): CheckedTransaction {
  if (input.direction !== 'in' && input.direction !== 'out') {
    throw new InvalidRiskInputError("direction must be 'in' or 'out'");
  }
  const amount = nonNegativeDecimal('amount', input.amount);
  const fee = nonNegativeDecimal('fee', input.fee);
  return { ...input, amount, fee, exactAmount: toExact(amount), exactFee: toExact(fee) };
}

/** Throws `InvalidRiskInputError` for history facts no store could produce, or an unknown label. */
export function checkContext(context: RiskContext): CheckedContext {
  const { history } = context;
  const senderPriorCount = count('history.senderPriorCount', history.senderPriorCount);
  const senderPriorMedian =
    history.senderPriorMedian === null
      ? null
      : nonNegativeDecimal('history.senderPriorMedian', history.senderPriorMedian);
  if ((senderPriorCount === 0) !== (senderPriorMedian === null)) {
    throw new InvalidRiskInputError(
      'history.senderPriorMedian must be null exactly when history.senderPriorCount is 0',
    );
  }
  for (const { label } of context.labels) {
    if (!(ADDRESS_LABELS as readonly string[]).includes(label)) {
      throw new InvalidRiskInputError(`unknown address label '${String(label)}'`);
    }
  }
  return {
    ...context,
    history: {
      senderPriorCount,
      senderPriorMedian,
      sameAmountDistinctRecipients24h: count(
        'history.sameAmountDistinctRecipients24h',
        history.sameAmountDistinctRecipients24h,
      ),
    },
    exactPriorMedian: senderPriorMedian === null ? null : toExact(senderPriorMedian),
  };
}
