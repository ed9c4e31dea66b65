/** Words whose presence in a memo (case-insensitive, anywhere, even inside a word) is suspicious. */
export const SUSPICIOUS_MEMO_WORDS = [
  'scam',
  'phish',
  'hack',
  'fraud',
  'ransom',
  'malware',
  'blackmail',
  'mixer',
  'tornado',
  'sanction',
  'darknet',
] as const;

/** The suspicious words the memo contains, each once, in list order. */
export function suspiciousWordsIn(memo: string | null): string[] {
  if (memo === null) return [];
  const lower = memo.toLowerCase();
  return SUSPICIOUS_MEMO_WORDS.filter((word) => lower.includes(word));
}

/** The memo's whole words, lower-cased: runs of letters and digits. */
export function wordsIn(memo: string | null): Set<string> {
  if (memo === null) return new Set();
  return new Set(memo.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}
