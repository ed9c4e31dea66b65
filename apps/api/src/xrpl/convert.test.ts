import { describe, expect, it } from 'vitest';
import { convertAccountTxEntry, type XrplConversion } from './convert.js';
import { XrplError } from './errors.js';
import { XRPL_MEMO_MAX_LENGTH } from './memo.js';
import { hexOf, offerCreateV2, paymentV1, paymentV2, txHash } from './testing/fake-rippled.js';

const ACCOUNT = 'rLNaPoKeeBjZe2qs6x52yVPZpZ8td4dc6w';
const OTHER = 'rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn';
const THIRD = 'ra5nK24KXen9AHvsdFTKHSANinZseWnPcX';
const ISSUER = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';

const convert = (raw: unknown, pageValidated?: boolean) =>
  convertAccountTxEntry(raw, { account: ACCOUNT, pageValidated, location: 'transactions[0]' });

function payment(conversion: XrplConversion) {
  if (conversion.kind !== 'payment') throw new Error(`skipped: ${conversion.skipped.reason}`);
  return conversion.payment;
}
function skipReason(conversion: XrplConversion) {
  return conversion.kind === 'skipped' ? conversion.skipped.reason : 'converted';
}
function malformedMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(XrplError);
    expect((error as XrplError).code).toBe('malformed_response');
    return (error as XrplError).message;
  }
  throw new Error('expected a malformed_response error');
}

const base = { hash: txHash(1), account: ACCOUNT, destination: OTHER, amount: '1' };

