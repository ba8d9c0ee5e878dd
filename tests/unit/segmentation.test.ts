import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { segmentSentences, splitSentences, type SentenceSpan } from "@/lib/domain/segmentation";
import golden from "../fixtures/segmentation/golden.json";

type GoldenCase = { name: string; text: string; expected: string[] };

const seedDir = new URL("../../seeds/", import.meta.url);
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((file) => ({ file, text: readFileSync(new URL(file, seedDir), "utf8") }));

function graphemeBoundaries(text: string): Set<number> {
  const set = new Set<number>([text.length]);
  for (const g of new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text)) set.add(g.index);
  return set;
}

/** The invariants every caller relies on, whatever the input. */
function expectWellFormed(text: string, spans: SentenceSpan[]): void {
  let previousEnd = 0;
  for (const { start, end } of spans) {
    expect(Number.isInteger(start) && Number.isInteger(end)).toBe(true);
    expect(start).toBeGreaterThanOrEqual(previousEnd);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(text.length);
    const slice = text.slice(start, end);
    expect(slice).toBe(slice.trim());
    expect(slice).not.toMatch(/[\n\r\u2028\u2029]/);
    previousEnd = end;
  }
}

function expectOnCodePointBoundaries(text: string, spans: SentenceSpan[]): void {
  const isHigh = (i: number) => /[\uD800-\uDBFF]/.test(text.charAt(i));
  for (const { start, end } of spans) {
    expect(isHigh(start - 1), `start ${start} splits a surrogate pair`).toBe(false);
    expect(isHigh(end - 1), `end ${end} splits a surrogate pair`).toBe(false);
  }
}

describe("segmentSentences golden set", () => {
  const cases = golden as GoldenCase[];

  it("has enough hand-written cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const spans = segmentSentences(c.text);
    expect(spans.map((s) => c.text.slice(s.start, s.end))).toEqual(c.expected);
    expectWellFormed(c.text, spans);
    expectOnCodePointBoundaries(c.text, spans);
  });
});

describe("segmentSentences offsets", () => {
  it("returns exact UTF-16 offsets into the original string", () => {
    const text = "  Mr. Smith left.\r\n\r\nThe U.S. Senate voted 🇺🇦. Next one.";
    expect(segmentSentences(text)).toEqual([
      { start: 2, end: 17 },
      { start: 21, end: 48 }, // "The U.S. Senate voted " is 22 units, the flag 4, the period 1
      { start: 49, end: 58 },
    ]);
  });

  it("never cuts a surrogate pair, flag or ZWJ sequence", () => {
    const text =
      "🇺🇦🇺🇸 Kyiv stands firm! Families 👨‍👩‍👧‍👦 fled west 🏳️‍🌈. Support grows 🌻… Nobody gives up 💪🏽.\n— GMan (Ґленн) ☘️🇬🇧🇺🇦 (@FAB87F) April 23, 2025";
    const spans = segmentSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      "🇺🇦🇺🇸 Kyiv stands firm!",
      "Families 👨‍👩‍👧‍👦 fled west 🏳️‍🌈.",
      "Support grows 🌻…",
      "Nobody gives up 💪🏽.",
    ]);
    const boundaries = graphemeBoundaries(text);
    for (const { start, end } of spans) {
      expect(boundaries.has(start), `start ${start}`).toBe(true);
      expect(boundaries.has(end), `end ${end}`).toBe(true);
    }
    expectOnCodePointBoundaries(text, spans);
  });

  it("returns nothing for whitespace-only input", () => {
    expect(segmentSentences("")).toEqual([]);
    expect(segmentSentences(" \t\n\r\n\u00a0\u2028 ")).toEqual([]);
  });
});

