import { describe, expect, it } from "vitest";
import { containsPattern, FRAGMENT_BREAK, HIT_START, HIT_STOP, highlightFragments, partialWord, substringWords, usesOperators, wordsOf } from "@/lib/domain/search";

describe("partialWord", () => {
  it("is the last word of a plain query while it is being typed", () => {
    expect(partialWord("withdr")).toBe("withdr");
    expect(partialWord("peace negotiat")).toBe("negotiat");
    expect(partialWord("Kyiv façade")).toBe("façade");
  });
  it("is none for a finished, short or operator query", () => {
    expect(partialWord("peace talks ")).toBeNull();
    expect(partialWord("peace talks.")).toBeNull();
    expect(partialWord("peace ta")).toBeNull();
    expect(partialWord('"peace talks"')).toBeNull();
    expect(partialWord("peace -talks")).toBeNull();
    expect(partialWord("peace or talks")).toBeNull();
    expect(partialWord("")).toBeNull();
  });
  it("counts code points, so two emoji-free letters are still too short", () => {
    expect(partialWord("über ab")).toBeNull();
    expect(partialWord("über abc")).toBe("abc");
  });
});

describe("query words", () => {
  it("splits on anything but letters, marks and digits", () => {
    expect(wordsOf("U.S. envoy's 28-point plan 🇺🇦")).toEqual(["U", "S", "envoy", "s", "28", "point", "plan"]);
  });
  it("recognises web-search operators", () => {
    expect(usesOperators("“quoted”")).toBe(true);
    expect(usesOperators("a -b")).toBe(true);
    expect(usesOperators("Kyiv OR Kiev")).toBe(true);
    expect(usesOperators("well-known oracle")).toBe(false);
  });
  it("keeps substring words of 3+ characters, lower-cased, once", () => {
    expect(substringWords(["The", "WHO", "the", "it"])).toEqual(["the", "who"]);
  });
  it("escapes LIKE wildcards", () => {
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });
});

describe("highlightFragments", () => {
  it("splits the markers into hit and plain fragments", () => {
    expect(highlightFragments(`The ${HIT_START}withdrawal${HIT_STOP} began.`)).toEqual([
      { text: "The ", hit: false },
      { text: "withdrawal", hit: true },
      { text: " began.", hit: false },
    ]);
  });
  it("joins passages with an ellipsis", () => {
    expect(highlightFragments(`a ${HIT_START}x${HIT_STOP} b${FRAGMENT_BREAK}c ${HIT_START}x${HIT_STOP}`)).toEqual([
      { text: "a ", hit: false },
      { text: "x", hit: true },
      { text: " b … c ", hit: false },
      { text: "x", hit: true },
    ]);
  });
  it("marks partial words inside plain text, case-insensitively, and merges neighbours", () => {
    expect(highlightFragments("From Ukraine’s UKRAINIAN side", ["krain"])).toEqual([
      { text: "From U", hit: false },
      { text: "krain", hit: true },
      { text: "e’s U", hit: false },
      { text: "KRAIN", hit: true },
      { text: "IAN side", hit: false },
    ]);
    expect(highlightFragments(`${HIT_START}with${HIT_STOP}drawal`, ["drawal"])).toEqual([{ text: "withdrawal", hit: true }]);
  });
  it("treats regular-expression characters in a partial word as text", () => {
    expect(highlightFragments("a (b) c", ["(b)"])).toEqual([
      { text: "a ", hit: false },
      { text: "(b)", hit: true },
      { text: " c", hit: false },
    ]);
  });
});
