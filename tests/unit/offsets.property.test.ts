// Property tests of TextIndex (UTF-16 <-> code points), anchors and checkSpan on any storable text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTEXT_LENGTH, checkSpan, isGraphemeBoundary, TextIndex } from "@/lib/domain/offsets";
import { anyText, fuzz, fuzzTimeout, randomMix } from "../helpers/text-arbitraries";

const RUNS = 300;
const options = fuzz(RUNS);
const timeout = fuzzTimeout(RUNS);

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

function boundariesOf(text: string): Set<number> {
  const set = new Set([text.length]);
  for (const { index } of graphemes.segment(text)) set.add(index);
  return set;
}

/** Every user-perceived character is white space, or white space carrying a mark (" \u0301"). */
const isBlank = (s: string) => [...graphemes.segment(s)].every((g) => /\s/u.test(g.segment));

/** Long runs of flags (tweets), emoji and stacked marks: clusters and cluster rules that reach far. */
const flagsAndMarks = fc
  .array(
    fc.oneof(
      fc.array(fc.constantFrom("🇺🇦", "🇺🇸", "🇬🇧", "🇪🇺"), { minLength: 10, maxLength: 40 }).map((fs) => fs.join("")),
      fc.constantFrom("🇺", " ", "x", "e\u0301\u0301\u0301", "👨‍👩‍👧‍👦", "\u200d", "🏽", "\n", " \u0301", "\u0600 ", "\u00a0\u0308", "\t"),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(""));

/** A text and two code-point offsets in it, anywhere from 0 to its length. */
const textWithSpan = fc.oneof(anyText, flagsAndMarks).chain((text) => {
  const n = [...text].length;
  return fc.tuple(fc.constant(text), fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }));
});

describe("TextIndex properties", () => {
  it(
    "counts code points, and maps every code-point offset to UTF-16 and back",
    () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const index = new TextIndex(text);
          const codePoints = [...text];
          expect(index.length).toBe(codePoints.length);
          const wrong: string[] = [];
          let utf16 = 0;
          for (let cp = 0; cp <= codePoints.length; cp++) {
            if (index.toUtf16(cp) !== utf16 || index.toCodePoint(utf16) !== cp) wrong.push(`code point ${cp} / UTF-16 ${utf16}`);
            // The low half of a surrogate pair is no code-point offset.
            if (codePoints[cp]?.length === 2) expect(() => index.toCodePoint(utf16 + 1)).toThrow(/surrogate pair/);
            utf16 += codePoints[cp]?.length ?? 0;
          }
          expect(wrong).toEqual([]);
          expect(() => index.toUtf16(codePoints.length + 1)).toThrow(RangeError);
          expect(() => index.toCodePoint(text.length + 1)).toThrow(RangeError);
        }),
        options,
      );
    },
    timeout,
  );

  it(
    "anchors any span: exact, prefix and suffix are the code points at and around its offsets",
    () => {
      fc.assert(
        fc.property(textWithSpan, ([text, a, b]) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          const index = new TextIndex(text);
          const codePoints = [...text];
          const anchor = index.anchor(start, end);
          expect(anchor).toEqual({
            start,
            end,
            exact: codePoints.slice(start, end).join(""),
            prefix: codePoints.slice(Math.max(0, start - CONTEXT_LENGTH), start).join(""),
            suffix: codePoints.slice(end, end + CONTEXT_LENGTH).join(""),
          });
          // Re-anchoring by quote (W3C TextQuoteSelector) finds the same place.
          const quote = anchor.prefix + anchor.exact + anchor.suffix;
          expect(text.slice(index.toUtf16(start - [...anchor.prefix].length)).startsWith(quote)).toBe(true);
        }),
        options,
      );
    },
    timeout,
  );
});

describe("isGraphemeBoundary properties", () => {
  it(
    "agrees with segmenting the whole text, at every UTF-16 offset of rows of flags, emoji and marks",
    () => {
      fc.assert(
        fc.property(fc.oneof(flagsAndMarks, randomMix), (text) => {
          const boundaries = boundariesOf(text);
          const wrong: number[] = [];
          for (let i = 0; i <= text.length; i++) if (isGraphemeBoundary(text, i) !== boundaries.has(i)) wrong.push(i);
          expect(wrong, JSON.stringify(text)).toEqual([]);
        }),
        options,
      );
    },
    timeout,
  );

  it(
    "agrees with segmenting the whole text, at random offsets of any text",
    () => {
      const textWithOffsets = anyText.chain((text) => fc.tuple(fc.constant(text), fc.array(fc.integer({ min: 0, max: text.length }), { minLength: 1, maxLength: 40 })));
      fc.assert(
        fc.property(textWithOffsets, ([text, offsets]) => {
          const boundaries = boundariesOf(text);
          expect(offsets.filter((i) => isGraphemeBoundary(text, i) !== boundaries.has(i)), JSON.stringify(text)).toEqual([]);
        }),
        options,
      );
    },
    timeout,
  );
});

describe("checkSpan properties", () => {
  it(
    "accepts a span exactly when its ends are whole characters and it holds more than white space; the result is trimmed, whole and stable",
    () => {
      fc.assert(
        fc.property(textWithSpan, ([text, a, b]) => {
          const index = new TextIndex(text);
          const boundaries = boundariesOf(text);
          const result = checkSpan(index, a, b);
          const whole = boundaries.has(index.toUtf16(a)) && boundaries.has(index.toUtf16(b));
          if (b <= a || !whole) {
            expect(result).toMatchObject({ field: expect.stringMatching(/^(start|end)$/) });
            return;
          }
          const inner = index.slice(a, b);
          if (isBlank(inner)) {
            expect(result).toMatchObject({ field: "end", message: expect.stringMatching(/white space/) });
            return;
          }
          if (!("start" in result) || !("end" in result)) throw new Error(`refused ${JSON.stringify(inner)}: ${JSON.stringify(result)}`);
          const { start, end } = result as { start: number; end: number };
          expect(a <= start && start < end && end <= b).toBe(true);
          const exact = index.slice(start, end);
          const clusters = [...graphemes.segment(exact)].map((g) => g.segment);
          expect(isBlank(clusters[0]!) || isBlank(clusters.at(-1)!), `${JSON.stringify(exact)} begins or ends with white space`).toBe(false);
          // Only white space was trimmed (with any mark it carries): what was cut off holds nothing else.
          expect(isBlank(index.slice(a, start)) && isBlank(index.slice(end, b))).toBe(true);
          expect(boundaries.has(index.toUtf16(start)) && boundaries.has(index.toUtf16(end)), `${JSON.stringify(exact)} cuts a character`).toBe(true);
          expect(checkSpan(index, start, end)).toEqual({ start, end });
        }),
        options,
      );
    },
    timeout,
  );
});
