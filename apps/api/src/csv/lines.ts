const LF = 0x0a;
const CR = 0x0d;

/** Line breaks (LF, CRLF or a lone CR, each counted once) in text[start, end). */
export function countLineBreaks(text: string, start: number, end: number): number {
  let breaks = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === LF) breaks++;
    else if (code === CR) {
      breaks++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return breaks;
}

/** The 1-based physical line that holds text[index]. */
export function lineAt(text: string, index: number): number {
  return 1 + countLineBreaks(text, 0, index);
}
