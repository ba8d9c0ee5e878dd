// Property tests of the segmenter and of the anchors the import builds from it
// (lib/server/documents.ts: segmentSentences, then TextIndex.anchor on code-point offsets).
// Decision 0003 says what the segmenter may leave out; these properties hold it to exactly that.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTEXT_LENGTH, TextIndex } from "@/lib/domain/offsets";
import { segmentSentences, splitSentences, type SentenceSpan } from "@/lib/domain/segmentation";
import { anyText, article, fuzz, fuzzTimeout, logicalLines } from "../helpers/text-arbitraries";

const RUNS = 500;
const options = fuzz(RUNS);
const timeout = fuzzTimeout(RUNS);

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/g;
/** A grapheme cluster holding white space (" ", or a space carrying a stray mark: " \u0301"). */
const BLANK = /\s/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Code points Unicode attaches to the character before them (GB9, GB9a). */
const ATTACHES_BACKWARDS = /^[\p{M}\p{Emoji_Modifier}\u200c\u200d]/u;
/** "— Name (@handle) April 23, 2025" at the end, as lib/domain/segmentation.ts finds it (the dash after white space). */
const TWEET_SIGNATURE = /\s[—–].*\(@\w{1,15}\)\s+\p{L}+\.?\s+\d{1,2},\s+\d{4}$/su;
const TITLE_SMALL_WORDS = new Set(
  "a an the and but or nor for so yet as at by in of off on per to up via vs from into onto over with than upon".split(" "),
);

type Line = { start: number; end: number };

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const m of text.matchAll(LINE_BREAK)) {
    lines.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  lines.push({ start, end: text.length });
  return lines;
}

function boundariesOf(text: string): Set<number> {
  const set = new Set([text.length]);
  for (const { index } of graphemes.segment(text)) set.add(index);
  return set;
}

const slices = (text: string, spans: SentenceSpan[]) => spans.map((s) => text.slice(s.start, s.end));
const within = (spans: SentenceSpan[], l: Line) => spans.filter((s) => s.start >= l.start && s.end <= l.end);

/** Words as decision 0003 counts them: white-space tokens holding a letter or digit. */
const wordCount = (s: string) => s.split(/\s+/u).filter((t) => WORD_CHAR.test(t)).length;

/** Decision 0003: every word but short function words capitalised; all-caps is not title case. */
function isTitleCase(s: string): boolean {
  if (!/\p{Ll}/u.test(s)) return false;
  const significant = s
    .split(/\s+/u)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+/u, ""))
    .filter((w) => /^\p{L}/u.test(w) && !TITLE_SMALL_WORDS.has(w.replace(/[^\p{L}]+$/u, "").toLowerCase()));
  return significant.length > 0 && significant.every((w) => !/^\p{Ll}/u.test(w));
}

/** (2) Sorted, in bounds, non-empty, never overlapping, never across a line break. */
function expectOrdered(text: string, spans: SentenceSpan[]): void {
  let previousEnd = 0;
  for (const { start, end } of spans) {
    expect(Number.isInteger(start) && Number.isInteger(end)).toBe(true);
    expect(start).toBeGreaterThanOrEqual(previousEnd);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(text.length);
    expect(text.slice(start, end)).not.toMatch(LINE_BREAK);
    previousEnd = end;
  }
}

/** (1) What the import stores re-finds exactly the same text, by code points as Postgres counts them. */
function expectAnchorsRefind(text: string, spans: SentenceSpan[]): void {
  const index = new TextIndex(text);
  const codePoints = [...text];
  expect(index.length).toBe(codePoints.length);
  for (const s of spans) {
    const start = index.toCodePoint(s.start);
    const end = index.toCodePoint(s.end);
    const anchor = index.anchor(start, end);
    const exact = text.slice(s.start, s.end);
    expect(anchor.exact).toBe(exact);
    expect(codePoints.slice(start, end).join("")).toBe(exact); // substr(text, start + 1, end - start)
    expect(anchor.prefix).toBe(codePoints.slice(Math.max(0, start - CONTEXT_LENGTH), start).join(""));
    expect(anchor.suffix).toBe(codePoints.slice(end, end + CONTEXT_LENGTH).join(""));
    expect(text.slice(0, s.start).endsWith(anchor.prefix) && text.slice(s.end).startsWith(anchor.suffix)).toBe(true);
    expect(index.toUtf16(start)).toBe(s.start);
    expect(index.toUtf16(end)).toBe(s.end);
  }
}

