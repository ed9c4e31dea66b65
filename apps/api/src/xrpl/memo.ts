/** The longest memo a transaction may carry (the `transactions.ingest` limit, SPEC §4). */
export const XRPL_MEMO_MAX_LENGTH = 1024;

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export interface DecodedMemo {
  /** Null when there is no MemoData or it decodes to nothing. */
  text: string | null;
  truncated: boolean;
}

/**
 * The MemoData of every memo, hex-decoded as UTF-8 and joined with newlines. Invalid UTF-8 becomes
 * U+FFFD (so readable words around it still reach the memo rules), NUL characters are dropped, and
 * the result is cut to XRPL_MEMO_MAX_LENGTH UTF-16 units without splitting a character.
 */
export function decodeMemoData(memoDataHex: ReadonlyArray<string | undefined>): DecodedMemo {
  const texts = memoDataHex
    .filter((hex): hex is string => hex !== undefined && hex !== '')
    .map((hex) => lenientUtf8.decode(Buffer.from(hex, 'hex')).replaceAll('\u0000', ''))
    .filter((text) => text.trim() !== '');
  if (texts.length === 0) return { text: null, truncated: false };
  const joined = texts.join('\n');
  if (joined.length <= XRPL_MEMO_MAX_LENGTH) return { text: joined, truncated: false };
  // Lengths count UTF-16 units (as the ingest schema does); never keep half a surrogate pair.
  const cut = joined.slice(0, XRPL_MEMO_MAX_LENGTH);
  const lastUnit = cut.charCodeAt(cut.length - 1);
  const endsInHighSurrogate = lastUnit >= 0xd800 && lastUnit <= 0xdbff;
  return { text: endsInHighSurrogate ? cut.slice(0, -1) : cut, truncated: true };
}
