import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { badLineCount, rowErrorsOf } from './row-errors.js';

const refusal = (data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { code: -32000, message: 'rows rejected', data } });

describe('rowErrorsOf', () => {
  it("reads the rows of a 422 answer's data.rowErrors", () => {
    const rowErrors = [
      { line: 3, field: 'amount', reason: 'amount must be a plain decimal' },
      { line: 3, reason: 'duplicate' },
    ];
    const error = refusal({ code: 'UNPROCESSABLE_CONTENT', httpStatus: 422, rowErrors });
    expect(rowErrorsOf(error)).toEqual(rowErrors);
    expect(badLineCount(rowErrors)).toBe(1);
  });

  it('is null for other failures and malformed entries', () => {
    expect(rowErrorsOf(refusal({ code: 'BAD_REQUEST' }))).toBeNull();
    expect(rowErrorsOf(refusal({ rowErrors: [{ line: '3', reason: 'x' }] }))).toBeNull();
    expect(rowErrorsOf(new Error('boom'))).toBeNull();
  });
});