describe("segmentSentences over the seed articles", () => {
  it.each(seeds.map((s) => [s.file, s.text] as const))("%s: spans are ordered, trimmed and within lines", (_file, text) => {
    const spans = segmentSentences(text);
    expect(spans.length).toBeGreaterThan(10);
    expectWellFormed(text, spans);
    expectOnCodePointBoundaries(text, spans);
    const boundaries = graphemeBoundaries(text);
    for (const { start, end } of spans) expect(boundaries.has(start) && boundaries.has(end)).toBe(true);
  });

  it("leaves out exactly the headings, credits, list items and signatures of seed 004 and 002", () => {
    const omitted = (file: string) => {
      const seed = seeds.find((s) => s.file.startsWith(file));
      if (!seed) throw new Error(`missing seed ${file}`);
      const spans = segmentSentences(seed.text);
      const out: string[] = [];
      let lineStart = 0;
      for (const line of seed.text.split("\n")) {
        const lineEnd = lineStart + line.length;
        if (line.trim() !== "" && !spans.some((s) => s.start >= lineStart && s.end <= lineEnd)) out.push(line.trim());
        lineStart = lineEnd + 1;
      }
      return out;
    };
    expect(omitted("004_")).toEqual([
      "“Negotiations Are Difficult” – Because Russia Has No Reason to Compromise.",
      "Russia’s Conduct Tells the Real Story: No Moratorium, No Moderation",
      "▪ April 16, Zaporizhia Front:",
      "The attacking force included:",
      "~320 soldiers",
      "40 armored vehicles",
      "3 tanks",
      "10 light buggies",
      "▪ April 13–17, Pokrovsk Direction:",
      "Ukrainian forces destroyed:",
      "21 armored fighting vehicles",
      "96 motorcycles",
      "2 other vehicles",
      "Russia’s Rhetoric to Europe: Fire and Fury",
      "A Hollow Ultimatum: Where Is the Pressure?",
      "In fact:",
      "Peace Is Not a Favor, It’s An Outcome Of Strategic Calculation",
    ]);
    expect(omitted("002_")).toEqual([
      "Another setback for Russia-Ukraine peace talks",
      "Kirill Chubotin/Ukrinform",
      "More from GZERO Media",
      "West Asia News Agency, Majid Asgaripour/WANA via REUTERS",
      "Matrix Images / Hoseya Jubase",
      "REUTERS",
      "Jess Frampton",
    ]);
  });

  it("keeps the invariants on generated noisy input", () => {
    const pieces = [
      "U.S.", "Mr.", "J.", "etc.", "3.5", "“Stop.”", "wait...", "…", "?", "!", "?!", ")", "(", "’", "\"",
      "🇺🇦", "👨‍👩‍👧‍👦", "💪🏽", "—", "–", " ", "  ", "\t", "\n", "\r\n", "\n\n", "The", "the", "It", "Smith",
      "example.com", "@FAB87F", "(@x) April 23, 2025", "Ґленн", "\u00a0", ".", ":",
    ];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let produced = 0;
    for (let round = 0; round < 300; round++) {
      let text = "";
      const length = next() % 60;
      for (let i = 0; i < length; i++) text += pieces[next() % pieces.length] ?? "";
      const spans = segmentSentences(text);
      expectWellFormed(text, spans);
      expectOnCodePointBoundaries(text, spans);
      produced += spans.length;
    }
    expect(produced).toBeGreaterThan(100);
  });
});

describe("the end of a paragraph without a full stop", () => {
  const split = (t: string) => segmentSentences(t).map((s) => t.slice(s.start, s.end));
  it("is still a sentence after other sentences on its line", () => {
    expect(split("The minister resigned on Monday. Officials declined to comment")).toEqual(["The minister resigned on Monday.", "Officials declined to comment"]);
  });
  it("is not a claim when it is a lone link", () => {
    expect(split("Talks collapsed in London today. https://t.co/AbC123")).toEqual(["Talks collapsed in London today."]);
  });
});

describe("splitSentences (all sentences, for evaluation)", () => {
  it("keeps short lines and headings that segmentSentences leaves out as non-claims", () => {
    const t = "Breaking News\nIt works. The talks continue";
    expect(segmentSentences(t).map((s) => t.slice(s.start, s.end))).toEqual(["It works.", "The talks continue"]);
    expect(splitSentences(t).map((s) => t.slice(s.start, s.end))).toEqual(["Breaking News", "It works.", "The talks continue"]);
  });
});

// Found by tests/unit/segmentation.property.test.ts (property 3): a fragment with no letter or
// digit after a full stop was dropped, so the claim lost its trailing punctuation or emoji.
describe("punctuation and emoji standing alone beside a sentence", () => {
  const split = (t: string) => segmentSentences(t).map((s) => t.slice(s.start, s.end));
  it("stay with the sentence they end", () => {
    expect(split("The talks failed. . . .” Then more came.")).toEqual(["The talks failed. . . .”", "Then more came."]);
    expect(split("Officials met today. :)")).toEqual(["Officials met today. :)"]);
    expect(split("Great news. 🎉! Next one came.")).toEqual(["Great news. 🎉!", "Next one came."]);
    expect(splitSentences("He left. ?! Why.").map((s) => "He left. ?! Why.".slice(s.start, s.end))).toEqual(["He left. ?!", "Why."]);
  });
  it("open the sentence that follows them at the start of a line", () => {
    expect(split("?! The talks continue in Geneva today.")).toEqual(["?! The talks continue in Geneva today."]);
  });
  it("go with a tweet signature they lead into", () => {
    expect(split("It ended. ... — Kyiv Post (@KyivPost) April 1, 2025")).toEqual(["It ended."]);
  });
  it("are still no claim on a line of their own", () => {
    expect(split("It ended.\n* * *\n. . .\n🎉🎉")).toEqual(["It ended."]);
  });
});

// Found by tests/unit/segmentation.property.test.ts (property 4): a claim started right after a
// space that a stray mark or skin tone attaches to (" \u0301", " 🏽": one character for Unicode),
// or ended before a space a Prepend mark attaches to ("\u0600 "), so its offsets cut a character
// and the API refused to split it.
describe("white space that carries a mark", () => {
  const cases: [string, string[]][] = [
    ["It ended. \u0301Kyiv said no.", ["It ended.", "Kyiv said no."]],
    ["Done. 🏽Next one is here.", ["Done.", "Next one is here."]],
    ["  \u0301The talks failed in Geneva and in Kyiv today.", ["The talks failed in Geneva and in Kyiv today."]],
    ["The talks failed in Geneva and in Kyiv again today\u0600 ", ["The talks failed in Geneva and in Kyiv again today"]],
    ["We won! \u0600 Next one.", ["We won!", "Next one."]],
  ];
  it.each(cases)("%j is split on whole characters", (text, expected) => {
    const spans = segmentSentences(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(expected);
    const boundaries = graphemeBoundaries(text);
    for (const { start, end } of spans) expect(boundaries.has(start) && boundaries.has(end), `${start}-${end}`).toBe(true);
  });
});
