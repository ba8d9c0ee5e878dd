/**
 * Splits an imported article into candidate claims, one per sentence.
 *
 * Rule-based on purpose (see docs/decisions/0003-sentence-segmentation.md):
 * it beat Intl.Segmenter and the npm splitters on our golden set, returns
 * exact offsets, and is deterministic across Node/ICU versions.
 *
 * Offsets are UTF-16 indices (end exclusive). Every boundary sits next to
 * white space, so a span can never cut a surrogate pair, a flag or a ZWJ
 * emoji sequence. What Unicode makes one character with that white space (a
 * stray mark after a space, " \u0301"; a Prepend mark before one, "\u0600 ")
 * is left out with it: trimWhiteSpace asks Intl about those marks only.
 */

import { trimWhiteSpace } from "./offsets";

export type SentenceSpan = { start: number; end: number };

/** Unterminated lines shorter than this are headings, credits or list items. */
const MIN_WORDS_UNTERMINATED = 8;
/** A single-sentence, title-cased line up to this length is a heading even with final punctuation. */
const MAX_WORDS_TERMINATED_HEADING = 15;

const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/g;
const TERMINATOR_RUN = /[.?!…‽]+/g;
const CLOSERS = codeSet(`"'”’)]}»›`);
const OPENERS = codeSet(`"'“‘„‚([{«‹¿¡`);
/** Non-ASCII members of JS `\s` (what String.prototype.trim removes). */
const UNICODE_SPACES = codeSet("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff");

