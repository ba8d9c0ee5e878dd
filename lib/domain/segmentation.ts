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
/** A list label after a bullet or at the start of a line: "1.", "1.)", "1)", "a.", "ii." (white space after). */
const LIST_LABEL = /(\d{1,3}|[a-z]|[ivx]{2,6})(\.\)|\)|\.)(?=\s)/y;
/** Bullets that may also separate items within a line ("• one • two"); "-" and "*" only start a line. */
const INLINE_BULLETS = codeSet("•⁃▪◦‣●");
/** Words after which "2." is a number ending a sentence, not the next list label ("rose by 2. Then"). */
const NUMBER_CONTEXT = new Set([
  "by", "to", "of", "from", "at", "in", "on", "than", "about", "over", "under", "nearly", "almost", "around",
  "only", "just", "and", "or", "was", "were", "is", "are", "be", "been", "no", "No", "p", "pp", "page", "number",
]);
const DIGIT_OR_LOWER_ASCII = /[0-9a-z]/;
const ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"];
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
const NUMERIC_PREFIX = new Set(["no", "nos", "n°", "nº", "№", "vol", "vols", "p", "pp", "art", "fig", "figs", "ch", "sec", "para", "op"]);

/** After an ambiguous abbreviation, only these words are trusted to open a new sentence. */
const SENTENCE_STARTERS = new Set([
  "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "It’s", "It's", "He", "She",
  "They", "We", "I", "You", "There", "Here", "But", "And", "Or", "Nor", "So", "Yet", "Still",
  "Then", "Now", "However", "Meanwhile", "Moreover", "Furthermore", "Also", "In", "On", "At", "As",
  "If", "When", "While", "After", "Before", "Since", "Although", "Though", "Because", "For",
  "What", "Why", "How", "Who", "Where", "Which", "His", "Her", "Their", "Our", "My", "Your", "Many",
  "Most", "Some", "Such", "Both", "All", "Each", "Every", "Even", "Instead", "Indeed", "Thus",
  "Today", "Yesterday", "Last", "Next", "One", "No", "Not", "Nothing", "Nobody", "Several",
  "Other", "Others", "Another", "Despite", "During", "Under", "Until", "Later", "Earlier", "Afterwards",
  "Finally", "Again", "Only", "Please", "Let", "Let’s", "Let's", "Did", "Do", "Does", "Is", "Are", "Was",
  "Were", "Would", "Can", "Could", "Should", "Has", "Have", "Had",
]);

/** After "a.m."/"p.m.", these go on with the time ("10:30 a.m. Tuesday", "9 a.m. EST", "8 p.m. Kyiv time"). */
const TIME_FOLLOWERS = new Set([
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
  "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "gmt", "utc", "bst", "cet",
  "cest", "eet", "eest", "msk", "ist", "jst", "aest",
]);

/** A sentence opening with one of these and a time is still going after "a.m." ("At 5 a.m. Mr. Smith left"). */
const TIME_INTRO = new Set([
  "at", "by", "around", "about", "before", "after", "until", "till", "from", "since", "shortly", "just",
  "early", "late", "starting", "on", "between",
]);

/** Minor words that stay lowercase in a title-cased heading. */
const TITLE_SMALL_WORDS = new Set([
  "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
  "off", "on", "per", "to", "up", "via", "vs", "from", "into", "onto", "over", "with", "than", "upon",
]);

/** `item`: a list item ended by the next item's label or bullet rather than by punctuation. */
type Fragment = { start: number; end: number; terminated: boolean; item?: boolean };

