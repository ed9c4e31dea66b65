/**
 * Reads a risk threshold as typed: a number from 0 to 1 with at most four decimals (what the API
 * stores), or a message saying what is wrong.
 */
export function parseThreshold(
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!/^(?:0(?:\.\d{1,4})?|1(?:\.0{1,4})?|\.\d{1,4})$/.test(trimmed)) {
    return { ok: false, message: 'Enter a number from 0 to 1 with at most 4 decimals, e.g. 0.75' };
  }
  return { ok: true, value: Number(trimmed) };
}

/** 0.75 → "0.75"; 0.8 → "0.80": thresholds are shown like scores, with at least two decimals. */
export function formatThreshold(value: number): string {
  const fixed = value.toFixed(4).replace(/0{1,2}$/, '');
  return fixed;
}