const LOWER_AT = /\p{Ll}/uy;
const UPPER_AT = /[\p{Lu}\p{Lt}]/uy;
const DIGIT_AT = /\p{Nd}/uy;
const WORD_AT = /[\p{L}\p{M}’']+/uy;
const INITIAL_AT = /\p{Lu}\./uy;
const URL_AT = /(?:https?:\/\/|www\.|pic\.twitter\.com\/)/y;
/** Emoji-only tokens after a terminator belong to the sentence they decorate ("We won! 🎉🇺🇦"). */
const EMOJI_TOKEN = /^[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u200d\ufe0f\u20e3]+$/u;
const SINGLE_INITIAL = /^\p{Lu}$/u;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;
const TOKEN = /\S+/g;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const HAS_LOWER = /\p{Ll}/u;
const LEADING_NON_WORD = /^[^\p{L}\p{N}]+/u;
const TRAILING_TERMINATED = /[.?!…‽]["'”’)\]}»›]*$/;
/** End of an embedded-tweet attribution "— Name (@handle) April 23, 2025", from the handle on. */
const TWEET_SIGNATURE_END = /^\(@\w{1,15}\)\s+\p{L}+\.?\s+\d{1,2},\s+\d{4}$/u;

/** A period after these never ends a sentence: titles and Latin connectives always precede more text. */
const NEVER_FINAL = new Set([
  "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "cpt",
  "sgt", "cpl", "pvt", "adm", "maj", "brig", "cmdr", "cdr", "rev", "hon", "pres", "amb", "atty",
  "supt", "insp", "messrs", "fr", "vs", "v", "e.g", "i.e", "cf", "viz", "approx", "incl", "esp",
]);

/**
 * These may end a sentence or sit inside one ("the U.S. Senate" vs "to the U.S. The talks").
 * Single initials and dotted acronyms (U.S., B.J., a.m.) are handled the same way by pattern.
 */
const AMBIGUOUS = new Set([
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  "st", "mt", "ft", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "ave", "rd", "blvd",
]);

/** Abbreviations that only act as such before a number ("No. 10", "pp. 4"). */
const NUMERIC_PREFIX = new Set(["no", "nos", "vol", "vols", "p", "pp", "art", "fig", "figs", "ch", "sec", "para", "op"]);

/** After an ambiguous abbreviation, only these words are trusted to open a new sentence. */
const SENTENCE_STARTERS = new Set([
  "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "It’s", "It's", "He", "She",
  "They", "We", "I", "You", "There", "Here", "But", "And", "Or", "Nor", "So", "Yet", "Still",
  "Then", "Now", "However", "Meanwhile", "Moreover", "Furthermore", "Also", "In", "On", "At", "As",
  "If", "When", "While", "After", "Before", "Since", "Although", "Though", "Because", "For",
  "What", "Why", "How", "Who", "Where", "Which", "His", "Her", "Their", "Our", "My", "Your", "Many",
  "Most", "Some", "Such", "Both", "All", "Each", "Every", "Even", "Instead", "Indeed", "Thus",
  "Today", "Yesterday", "Last", "Next", "One", "No", "Not", "Nothing", "Nobody", "Several",
  "Other", "Others", "Another", "Despite", "During", "Under", "Until",
]);

/** Minor words that stay lowercase in a title-cased heading. */
const TITLE_SMALL_WORDS = new Set([
  "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
  "off", "on", "per", "to", "up", "via", "vs", "from", "into", "onto", "over", "with", "than", "upon",
]);

type Fragment = { start: number; end: number; terminated: boolean };

export function segmentSentences(text: string): SentenceSpan[] {
  return scan(text, false);
}

/**
 * Every sentence, headings and credit lines included: sentence splitting alone, without the
 * decision of what is a claim (used by `npm run eval -- segment`).
 */
export function splitSentences(text: string): SentenceSpan[] {
  return scan(text, true);
}

function scan(text: string, keepAll: boolean): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let lineStart = 0;
  LINE_BREAK.lastIndex = 0;
  for (;;) {
    const m = LINE_BREAK.exec(text);
    const lineEnd = m ? m.index : text.length;
    segmentLine(text, lineStart, lineEnd, spans, keepAll);
    if (!m) break;
    lineStart = m.index + m[0].length;
  }
  return spans;
}

function segmentLine(text: string, lineStart: number, lineEnd: number, out: SentenceSpan[], keepAll: boolean): void {
  let s = lineStart;
  let e = lineEnd;
  while (s < e && isSpace(text, s)) s++;
  while (e > s && isSpace(text, e - 1)) e--;
  if (s >= e) return;

  const fragments: Fragment[] = [];
  let fragStart = s;
  let endedOnTerminator = false;
  TERMINATOR_RUN.lastIndex = s;
  for (;;) {
    const m = TERMINATOR_RUN.exec(text);
    if (!m || m.index >= e) break;
    const runStart = m.index;
    let after = runStart + m[0].length;
    while (after < e && CLOSERS.has(text.charCodeAt(after))) after++;
    if (after < e && !isSpace(text, after)) continue; // "3.5", "U.S.-led", "example.com", "wait...what"
    after = absorbEmojiTokens(text, after, e);
    if (after >= e) {
      endedOnTerminator = true;
      break;
    }
    let next = after;
    while (next < e && isSpace(text, next)) next++;
    if (!isBoundary(text, m[0], lineStart, runStart, next, e)) {
      TERMINATOR_RUN.lastIndex = next;
      continue;
    }
    fragments.push({ start: fragStart, end: after, terminated: true });
    fragStart = next;
    TERMINATOR_RUN.lastIndex = next;
  }
  const last = { start: fragStart, end: e, terminated: endedOnTerminator };
  if (!HAS_WORD_CHAR.test(text.slice(last.start, last.end))) {
    fragments.push(last); // trailing punctuation or emoji alone (". . .”", ":)"), no heading: see below
  } else {
    const tail = keepAll ? last : stripTweetSignature(text, last);
    const body = tail ? text.slice(tail.start, tail.end) : "";
    // A heading is a line of its own; the unpunctuated end of a paragraph is still a sentence
    // (but not a lone link or handle left after the last full stop). Punctuation alone before a
    // tweet signature ("... — Name (@x) …") goes with the signature.
    if (tail && HAS_WORD_CHAR.test(body)) {
      const keep =
        keepAll ||
        (tail.terminated ? fragments.length > 0 || !isTerminatedHeading(body) : (fragments.length > 0 && countWords(body) >= 2) || isSentenceLike(body));
      if (keep) fragments.push(tail);
    }
  }
  // A run of punctuation or emoji alone (". . .”", "🎉!", "?!") carries no claim of its own: it ends
  // the sentence before it on the line, or opens the next one; a line of nothing else is no claim.
  const first = out.length;
  let pending = -1;
  for (const f of fragments) {
    const [start, end] = trimWhiteSpace(text, f.start, f.end);
    if (start >= end) continue;
    if (HAS_WORD_CHAR.test(text.slice(start, end))) {
      out.push({ start: pending < 0 ? start : pending, end });
      pending = -1;
    } else if (out.length > first) out[out.length - 1]!.end = end;
    else if (pending < 0) pending = start;
  }
}

/** Decides whether the terminator run at runStart ends a sentence, given the text from `next` on. */
function isBoundary(text: string, run: string, lineStart: number, runStart: number, next: number, lineEnd: number): boolean {
  let c = next;
  while (c < lineEnd && OPENERS.has(text.charCodeAt(c))) c++;
  if (c >= lineEnd) return true;
  // A bare link after a terminator is attached media ("today. pic.twitter.com/x"), not a continuation.
  const continues = matchesAt(LOWER_AT, text, c) && !matchesAt(URL_AT, text, c);

  if (/[?!‽]/.test(run)) return !continues; // “Is it?” he asked.
  if (run !== ".") return matchesAt(UPPER_AT, text, c); // ellipsis: "wait... what" stays whole
  if (continues) return false; // "etc. are", "U.S. and"

  const word = wordBefore(text, lineStart, runStart);
  const key = word.toLowerCase();
  if (NEVER_FINAL.has(key)) return false;
  if (NUMERIC_PREFIX.has(key) && matchesAt(DIGIT_AT, text, c)) return false;
  const isInitial = SINGLE_INITIAL.test(word);
  if (isInitial || DOTTED_ACRONYM.test(word) || AMBIGUOUS.has(key)) {
    if (isInitial && matchesAt(INITIAL_AT, text, c)) return false; // "J. R. R. Tolkien", "George W. A."
    WORD_AT.lastIndex = c;
    const nextWord = WORD_AT.exec(text);
    return nextWord !== null && SENTENCE_STARTERS.has(nextWord[0]);
  }
  return true;
}

/** The token before a period, without surrounding quotes/brackets ("(BJMC)." -> "BJMC"). */
function wordBefore(text: string, lineStart: number, runStart: number): string {
  let a = runStart;
  while (a > lineStart && !isSpace(text, a - 1)) a--;
  let b = runStart;
  while (a < b && OPENERS.has(text.charCodeAt(a))) a++;
  while (b > a && CLOSERS.has(text.charCodeAt(b - 1))) b--;
  return text.slice(a, b);
}

function absorbEmojiTokens(text: string, from: number, lineEnd: number): number {
  let end = from;
  for (;;) {
    let a = end;
    while (a < lineEnd && isSpace(text, a)) a++;
    if (a === end && end < lineEnd) return end;
    if (a >= lineEnd || !mayStartEmoji(text.charCodeAt(a))) return end;
    let b = a;
    while (b < lineEnd && !isSpace(text, b)) b++;
    if (!EMOJI_TOKEN.test(text.slice(a, b))) return end;
    end = b;
  }
}

/** Drops a trailing tweet attribution; returns null when nothing else is left of the fragment. */
function stripTweetSignature(text: string, f: Fragment): Fragment | null {
  if (f.terminated) return f;
  // Located with lastIndexOf rather than one regex so a long dash-heavy line stays linear.
  const body = text.slice(f.start, f.end);
  const handle = body.lastIndexOf("(@");
  if (handle < 0 || !TWEET_SIGNATURE_END.test(body.slice(handle))) return f;
  const dash = Math.max(body.lastIndexOf("—", handle), body.lastIndexOf("–", handle));
  if (dash < 0 || (dash > 0 && !isSpace(body, dash - 1))) return f;
  let end = f.start + dash;
  while (end > f.start && isSpace(text, end - 1)) end--;
  if (end <= f.start) return null;
  return { start: f.start, end, terminated: TRAILING_TERMINATED.test(text.slice(f.start, end)) };
}

/** An unterminated line counts as a claim only if it reads like prose, not like a heading or credit. */
function isSentenceLike(fragment: string): boolean {
  return countWords(fragment) >= MIN_WORDS_UNTERMINATED && !isTitleCase(fragment);
}

function isTerminatedHeading(line: string): boolean {
  return isTitleCase(line) && countWords(line) <= MAX_WORDS_TERMINATED_HEADING;
}

function countWords(fragment: string): number {
  let n = 0;
  for (const [token] of fragment.matchAll(TOKEN)) if (HAS_WORD_CHAR.test(token)) n++;
  return n;
}

/** Every significant word capitalised; all-caps text is shouting, not a title. */
function isTitleCase(fragment: string): boolean {
  if (!HAS_LOWER.test(fragment)) return false;
  let significant = 0;
  for (const [token] of fragment.matchAll(TOKEN)) {
    const word = token.replace(LEADING_NON_WORD, "");
    if (word === "" || !/^\p{L}/u.test(word)) continue;
    if (TITLE_SMALL_WORDS.has(word.replace(/[^\p{L}]+$/u, "").toLowerCase())) continue;
    if (/^\p{Ll}/u.test(word)) return false;
    significant++;
  }
  return significant > 0;
}

function matchesAt(re: RegExp, text: string, index: number): boolean {
  re.lastIndex = index;
  return re.test(text);
}

function isSpace(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return UNICODE_SPACES.has(code);
}

/** Cheap pre-filter before the emoji regex: pictographs are astral or in U+2000–U+3300 (plus © ®). */
function mayStartEmoji(code: number): boolean {
  return (code >= 0xd800 && code <= 0xdbff) || (code >= 0x2000 && code <= 0x3300) || code === 0xa9 || code === 0xae;
}

function codeSet(chars: string): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i < chars.length; i++) set.add(chars.charCodeAt(i));
  return set;
}