/** Where the items of a list line start, and which periods belong to item labels ("1.", "a.", "ii."). */
type ListLine = { starts: number[]; labels: Set<number> };

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
  let fragIsItem = false;
  let endedOnTerminator = false;
  const list = listLine(text, s, e);
  let nextItem = 0;
  /** Ends the fragment before each list item that starts before `upTo`. */
  const startItems = (upTo: number) => {
    if (!list) return;
    while (nextItem < list.starts.length && list.starts[nextItem]! < upTo) {
      const at = list.starts[nextItem++]!;
      if (at <= fragStart) continue;
      // "1.) The first item 2.) …" ends at the label; "1. Done… 2. …" (no break before a digit) is still punctuated.
      const terminated = TRAILING_TERMINATED.test(text.slice(fragStart, at).trimEnd());
      fragments.push({ start: fragStart, end: at, terminated, item: true });
      fragStart = at;
      fragIsItem = true;
    }
  };
  TERMINATOR_RUN.lastIndex = s;
  for (;;) {
    const m = TERMINATOR_RUN.exec(text);
    if (!m || m.index >= e) break;
    const runStart = m.index;
    let runEnd = runStart + m[0].length;
    startItems(runStart);
    if (list?.labels.has(runStart)) continue; // "1.) The first item", "• 9. The first item", "ii. Talks"
    if (text.charCodeAt(runStart - 1) === 0x5b && text.charCodeAt(runEnd) === 0x5d) continue; // "[...]" marks an omission
    let kind: RunKind = /[?!‽]/.test(m[0]) ? "mark" : m[0] === "." ? "period" : "ellipsis";
    // Spaced ellipsis: ". . ." or ". . . ." is one run. After a word ("compounds. . . . The"), the first
    // dot ends that sentence and ". . ." opens the next; after a space ("period . . . . Next") it all ends it.
    let firstDot = -1;
    if (kind !== "mark") {
      let g = runEnd;
      let dots = m[0].length;
      while (g + 1 < e && text.charCodeAt(g) === 0x20 && text.charCodeAt(g + 1) === 0x2e) {
        g++;
        while (g < e && text.charCodeAt(g) === 0x2e) {
          g++;
          dots++;
        }
      }
      if (g > runEnd && dots >= 3) {
        if (m[0] === "." && dots >= 4 && runStart > lineStart && !isSpace(text, runStart - 1)) firstDot = runEnd;
        runEnd = g;
        kind = "ellipsis";
        TERMINATOR_RUN.lastIndex = g;
      }
    }
    let after = runEnd;
    while (after < e && CLOSERS.has(text.charCodeAt(after))) after++;
    if (after < e && !isSpace(text, after)) continue; // "3.5", "U.S.-led", "example.com", "wait...what"
    if (firstDot >= 0 && after === runEnd) {
      // "compounds. . . . The practice": decided as a full stop before what follows the dots.
      if (after >= e) {
        endedOnTerminator = true;
        break;
      }
      let next = after;
      while (next < e && isSpace(text, next)) next++;
      if (isBoundary(text, "period", lineStart, fragStart, runStart, next, e)) {
        fragments.push({ start: fragStart, end: firstDot, terminated: true, item: fragIsItem });
        fragStart = firstDot + 1;
        fragIsItem = false;
      }
      TERMINATOR_RUN.lastIndex = next;
      continue;
    }
    after = absorbEmojiTokens(text, after, e);
    if (after >= e) {
      endedOnTerminator = true;
      break;
    }
    let next = after;
    while (next < e && isSpace(text, next)) next++;
    if (!isBoundary(text, kind, lineStart, fragStart, runStart, next, e)) {
      TERMINATOR_RUN.lastIndex = next;
      continue;
    }
    fragments.push({ start: fragStart, end: after, terminated: true, item: fragIsItem });
    fragStart = next;
    fragIsItem = false;
    TERMINATOR_RUN.lastIndex = next;
  }
  startItems(e);
  const last: Fragment = { start: fragStart, end: e, terminated: endedOnTerminator, item: fragIsItem };
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
        (tail.terminated
          ? fragments.length > 0 || !isTerminatedHeading(body)
          : (fragments.length > 0 && !tail.item && countWords(body) >= 2) || isSentenceLike(body));
      if (keep) fragments.push(tail);
    }
  }
  // A run of punctuation or emoji alone (". . .”", "🎉!", "?!") carries no claim of its own: it ends
  // the sentence before it on the line, or opens the next one; a line of nothing else is no claim.
  const first = out.length;
  let pending = -1;
  /** What the last fragment with words became: it takes the punctuation or emoji after it along. */
  let previous: "none" | "claim" | "dropped" = "none";
  for (const f of fragments) {
    const [start, end] = trimWhiteSpace(text, f.start, f.end);
    if (start >= end) continue;
    const body = text.slice(start, end);
    if (HAS_WORD_CHAR.test(body)) {
      // An unpunctuated list item is judged like a line of its own ("1.) Freeze the assets" is no claim).
      if (f.item && !f.terminated && !keepAll && !isSentenceLike(body)) {
        previous = "dropped";
        pending = -1;
        continue;
      }
      out.push({ start: pending < 0 ? start : pending, end });
      pending = -1;
      previous = "claim";
    } else if (previous === "claim" && out.length > first) out[out.length - 1]!.end = end;
    else if (previous === "none" && pending < 0) pending = start;
  }
}