describe('convertAccountTxEntry', () => {
  it('converts an outgoing XRP payment exactly (API v1)', () => {
    const converted = payment(convert(paymentV1({ ...base, fee: '12', date: 0, ledgerIndex: 7 })));
    expect(converted).toEqual({
      chain: 'xrpl',
      txId: txHash(1),
      timestamp: '2000-01-01T00:00:00.000Z',
      fromAddress: ACCOUNT,
      toAddress: OTHER,
      amount: '0.000001',
      currency: 'XRP',
      currencyName: 'XRP',
      issuer: null,
      direction: 'out',
      memo: null,
      fee: '0.000012',
      tags: [],
      ledgerIndex: 7,
      partialPayment: false,
      destinationTag: null,
      sourceTag: null,
    });
  });

  it('is incoming when the account is the destination, and skips payments it is no party to', () => {
    const incoming = paymentV2({
      ...base,
      account: OTHER,
      destination: ACCOUNT,
      destinationTag: 42,
    });
    expect(payment(convert(incoming))).toMatchObject({ direction: 'in', destinationTag: 42 });
    const rippling = paymentV2({ ...base, account: OTHER, destination: THIRD });
    expect(skipReason(convert(rippling))).toBe('not_a_party');
  });

  it('keeps an issued currency as currency + issuer + exact value, with a readable name', () => {
    const solo = '534F4C4F00000000000000000000000000000000';
    const amount = { currency: solo, issuer: ISSUER, value: '1234567890123456e-10' };
    expect(payment(convert(paymentV2({ ...base, amount })))).toMatchObject({
      amount: '123456.7890123456',
      currency: solo,
      currencyName: 'SOLO',
      issuer: ISSUER,
    });
  });

  it('uses delivered_amount, not Amount, for a partial payment, and tags it', () => {
    const partial = paymentV1({
      ...base,
      amount: '1000000000',
      delivered: '1234',
      flags: 0x0002_0000,
    });
    expect(payment(convert(partial))).toMatchObject({
      amount: '0.001234',
      partialPayment: true,
      tags: ['partial_payment'],
    });
  });

  it('falls back to Amount only when the payment cannot be partial', () => {
    const old = paymentV1({ ...base, amount: '5000000', delivered: 'unavailable' });
    expect(payment(convert(old)).amount).toBe('5');
    const oldPartial = paymentV1({
      ...base,
      amount: '5000000',
      delivered: 'unavailable',
      flags: 0x0002_0000,
    });
    expect(skipReason(convert(oldPartial))).toBe('delivered_amount_unavailable');
  });

  it('skips non-payments, failed payments, unvalidated ones, MPT amounts and unholdable amounts', () => {
    expect(skipReason(convert(offerCreateV2(txHash(2), ACCOUNT)))).toBe('not_payment');
    expect(skipReason(convert(paymentV2({ ...base, result: 'tecPATH_DRY' })))).toBe('failed');
    expect(skipReason(convert({ ...paymentV2(base), validated: false }))).toBe('not_validated');
    const { validated: _omitted, ...withoutFlag } = paymentV2(base);
    expect(skipReason(convert(withoutFlag, true))).toBe('converted');
    expect(skipReason(convert(withoutFlag, undefined))).toBe('not_validated');
    const mpt = {
      mpt_issuance_id: '0000012FFD9EE5DA93AC614B4DB94D7E0FCE415CA51BED47',
      value: '100',
    };
    const mptEntry = paymentV2(base);
    mptEntry.tx_json.DeliverMax = mpt as never;
    mptEntry.meta.delivered_amount = mpt as never;
    expect(skipReason(convert(mptEntry))).toBe('unsupported_amount');
    const dust = { currency: 'USD', issuer: ISSUER, value: '1000000000000000e-96' };
    expect(skipReason(convert(paymentV2({ ...base, amount: dust })))).toBe('amount_out_of_range');
  });

  it('decodes memos as UTF-8, joins several, replaces invalid bytes and drops NULs', () => {
    const entry = paymentV2({ ...base, memos: ['salary for May 🌍', 'second'] });
    expect(payment(convert(entry)).memo).toBe('salary for May 🌍\nsecond');

    const invalid = paymentV2(base);
    (invalid.tx_json as Record<string, unknown>).Memos = [
      { Memo: { MemoData: `${hexOf('ransom')}FF00${hexOf('!')}` } },
    ];
    expect(payment(convert(invalid)).memo).toBe('ransom\uFFFD!');
  });

  it('cuts an over-long memo to the ingest limit and says so in the tags', () => {
    const converted = payment(convert(paymentV2({ ...base, memos: ['x'.repeat(5000)] })));
    expect(converted.memo).toHaveLength(XRPL_MEMO_MAX_LENGTH);
    expect(converted.tags).toContain('memo_truncated');
  });

  it('reads API v2 time from tx_json.date, or close_time_iso when date is absent', () => {
    const date = 757_382_400 + 61;
    expect(payment(convert(paymentV2({ ...base, date }))).timestamp).toBe(
      '2024-01-01T00:01:01.000Z',
    );
    const noDate = paymentV2({ ...base, date }, { withDate: false });
    expect(payment(convert(noDate)).timestamp).toBe('2024-01-01T00:01:01.000Z');
  });

  it('throws malformed_response, naming the field, for a payment with missing or mistyped fields', () => {
    const numericFee = paymentV2(base);
    (numericFee.tx_json as Record<string, unknown>).Fee = 12;
    expect(malformedMessage(() => convert(numericFee))).toContain('transactions[0].tx_json.Fee');

    const badDestination = paymentV1({ ...base, destination: 'rNotAnAddress' });
    expect(malformedMessage(() => convert(badDestination))).toContain('tx.Destination');

    const noAmount = paymentV2(base) as { tx_json: Record<string, unknown> };
    delete noAmount.tx_json.DeliverMax;
    expect(malformedMessage(() => convert(noAmount))).toMatch(/Amount .*or DeliverMax/);

    const noMeta = paymentV2(base) as Record<string, unknown>;
    delete noMeta.meta;
    expect(malformedMessage(() => convert(noMeta))).toContain('transactions[0].meta');

    expect(malformedMessage(() => convert({ meta: {}, validated: true }))).toContain('tx_json');
    expect(malformedMessage(() => convert('not an object'))).toContain('transactions[0]');
    const noHash = paymentV2(base) as Record<string, unknown>;
    delete noHash.hash;
    expect(malformedMessage(() => convert(noHash))).toContain('hash');
  });
});
