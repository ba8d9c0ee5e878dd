// Claim anchors count Unicode code points (docs/decisions/0002-offsets-in-code-points.md), as
// the W3C Web Annotation selectors and PostgreSQL's substr() do. JavaScript strings index UTF-16
// code units, so every boundary crossing goes through a TextIndex.

export const CONTEXT_LENGTH = 32; // code points of prefix/suffix kept beside the exact quote

export type ClaimAnchor = { start: number; end: number; exact: string; prefix: string; suffix: string };

export class TextIndex {
  readonly text: string;
  /** Code-point length of the text. */
  readonly length: number;
  /** UTF-16 offset of every code point, plus the end; null when the text has no astral characters. */
  private readonly utf16At: Uint32Array | null;

  constructor(text: string) {
    this.text = text;
    let astral = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          astral++;
          i++;
        }
      }
    }
    this.length = text.length - astral;
    if (astral === 0) {
      this.utf16At = null;
      return;
    }
    const map = new Uint32Array(this.length + 1);
    let cp = 0;
    for (let i = 0; i < text.length; i++) {
      map[cp++] = i;
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
    }
    map[cp] = text.length;
    this.utf16At = map;
  }

  /** UTF-16 offset of a code-point offset (0..length). */
  toUtf16(codePoint: number): number {
    if (codePoint < 0 || codePoint > this.length) throw new RangeError(`offset ${codePoint} is outside 0..${this.length}`);
    return this.utf16At ? this.utf16At[codePoint]! : codePoint;
  }

  /** Code-point offset of a UTF-16 offset; an offset inside a surrogate pair is an error. */
  toCodePoint(utf16: number): number {
    if (utf16 < 0 || utf16 > this.text.length) throw new RangeError(`offset ${utf16} is outside 0..${this.text.length}`);
    const map = this.utf16At;
    if (!map) return utf16;
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (map[mid]! < utf16) lo = mid + 1;
      else hi = mid;
    }
    if (map[lo] !== utf16) throw new RangeError(`UTF-16 offset ${utf16} splits a surrogate pair`);
    return lo;
  }

  /** The text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }

  anchor(start: number, end: number): ClaimAnchor {
    return {
      start,
      end,
      exact: this.slice(start, end),
      prefix: this.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: this.slice(end, Math.min(this.length, end + CONTEXT_LENGTH)),
    };
  }
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** True when a UTF-16 offset does not fall inside a user-perceived character (flag, ZWJ emoji, accent). */
export function isGraphemeBoundary(text: string, utf16: number): boolean {
  if (utf16 <= 0 || utf16 >= text.length) return true;
  // A window is enough: clusters longer than 64 code units do not occur in article text. It starts
  // on a whole code point, and before a run of regional indicators, which pair up from the run's
  // start: a row of 17 flags is longer than the window.
  let from = Math.max(0, utf16 - 64);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) from--;
  while (from >= 2 && isRegionalIndicator(text, from - 2)) from -= 2;
  for (const { index } of graphemes.segment(text.slice(from, Math.min(text.length, utf16 + 64)))) {
    const at = from + index;
    if (at === utf16) return true;
    if (at > utf16) return false;
  }
  return false;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** U+1F1E6..U+1F1FF, the halves of a flag, as the surrogate pair D83C DDE6..DDFF. */
function isRegionalIndicator(text: string, utf16: number): boolean {
  const low = text.charCodeAt(utf16 + 1);
  return text.charCodeAt(utf16) === 0xd83c && low >= 0xdde6 && low <= 0xddff;
}

export type SpanProblem = { field: "start" | "end"; message: string };

/**
 * Checks a span a reviewer asked for, in code points. Returns the span trimmed of surrounding
 * whitespace, or the problem in words the reviewer can act on.
 */
export function checkSpan(index: TextIndex, start: number, end: number): { start: number; end: number } | SpanProblem {
  const n = index.length;
  if (!Number.isInteger(start) || start < 0 || start > n)
    return { field: "start", message: `start must be a whole number from 0 to ${n} (the text's length in characters).` };
  if (!Number.isInteger(end) || end < 0 || end > n)
    return { field: "end", message: `end must be a whole number from 0 to ${n} (the text's length in characters).` };
  if (end <= start) return { field: "end", message: "end must be after start: select at least one character." };
  const text = index.text;
  let s = index.toUtf16(start);
  let e = index.toUtf16(end);
  if (!isGraphemeBoundary(text, s))
    return { field: "start", message: `start ${start} falls inside a character (an emoji or accented letter); move it to the character's edge.` };
  if (!isGraphemeBoundary(text, e))
    return { field: "end", message: `end ${end} falls inside a character (an emoji or accented letter); move it to the character's edge.` };
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  if (s === e) return { field: "end", message: "The selected span holds only white space: select words." };
  return { start: index.toCodePoint(s), end: index.toCodePoint(e) };
}
