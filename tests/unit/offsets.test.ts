import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSpan, isGraphemeBoundary, TextIndex } from "@/lib/domain/offsets";

const seed000 = readFileSync(new URL("../../seeds/000_6489fa185ed6154c.txt", import.meta.url), "utf8");

describe("TextIndex", () => {
  it("counts code points, not UTF-16 units", () => {
    const index = new TextIndex("a😀b🇺🇦c");
    expect(index.text.length).toBe(9);
    expect(index.length).toBe(6); // a, 😀, b, 🇺, 🇦, c
    expect(index.slice(1, 2)).toBe("😀");
    expect(index.slice(3, 5)).toBe("🇺🇦");
    expect(index.toUtf16(2)).toBe(3);
    expect(index.toCodePoint(3)).toBe(2);
  });

  it("maps identically when there is no astral character", () => {
    const index = new TextIndex("plain text");
    for (let i = 0; i <= 10; i++) {
      expect(index.toUtf16(i)).toBe(i);
      expect(index.toCodePoint(i)).toBe(i);
    }
  });

  it("refuses a UTF-16 offset inside a surrogate pair", () => {
    const index = new TextIndex("x😀y");
    expect(() => index.toCodePoint(2)).toThrow(/surrogate pair/);
    expect(index.toCodePoint(3)).toBe(2);
  });

  it("refuses offsets outside the text", () => {
    const index = new TextIndex("abc");
    expect(() => index.toUtf16(4)).toThrow(RangeError);
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
  });

  it("round-trips every code-point offset of the emoji seed article", () => {
    const index = new TextIndex(seed000);
    expect(index.length).toBe([...seed000].length);
    const chars = [...seed000];
    for (let cp = 0; cp < index.length; cp += 7) {
      expect(index.toCodePoint(index.toUtf16(cp))).toBe(cp);
      expect(index.slice(cp, cp + 1)).toBe(chars[cp]);
    }
  });

  it("anchors the emoji line so its exact quote equals the code points at its offsets", () => {
    const line = seed000.split("\n").find((l) => l.includes("🍊"))!;
    const index = new TextIndex(seed000);
    const start = index.toCodePoint(seed000.indexOf(line));
    const end = start + [...line].length;
    const anchor = index.anchor(start, end);
    expect(anchor.exact).toBe(line);
    expect([...seed000].slice(start, end).join("")).toBe(line);
    expect([...anchor.prefix].length).toBe(32);
    expect(seed000.slice(0, seed000.indexOf(line)).endsWith(anchor.prefix)).toBe(true);
  });

  it("keeps prefix and suffix short at the text's edges", () => {
    const index = new TextIndex("Short text.");
    expect(index.anchor(0, 5)).toEqual({ start: 0, end: 5, exact: "Short", prefix: "", suffix: " text." });
  });
});

describe("checkSpan", () => {
  const index = new TextIndex("  Kyiv 🇺🇦 said 👩‍👩‍👧 yes.  ");
  it("trims surrounding white space", () => {
    expect(checkSpan(index, 0, 6)).toEqual({ start: 2, end: 6 });
  });
  it("rejects inverted, empty, out-of-range and fractional offsets", () => {
    expect(checkSpan(index, 5, 3)).toMatchObject({ field: "end" });
    expect(checkSpan(index, 3, 3)).toMatchObject({ field: "end" });
    expect(checkSpan(index, -1, 3)).toMatchObject({ field: "start" });
    expect(checkSpan(index, 0, index.length + 1)).toMatchObject({ field: "end" });
    expect(checkSpan(index, 1.5, 3)).toMatchObject({ field: "start" });
  });
  it("rejects a span of white space only", () => {
    expect(checkSpan(index, 0, 2)).toMatchObject({ field: "end", message: expect.stringMatching(/white space/) });
  });
  it("rejects a boundary between the two halves of a flag", () => {
    const flagStart = [..."  Kyiv "].length;
    expect(checkSpan(index, 2, flagStart + 1)).toMatchObject({ field: "end", message: expect.stringMatching(/inside a character/) });
    expect(checkSpan(index, 2, flagStart + 2)).toEqual({ start: 2, end: flagStart + 2 });
  });
  it("rejects a boundary inside a ZWJ family emoji", () => {
    const familyStart = [..."  Kyiv 🇺🇦 said "].length;
    expect(checkSpan(index, familyStart + 1, familyStart + 5)).toMatchObject({ field: "start" });
    expect(checkSpan(index, familyStart, familyStart + 5)).toEqual({ start: familyStart, end: familyStart + 5 });
  });
});

describe("isGraphemeBoundary", () => {
  it("is true at the text's ends and between plain letters", () => {
    expect(isGraphemeBoundary("ab", 0)).toBe(true);
    expect(isGraphemeBoundary("ab", 1)).toBe(true);
    expect(isGraphemeBoundary("ab", 2)).toBe(true);
  });
  it("is false inside a combining sequence", () => {
    expect(isGraphemeBoundary("e\u0301x", 1)).toBe(false);
    expect(isGraphemeBoundary("e\u0301x", 2)).toBe(true);
  });
});

// Found by tests/unit/offsets.property.test.ts: the 64-unit window started inside a row of flags
// and paired the regional indicators wrongly from the 17th flag on.
describe("isGraphemeBoundary in a long row of flags", () => {
  const row = "🇺🇦".repeat(20);
  it("is false between the two halves of every flag", () => {
    for (let flag = 0; flag < 20; flag++) {
      expect(isGraphemeBoundary(row, flag * 4), `before flag ${flag}`).toBe(true);
      expect(isGraphemeBoundary(row, flag * 4 + 2), `inside flag ${flag}`).toBe(false);
    }
  });
  it("makes checkSpan refuse a span that ends inside the 18th flag", () => {
    const index = new TextIndex(`Slava ${row}`);
    expect(checkSpan(index, 0, 6 + 2 * 17 + 1)).toMatchObject({ field: "end", message: expect.stringMatching(/inside a character/) });
  });
});

// Found by tests/unit/offsets.property.test.ts: trimming stopped inside a white-space character
// that carries a stray mark (" \u0301"), so checkSpan returned a span it refuses itself.
describe("checkSpan trimming a space that carries a mark", () => {
  it("trims the space and its mark together", () => {
    const index = new TextIndex("Kyiv \u0301said no.");
    expect(checkSpan(index, 4, 14)).toEqual({ start: 6, end: 14 });
    expect(checkSpan(index, 6, 14)).toEqual({ start: 6, end: 14 });
  });
  it("trims a Prepend mark that a following space carries", () => {
    const index = new TextIndex("said no\u0600 then");
    expect(checkSpan(index, 0, 9)).toEqual({ start: 0, end: 7 });
    expect(checkSpan(index, 7, 13)).toEqual({ start: 9, end: 13 });
  });
  it("still refuses a span of nothing but such white space", () => {
    expect(checkSpan(new TextIndex("a \u0301 b"), 1, 4)).toMatchObject({ field: "end", message: expect.stringMatching(/white space/) });
  });
});