/** (4) + (5) A span starts and ends on whole user-perceived characters that are not white space. */
function expectWholeCharacters(text: string, spans: SentenceSpan[], boundaries: Set<number>): void {
  for (const { start, end } of spans) {
    const exact = text.slice(start, end);
    expect(boundaries.has(start), `start ${start} of ${JSON.stringify(exact)} cuts a character`).toBe(true);
    expect(boundaries.has(end), `end ${end} of ${JSON.stringify(exact)} cuts a character`).toBe(true);
    expect(exact.isWellFormed()).toBe(true);
    expect(exact).toBe(exact.trim());
    const clusters = [...graphemes.segment(exact)].map((g) => g.segment);
    expect(BLANK.test(clusters[0]!) || BLANK.test(clusters.at(-1)!), `${JSON.stringify(exact)} begins or ends with white space`).toBe(false);
    // A mark or joiner opens a claim only where nothing before it could carry it: the text's or a line's start, or a control.
    if (ATTACHES_BACKWARDS.test(exact)) expect(start === 0 || /[\p{Cc}\p{Zl}\p{Zp}\ufeff]/u.test(text[start - 1]!)).toBe(true);
  }
}

/**
 * (3) splitSentences loses nothing: on every line, all that lies outside its sentences is white
 * space, and a line without any sentence has no letter or digit (a rule "* * *", "🎉🎉").
 */
function expectFullCoverage(text: string, spans: SentenceSpan[]): void {
  for (const line of linesOf(text)) {
    const inLine = within(spans, line);
    for (const { index, segment } of graphemes.segment(text.slice(line.start, line.end))) {
      const at = line.start + index;
      if (inLine.some((s) => at < s.end && at + segment.length > s.start)) continue;
      if (BLANK.test(segment)) continue;
      if (inLine.length === 0 && !WORD_CHAR.test(segment)) continue;
      throw new Error(`${JSON.stringify(segment)} at ${at} is in no sentence of line ${JSON.stringify(text.slice(line.start, line.end))}`);
    }
  }
  expect(spans.every((s) => linesOf(text).some((l) => s.start >= l.start && s.end <= l.end))).toBe(true);
}

