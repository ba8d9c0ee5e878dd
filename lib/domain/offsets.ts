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
    this.length = codePoints(text);
    if (this.length === text.length) {
      this.utf16At = null;
      return;
    }
    const map = new Uint32Array(this.length + 1);
    let cp = 0;
    for (let i = 0; i < text.length; i++) {
      map[cp++] = i;
      if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) i++;
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
  [s, e] = trimWhiteSpace(text, s, e);
  if (s === e) return { field: "end", message: "The selected span holds only white space: select words." };
  return { start: index.toCodePoint(s), end: index.toCodePoint(e) };
}

/**
 * Moves the ends of a UTF-16 span inwards past white space and past what Unicode makes one
 * character with it: marks after a space (" \u0301", " 🏽") and Prepend marks before one
 * ("\u0600 "). A span whose ends are on grapheme boundaries or beside white space then starts and
 * ends on grapheme boundaries, with no white space in its first or last character.
 */
export function trimWhiteSpace(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  for (;;) {
    while (s < e && /\s/.test(text[s]!)) s++;
    let t = s;
    if (MARK_CARRIERS.has(text.charCodeAt(t - 1))) for (let n; t < e && (n = markAfterSpace(text, t)) > 0; ) t += n;
    if (t === s) {
      let p = s;
      for (let n; p < e && (n = prependAt(text, p)) > 0; ) p += n;
      if (p > s && MARK_CARRIERS.has(text.charCodeAt(p))) t = p;
    }
    if (t === s) break;
    s = t;
  }
  for (;;) {
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    let t = e;
    if (MARK_CARRIERS.has(text.charCodeAt(t))) for (let n; t > s && (n = prependAt(text, codePointBefore(text, t))) > 0; ) t -= n;
    if (t === e) {
      let m = e;
      for (let n; m > s && (n = markAfterSpace(text, codePointBefore(text, m))) > 0; ) m -= n;
      if (m < e && m > s && MARK_CARRIERS.has(text.charCodeAt(m - 1))) t = m;
    }
    if (t === e) break;
    e = t;
  }
  return [s, e];
}

/** White space that marks attach to; tabs, line breaks and U+FEFF are controls, which never carry any. */
const MARK_CARRIERS = new Set([0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x202f, 0x205f, 0x3000]);
/** Candidates, to spare Intl the common letters: marks, joiners, skin tones (GB9, GB9a); Prepend marks (GB9b). */
const MAY_FOLLOW_SPACE_AT = /[\p{M}\p{Emoji_Modifier}\u200c\u200d\u0e33\u0eb3\uff9e\uff9f\u{e0020}-\u{e007f}]/uy;
const MAY_PRECEDE_SPACE_AT = /[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u0d4e\u{110bd}\u{110cd}\u{111c2}\u{111c3}\u{113d1}\u{1193f}\u{11941}\u{11a3a}\u{11a84}-\u{11a89}\u{11d46}\u{11f02}]/uy;
/** Intl's answer per code point, asked once: " " + c, or c + " ", is one character. */
const followsSpace = new Map<number, boolean>();
const precedesSpace = new Map<number, boolean>();

/** UTF-16 length of the code point at `at` when Unicode attaches it to a space before it, else 0. */
function markAfterSpace(text: string, at: number): number {
  return joinsSpace(text, at, MAY_FOLLOW_SPACE_AT, followsSpace, (c) => " " + c);
}

/** UTF-16 length of the code point at `at` when it is a Prepend mark, which a space after it joins, else 0. */
function prependAt(text: string, at: number): number {
  return joinsSpace(text, at, MAY_PRECEDE_SPACE_AT, precedesSpace, (c) => c + " ");
}

function joinsSpace(text: string, at: number, candidate: RegExp, known: Map<number, boolean>, pair: (c: string) => string): number {
  if (at < 0 || text.charCodeAt(at) < 0x300) return 0;
  candidate.lastIndex = at;
  if (!candidate.test(text)) return 0;
  const code = text.codePointAt(at)!;
  let joins = known.get(code);
  if (joins === undefined) {
    joins = [...graphemes.segment(pair(String.fromCodePoint(code)))].length === 1;
    known.set(code, joins);
  }
  return joins ? (code > 0xffff ? 2 : 1) : 0;
}

function codePointBefore(text: string, at: number): number {
  return at >= 2 && isLowSurrogate(text.charCodeAt(at - 1)) && isHighSurrogate(text.charCodeAt(at - 2)) ? at - 2 : at - 1;
}

/** The number of code points in s (a lone surrogate counts as one), without building an array. */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}