type RunKind = "period" | "ellipsis" | "mark";

/** Decides whether the terminator run at runStart ends a sentence, given the text from `next` on. */
function isBoundary(text: string, kind: RunKind, lineStart: number, fragStart: number, runStart: number, next: number, lineEnd: number): boolean {
  if (attachesParenthetical(text, next, lineEnd)) return false; // “… . . .” (Smith 55). / “Go!” (he said).
  let c = next;
  while (c < lineEnd && OPENERS.has(text.charCodeAt(c))) c++;
  if (c >= lineEnd) return true;
  // A bare link after a terminator is attached media ("today. pic.twitter.com/x"), not a continuation.
  const continues = matchesAt(LOWER_AT, text, c) && !matchesAt(URL_AT, text, c);

  if (kind === "mark") return !continues; // “Is it?” he asked.
  if (kind === "ellipsis") return matchesAt(UPPER_AT, text, c) && !isPronounI(text, c, lineEnd); // "wait... what", ". . . I think so"
  if (continues) return false; // "etc. are", "U.S. and"

  const word = wordBefore(text, lineStart, runStart);
  const key = word.toLowerCase();
  if (NEVER_FINAL.has(key)) return false;
  if (NUMERIC_PREFIX.has(key) && matchesAt(DIGIT_AT, text, c)) return false;
  if (key === "a.m" || key === "p.m") return endsAtTime(text, fragStart, runStart - word.length, c);
  const isInitial = SINGLE_INITIAL.test(word);
  if (isInitial || DOTTED_ACRONYM.test(word) || AMBIGUOUS.has(key)) {
    if (isInitial && matchesAt(INITIAL_AT, text, c)) return false; // "J. R. R. Tolkien", "George W. A."
    // "you and I. Did you…": after a lowercase word, "I" is the pronoun; "Albert I. Jones" is an initial.
    if (word === "I" && previousWordIsLower(text, lineStart, runStart - 1)) return true;
    WORD_AT.lastIndex = c;
    const nextWord = WORD_AT.exec(text);
    return nextWord !== null && SENTENCE_STARTERS.has(nextWord[0]);
  }
  return true;
}

/**
 * "a.m."/"p.m." before a capital ends the sentence ("He left at 6 P.M. Mr. Smith then…") unless the
 * time goes on ("9:30 a.m. Thursday", "8 p.m. Kyiv time") or only opens the sentence ("At 5 a.m. Mr. Smith went").
 */
function endsAtTime(text: string, fragStart: number, timeStart: number, c: number): boolean {
  if (!matchesAt(UPPER_AT, text, c)) return false;
  WORD_AT.lastIndex = c;
  const nextWord = WORD_AT.exec(text)?.[0] ?? "";
  if (TIME_FOLLOWERS.has(nextWord.toLowerCase())) return false;
  let after = c + nextWord.length;
  while (after < text.length && text.charCodeAt(after) === 0x20) after++;
  if (text.startsWith("time", after)) return false;
  if (SENTENCE_STARTERS.has(nextWord)) return true;
  const before = text.slice(fragStart, timeStart).match(TOKEN) ?? [];
  return !(before.length <= 4 && TIME_INTRO.has(before[0]?.toLowerCase() ?? ""));
}

/** "I" followed by a lowercase word or a contraction ("I think", "I’m"): not the start of a new sentence. */
function isPronounI(text: string, c: number, lineEnd: number): boolean {
  if (text.charCodeAt(c) !== 0x49 || c + 1 >= lineEnd) return false;
  const n = text.charCodeAt(c + 1);
  if (n === 0x2019 || n === 0x27) return true;
  return isSpace(text, c + 1) && matchesAt(LOWER_AT, text, c + 2);
}

/** Whether the token before `index` (skipping white space) starts with a lowercase letter. */
function previousWordIsLower(text: string, lineStart: number, index: number): boolean {
  let i = index;
  while (i > lineStart && !isSpace(text, i - 1)) i--; // start of the current token
  let j = i;
  while (j > lineStart && isSpace(text, j - 1)) j--;
  if (j === i) return false;
  let k = j;
  while (k > lineStart && !isSpace(text, k - 1)) k--;
  while (k < j && OPENERS.has(text.charCodeAt(k))) k++;
  return matchesAt(LOWER_AT, text, k);
}

