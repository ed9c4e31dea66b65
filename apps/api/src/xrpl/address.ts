import { decodeXrplBase58Check } from './base58.js';

/** Version byte of a classic account address ("r…"). */
const ACCOUNT_ID_VERSION = 0x00;
const ACCOUNT_ID_BYTES = 20;
/** X-address prefixes (XLS-5d): main net "X…", test net "T…". */
const X_ADDRESS_PREFIXES = [
  [0x05, 0x44],
  [0x04, 0x93],
] as const;
/** Prefix + account id + tag flag + 8-byte tag. */
const X_ADDRESS_PAYLOAD_BYTES = 2 + ACCOUNT_ID_BYTES + 1 + 8;

export type XrplAddressProblem =
  | 'not_a_string'
  | 'empty'
  /** A valid X-address: we take classic r-addresses only (a destination tag is not an account). */
  | 'x_address'
  /** A character outside the XRPL base58 alphabet (0, O, I, l, spaces, …). */
  | 'bad_alphabet'
  | 'bad_checksum'
  /** Checks out as base58check but is not 1 version byte + 20 bytes (e.g. a seed or public key). */
  | 'bad_length'
  | 'bad_version';

export type XrplAddressCheck = { ok: true } | { ok: false; problem: XrplAddressProblem };

const PROBLEM_MESSAGES: Record<XrplAddressProblem, string> = {
  not_a_string: 'must be a string',
  empty: 'must not be empty',
  x_address: 'is an X-address; give the classic address that starts with "r" instead',
  bad_alphabet: 'contains a character that is not in the XRPL base58 alphabet',
  bad_checksum: 'has a wrong checksum (a mistyped character?)',
  bad_length: 'does not encode a 20-byte account id',
  bad_version: 'is not an account address (wrong version byte)',
};

export function describeXrplAddressProblem(problem: XrplAddressProblem): string {
  return `an XRPL address ${PROBLEM_MESSAGES[problem]}`;
}

/**
 * Checks a classic XRPL account address: base58 with the XRPL alphabet decoding to 25 bytes
 * (version 0, a 20-byte account id, a 4-byte double-SHA-256 checksum). X-addresses are refused
 * with their own reason so callers can tell the user what to paste instead.
 */
export function checkXrplAddress(input: unknown): XrplAddressCheck {
  if (typeof input !== 'string') return { ok: false, problem: 'not_a_string' };
  if (input === '') return { ok: false, problem: 'empty' };
  const decoded = decodeXrplBase58Check(input);
  if (!decoded.ok) return { ok: false, problem: decoded.reason };
  const { payload } = decoded;
  if (isXAddressPayload(payload)) return { ok: false, problem: 'x_address' };
  if (payload.length !== 1 + ACCOUNT_ID_BYTES) return { ok: false, problem: 'bad_length' };
  if (payload[0] !== ACCOUNT_ID_VERSION) return { ok: false, problem: 'bad_version' };
  return { ok: true };
}

export function isValidXrplAddress(input: unknown): input is string {
  return checkXrplAddress(input).ok;
}

function isXAddressPayload(payload: Uint8Array): boolean {
  return (
    payload.length === X_ADDRESS_PAYLOAD_BYTES &&
    X_ADDRESS_PREFIXES.some(([first, second]) => payload[0] === first && payload[1] === second)
  );
}
