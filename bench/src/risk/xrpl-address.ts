import { createHash } from 'node:crypto';

/** The XRP Ledger's base58 alphabet. */
const ALPHABET = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
const ACCOUNT_ID_TYPE = 0x00;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

function base58(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 58n)]! + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = ALPHABET[0]! + out;
  }
  return out;
}

/** The classic address ("r…", with checksum) of a 20-byte account id, as wallets.add accepts it. */
export function xrplAddress(accountId: Uint8Array): string {
  if (accountId.length !== 20) throw new Error('an XRPL account id has 20 bytes');
  const payload = new Uint8Array(21);
  payload[0] = ACCOUNT_ID_TYPE;
  payload.set(accountId, 1);
  const checksum = sha256(sha256(payload)).subarray(0, 4);
  const full = new Uint8Array(25);
  full.set(payload);
  full.set(checksum, 21);
  return base58(full);
}