/** Decision 0003: an item of a list split within a line ("1.) Freeze the assets 2.) …") that has no final punctuation and is short or title case. */
const isShortUnpunctuatedItem = (s: string) => !UNTERMINATED_END.test(s) && (wordCount(s) < 8 || isTitleCase(s));
const UNTERMINATED_END = /[.?!…‽]["'”’)\]}»›]*$/u;

/**
 * (3) segmentSentences leaves out only what decision 0003 says: per line, the claims are that line's
 * sentences, except that the line's last sentence may be missing (a heading, credit, list item,
 * short lead-in or lone link: fewer than 8 words, or title case, or a tweet signature) or lose a
 * trailing tweet signature, and short unpunctuated list items may be missing anywhere in the line.
 * Everything else outside claims is white space (expectFullCoverage).
 */
function expectOnlyNonClaimsLeftOut(text: string, claims: SentenceSpan[], sentences: SentenceSpan[]): void {
  for (const line of linesOf(text)) {
    const all = within(sentences, line);
    const kept = within(claims, line);
    const where = `line ${JSON.stringify(text.slice(line.start, line.end))}`;
    let k = 0;
    for (const s of all.slice(0, -1)) {
      const claim = kept[k];
      if (claim && claim.start === s.start && claim.end === s.end) {
        k++;
        continue;
      }
      const left = text.slice(s.start, s.end);
      expect(isShortUnpunctuatedItem(left), `${where}: left out ${JSON.stringify(left)} within the line`).toBe(true);
    }
    expect(kept.length - k <= 1, where).toBe(true);
    const last = all.at(-1);
    if (!last) continue;
    const lastText = text.slice(last.start, last.end);
    const keptLast = kept[k] ?? null;
    if (keptLast) expect(keptLast.start, where).toBe(last.start);
    if (!keptLast) {
      const why = wordCount(lastText) < 8 || isTitleCase(lastText) || TWEET_SIGNATURE.test(lastText);
      expect(why, `${where}: left out ${JSON.stringify(lastText)}, which reads like a claim`).toBe(true);
    } else if (keptLast.end !== last.end) {
      expect(keptLast.start, where).toBe(last.start);
      expect(TWEET_SIGNATURE.test(text.slice(keptLast.end, last.end)), `${where}: cut ${JSON.stringify(text.slice(keptLast.end, last.end))}`).toBe(true);
    }
  }
}

describe("segmentation properties", () => {
  it(
    "(1) every claim's code-point anchor re-finds its exact text, prefix and suffix",
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          expectAnchorsRefind(text, segmentSentences(text));
          expectAnchorsRefind(text, splitSentences(text));
        }),
        options,
      );
    },
    timeout,
  );

  it(
    "(2) spans are sorted, in bounds, within one line and never overlap",
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          expectOrdered(text, segmentSentences(text));
          expectOrdered(text, splitSentences(text));
        }),
        options,
      );
    },
    timeout,
  );

  it(
    "(3) splitSentences covers all but white space; segmentSentences leaves out only headings, credits and signatures",
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const sentences = splitSentences(text);
          // Decision 0003: a fragment with no letter or digit is no claim of its own.
          for (const sentence of slices(text, sentences)) expect(sentence).toMatch(WORD_CHAR);
          expectFullCoverage(text, sentences);
          expectOnlyNonClaimsLeftOut(text, segmentSentences(text), sentences);
        }),
        options,
      );
    },
    timeout,
  );

  it(
    "(4, 5) spans never cut a character (surrogate pair, combining sequence, ZWJ emoji, flag) and never begin or end with white space",
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const boundaries = boundariesOf(text);
          expectWholeCharacters(text, segmentSentences(text), boundaries);
          expectWholeCharacters(text, splitSentences(text), boundaries);
        }),
        options,
      );
    },
    timeout,
  );

  it(
    "(4) in article text with whole emoji, no claim begins with a mark or joiner or ends with a joiner or half a flag",
    () => {
      fc.assert(
        fc.property(article, (text) => {
          for (const claim of slices(text, segmentSentences(text))) {
            expect(claim).not.toMatch(/^[\p{M}\u200d\ufe0f]|\u200d$/u);
            // Regional indicators pair up from the start of their run: an odd run at the end is half a flag.
            expect((claim.match(/\p{Regional_Indicator}+$/u)?.[0].length ?? 0) % 4, claim).toBe(0);
          }
        }),
        options,
      );
    },
    timeout,
  );

  it(
    "(6) is deterministic, and LF, CRLF, CR, U+2028 or U+2029 line ends only shift the offsets",
    () => {
      const ends = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\r\n\r\n"];
      fc.assert(
        fc.property(logicalLines, anyText, (lines, other) => {
          const byEnd = ends.map((end) => {
            const text = lines.join(end);
            // Offset of each UTF-16 position of the LF version in this version.
            const shift = (at: number) => at + (end.length - 1) * (lines.join("\n").slice(0, at).split("\n").length - 1);
            return { text, shift, claims: segmentSentences(text), sentences: splitSentences(text) };
          });
          const lf = byEnd[0]!;
          segmentSentences(other); // no state may survive from one call to the next
          expect(segmentSentences(lf.text)).toEqual(lf.claims);
          for (const v of byEnd) {
            expect(v.claims).toEqual(lf.claims.map((s) => ({ start: v.shift(s.start), end: v.shift(s.end) })));
            expect(v.sentences).toEqual(lf.sentences.map((s) => ({ start: v.shift(s.start), end: v.shift(s.end) })));
          }
        }),
        options,
      );
    },
    timeout,
  );

  it(
    "(7) every line break ends a sentence: each line segments the same on its own",
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const claims = segmentSentences(text);
          for (const line of linesOf(text)) {
            const alone = segmentSentences(text.slice(line.start, line.end)).map((s) => ({ start: s.start + line.start, end: s.end + line.start }));
            expect(within(claims, line)).toEqual(alone);
          }
        }),
        options,
      );
    },
    timeout,
  );

  it("generates articles that exercise the rules (sanity check of the generator)", () => {
    const texts = fc.sample(article, { numRuns: 300, seed: options.seed });
    const claims = texts.flatMap((t) => slices(t, segmentSentences(t)));
    const sentences = texts.flatMap((t) => slices(t, splitSentences(t)));
    expect(claims.length).toBeGreaterThan(600);
    expect(sentences.length).toBeGreaterThan(claims.length); // headings and credits were left out
    expect(claims.some((c) => /\p{Extended_Pictographic}\u200d/u.test(c))).toBe(true);
    expect(claims.some((c) => /[\u0590-\u06ff]/u.test(c))).toBe(true);
    expect(claims.some((c) => /\p{M}/u.test(c))).toBe(true);
    expect(texts.some((t) => t.includes("\r\n"))).toBe(true);
  });
});