/**
 * A short parenthetical right after a sentence's end, itself followed by punctuation
 * ("… stairways [...]” (Smith 55).", "“Go!” (he said).") is a citation or attribution of that sentence.
 * One that is a sentence of its own ("(The ministry denies this.)") is not.
 */
function attachesParenthetical(text: string, next: number, lineEnd: number): boolean {
  if (text.charCodeAt(next) !== 0x28) return false;
  const limit = Math.min(lineEnd, next + 80);
  let close = next + 1;
  while (close < limit && text.charCodeAt(close) !== 0x29 && text.charCodeAt(close) !== 0x28) close++;
  if (close >= limit || text.charCodeAt(close) !== 0x29) return false;
  if (/[.?!…‽]/.test(text.charAt(close - 1))) return false;
  if (close + 1 >= lineEnd || !/[.,;:?!…]/.test(text.charAt(close + 1))) return false; // "It failed. (Reuters)" stays apart
  const inner = text.slice(next + 1, close);
  return matchesAt(LOWER_AT, text, next + 1) || (inner.match(TOKEN)?.length ?? 0) <= 5;
}

/**
 * A line that starts as a list ("1.) …", "a. …", "ii. …", "• …") is split before each later item:
 * the next label in sequence ("2.)", "b.", "iii.") or the same bullet, each after white space.
 * The periods of labels never end a sentence. Returns null for any other line (the usual case).
 */
function listLine(text: string, s: number, e: number): ListLine | null {
  const first = text.charCodeAt(s);
  const bullet = INLINE_BULLETS.has(first) || first === 0x2d || first === 0x2a ? first : -1;
  let p = s;
  if (bullet >= 0) {
    p++;
    while (p < e && isSpace(text, p)) p++;
  } else if (first > 0x7a || !(DIGIT_OR_LOWER_ASCII.test(text.charAt(s)))) return null;
  LIST_LABEL.lastIndex = p;
  const label = LIST_LABEL.exec(text);
  if (bullet < 0 && (!label || label.index !== p)) return null;
  const labels = new Set<number>();
  const starts: number[] = [];
  const addLabel = (at: number, m: RegExpExecArray | null) => {
    if (m && m.index === at && m[2]!.startsWith(".")) labels.add(at + m[1]!.length);
  };
  addLabel(p, label);
  if (bullet >= 0) {
    if (!INLINE_BULLETS.has(bullet)) return labels.size > 0 ? { starts, labels } : null;
    const mark = String.fromCharCode(bullet);
    for (let i = text.indexOf(mark, p); i >= 0 && i < e; i = text.indexOf(mark, i + 1)) {
      if (!isSpace(text, i - 1)) continue;
      starts.push(i);
      let q = i + 1;
      while (q < e && isSpace(text, q)) q++;
      LIST_LABEL.lastIndex = q;
      addLabel(q, LIST_LABEL.exec(text));
    }
    return { starts, labels };
  }
  const line = text.slice(s, e);
  const punct = label![2]!;
  let current = label![1]!;
  let from = p - s + label![0].length;
  for (;;) {
    let found = -1;
    let foundLabel = "";
    for (const candidate of successors(current)) {
      const needle = ` ${candidate}${punct}`;
      const at = line.indexOf(needle, from);
      if (at < 0 || (found >= 0 && at > found)) continue;
      const end = at + needle.length;
      if (end < line.length && !isSpace(line, end)) continue;
      if (punct === "." && NUMBER_CONTEXT.has(line.slice(line.lastIndexOf(" ", at - 1) + 1, at))) continue; // "taxes by 2. Then"
      found = at;
      foundLabel = candidate;
    }
    if (found < 0) break;
    starts.push(s + found + 1);
    if (punct.startsWith(".")) labels.add(s + found + 1 + foundLabel.length);
    current = foundLabel;
    from = found + 1 + foundLabel.length + punct.length;
  }
  return { starts, labels };
}

/** The labels that may follow `label` in a list: 1 → 2, a → b, i → ii (or j), iv → v. */
function successors(label: string): string[] {
  if (/^\d+$/.test(label)) return [String(Number(label) + 1)];
  const out: string[] = [];
  const roman = ROMAN.indexOf(label);
  if (roman >= 0 && roman + 1 < ROMAN.length) out.push(ROMAN[roman + 1]!);
  if (label.length === 1 && label !== "z") out.push(String.fromCharCode(label.charCodeAt(0) + 1));
  return out;
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
