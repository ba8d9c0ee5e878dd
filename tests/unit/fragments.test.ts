import { describe, expect, it } from "vitest";
import { fragmentsOf } from "@/lib/domain/fragments";
import { nextUnreviewed, stepClaim } from "@/lib/domain/navigation";
import { parseSourceUrl } from "@/lib/domain/urls";

describe("fragmentsOf", () => {
  it("covers the whole text in order with plain runs between claims", () => {
    expect(fragmentsOf(20, [{ id: 1, start: 2, end: 5 }, { id: 2, start: 10, end: 20 }])).toEqual([
      { start: 0, end: 2, claimId: null, depth: 0 },
      { start: 2, end: 5, claimId: 1, depth: 1 },
      { start: 5, end: 10, claimId: null, depth: 0 },
      { start: 10, end: 20, claimId: 2, depth: 1 },
    ]);
  });
  it("shows the innermost claim where claims overlap", () => {
    const f = fragmentsOf(30, [{ id: 1, start: 0, end: 30 }, { id: 2, start: 10, end: 15 }]);
    expect(f.map((x) => [x.start, x.end, x.claimId, x.depth])).toEqual([
      [0, 10, 1, 1],
      [10, 15, 2, 2],
      [15, 30, 1, 1],
    ]);
  });
  it("handles adjacent claims and an empty claim list", () => {
    expect(fragmentsOf(4, [{ id: 1, start: 0, end: 2 }, { id: 2, start: 2, end: 4 }]).map((x) => x.claimId)).toEqual([1, 2]);
    expect(fragmentsOf(4, [])).toEqual([{ start: 0, end: 4, claimId: null, depth: 0 }]);
  });
  it("partitions a large text exactly", () => {
    const claims = Array.from({ length: 2000 }, (_, i) => ({ id: i + 1, start: i * 50 + 1, end: i * 50 + 40 }));
    const f = fragmentsOf(100_000, claims);
    expect(f[0]!.start).toBe(0);
    expect(f.at(-1)!.end).toBe(100_000);
    for (let i = 1; i < f.length; i++) expect(f[i]!.start).toBe(f[i - 1]!.end);
    expect(new Set(f.map((x) => x.claimId).filter((x) => x !== null)).size).toBe(2000);
  });
});

describe("navigation", () => {
  const claims = [
    { id: 5, status: "SOURCED" },
    { id: 7, status: "UNREVIEWED" },
    { id: 9, status: "OPINION" },
    { id: 11, status: "UNREVIEWED" },
  ];
  it("steps forward and back and stops at the ends", () => {
    expect(stepClaim(claims, 5, 1)).toBe(7);
    expect(stepClaim(claims, 7, -1)).toBe(5);
    expect(stepClaim(claims, 11, 1)).toBe(11);
    expect(stepClaim(claims, 5, -1)).toBe(5);
    expect(stepClaim(claims, null, 1)).toBe(5);
    expect(stepClaim(claims, null, -1)).toBe(11);
    expect(stepClaim([], null, 1)).toBeNull();
  });
  it("finds the next unreviewed claim, wrapping around", () => {
    expect(nextUnreviewed(claims, 5)).toBe(7);
    expect(nextUnreviewed(claims, 7)).toBe(11);
    expect(nextUnreviewed(claims, 11)).toBe(7);
    expect(nextUnreviewed(claims, null)).toBe(7);
    expect(nextUnreviewed([{ id: 1, status: "OPINION" }], 1)).toBeNull();
  });
});

describe("parseSourceUrl", () => {
  it("accepts http and https links with a host", () => {
    expect(parseSourceUrl(" https://www.reuters.com/world/ ")).toBe("https://www.reuters.com/world/");
    expect(parseSourceUrl("http://example.org")).toBe("http://example.org/");
  });
  it.each(["javascript:alert(1)", "data:text/html,<script>", "mailto:a@b.c", "https://", "//example.org", "example.org", "https://u:p@example.org"])("refuses %j", (raw) => {
    expect(parseSourceUrl(raw)).toBeNull();
  });
});
