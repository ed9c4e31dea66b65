import { describe, expect, it } from 'vitest';
import { checkXrplAddress, describeXrplAddressProblem, isValidXrplAddress } from './address.js';
import { decodeXrplBase58, encodeXrplBase58, encodeXrplBase58Check } from './base58.js';

describe('isValidXrplAddress', () => {
  it.each([
    'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh', // the genesis account
    'rLNaPoKeeBjZe2qs6x52yVPZpZ8td4dc6w',
    'rf1BiGeXwwQoi8Z2ueFYTEXSwuJYfV2Jpn',
    'ra5nK24KXen9AHvsdFTKHSANinZseWnPcX',
    'rrrrrrrrrrrrrrrrrrrrrhoLvTp', // ACCOUNT_ZERO: twenty zero bytes
    'rrrrrrrrrrrrrrrrrrrrBZbvji', // ACCOUNT_ONE
    'rrrrrrrrrrrrrrrrrNAMEtxvNvQ', // the name-reservation black hole
  ])('accepts the real address %s', (address) => {
    expect(checkXrplAddress(address)).toEqual({ ok: true });
    expect(isValidXrplAddress(address)).toBe(true);
  });

  it.each([
    ['a changed last character', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTH'],
    ['two swapped characters', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdytTh'],
    ['a dropped character', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyh'],
    // Same 58 letters as XRPL base58 in another order: it decodes, and the checksum catches it.
    ['a Bitcoin address', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
  ])('refuses %s as a bad checksum', (_case, address) => {
    expect(checkXrplAddress(address)).toEqual({ ok: false, problem: 'bad_checksum' });
  });

  it.each([
    ['a zero', '0Hb9CJAWyB4rj91VRWn96DkukG4bwdtyTh'],
    ['a capital O', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyOh'],
    ['a capital I', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyIh'],
    ['a lower-case l', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtylh'],
    ['a space', 'rHb9CJAWyB4rj91VRWn96DkukG4bwdty h'],
  ])('refuses %s as outside the XRPL alphabet', (_case, address) => {
    expect(checkXrplAddress(address)).toEqual({ ok: false, problem: 'bad_alphabet' });
  });

  it('refuses X-addresses with their own reason, so the user can be told what to paste', () => {
    // Main-net and test-net X-addresses from the XLS-5d examples.
    for (const xAddress of [
      'X7AcgcsBL6XDcUb289X4mJ8djcdyKaB5hJDWMArnXr61cqZ',
      'T7YChPFWifjCAXLEtg5N74c7fSAYsvSokwcmBPBUZWhxH5P',
    ]) {
      expect(checkXrplAddress(xAddress)).toEqual({ ok: false, problem: 'x_address' });
    }
    expect(describeXrplAddressProblem('x_address')).toMatch(/X-address.*starts with "r"/);
  });

  it('refuses other base58check values: a seed (wrong length) and a 21-byte non-account', () => {
    expect(checkXrplAddress('snoPBrXtMeMyMHUVTgbuqAfg1SUTb')).toEqual({
      ok: false,
      problem: 'bad_length',
    });
    const wrongVersion = encodeXrplBase58Check(
      Uint8Array.from([0x23, ...new Array<number>(20).fill(7)]),
    );
    expect(checkXrplAddress(wrongVersion)).toEqual({ ok: false, problem: 'bad_version' });
    const rightVersion = encodeXrplBase58Check(
      Uint8Array.from([0x00, ...new Array<number>(20).fill(7)]),
    );
    expect(checkXrplAddress(rightVersion)).toEqual({ ok: true });
  });

  it('refuses empty input, non-strings and absurdly long input without decoding it', () => {
    expect(checkXrplAddress('')).toEqual({ ok: false, problem: 'empty' });
    expect(checkXrplAddress(42)).toEqual({ ok: false, problem: 'not_a_string' });
    expect(checkXrplAddress('r'.repeat(100_000))).toEqual({ ok: false, problem: 'bad_alphabet' });
    expect(isValidXrplAddress(' rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh')).toBe(false);
  });
});

describe('XRPL base58', () => {
  it('keeps leading zero bytes as leading "r" and round-trips bytes', () => {
    const bytes = Uint8Array.from([0, 0, 1, 2, 255, 128, 0]);
    const encoded = encodeXrplBase58(bytes);
    expect(encoded.startsWith('rr')).toBe(true);
    expect(decodeXrplBase58(encoded)).toEqual(bytes);
    expect(decodeXrplBase58('')).toEqual(new Uint8Array(0));
  });
});
