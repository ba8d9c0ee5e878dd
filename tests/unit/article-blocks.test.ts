import { describe, expect, it } from "vitest";
import { articleBlocks } from "@/lib/domain/article-blocks";
import { decodeOutline, encodeOutline, type OutlineClaim } from "@/lib/domain/claim-outline";
import { fragmentsOf } from "@/lib/domain/fragments";
import { TextIndex } from "@/lib/domain/offsets";

function blocksOf(text: string, claims: { id: number; start: number; end: number }[], max?: number) {
  const index = new TextIndex(text);
  return articleBlocks(fragmentsOf(index.length, claims), (a, b) => index.slice(a, b), max);
}

describe("articleBlocks", () => {
  it("cuts after the line breaks between paragraphs, covering the text exactly once", () => {
    const text = "One claim. Two claim.\n\nThree claim.\nFour.";
    const blocks = blocksOf(text, [
      { id: 1, start: 0, end: 10 },
      { id: 2, start: 11, end: 21 },
      { id: 3, start: 23, end: 35 },
      { id: 4, start: 36, end: 41 },
    ]);
    expect(blocks.map((b) => text.slice(b.start, b.end))).toEqual(["One claim. Two claim.\n\n", "Three claim.\n", "Four."]);
    expect(blocks.map((b) => b.claimIds)).toEqual([[1, 2], [3], [4]]);
    const runs = blocks.flatMap((b) => b.fragments);
    expect(runs[0]!.start).toBe(0);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBe(runs[i - 1]!.end);
    expect(runs.at(-1)!.end).toBe(text.length);
  });

  it("never cuts inside a claim, even one spanning paragraphs", () => {
    const text = "Heading\n\nA claim that goes\non. Next one.";
    const blocks = blocksOf(text, [{ id: 7, start: 9, end: 28 }, { id: 8, start: 29, end: 38 }]);
    expect(blocks.map((b) => text.slice(b.start, b.end))).toEqual(["Heading\n\nA claim that goes\non. Next one."]);
  });

  it("cuts a long paragraph after every few claims, at a gap", () => {
    const text = Array.from({ length: 7 }, (_, i) => `S${i}.`).join(" ");
    const claims = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, start: i * 4, end: i * 4 + 3 }));
    const blocks = blocksOf(text, claims, 3);
    expect(blocks.map((b) => b.claimIds)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(blocks.map((b) => b.start)).toEqual([0, 12, 24]);
  });

  it("counts offsets in code points across emoji", () => {
    const text = "🎉 Party. 🎉\nNext.";
    const index = new TextIndex(text);
    const blocks = articleBlocks(fragmentsOf(index.length, [{ id: 1, start: 2, end: 8 }, { id: 2, start: 11, end: 16 }]), (a, b) => index.slice(a, b));
    expect(blocks.map((b) => index.slice(b.start, b.end))).toEqual(["🎉 Party. 🎉\n", "Next."]);
  });

  it("gives an empty text no blocks", () => {
    expect(blocksOf("", [])).toEqual([]);
  });
});

describe("claim outline", () => {
  it("round-trips every field through its columnar form", () => {
    const claims: OutlineClaim[] = [
      { id: 5, start: 0, end: 9, status: "SOURCED", dismissed: false, signoff: "APPROVED", hints: { checkworthiness: 0.71 }, speakerSpan: { start: 0, end: 3 }, cueSpan: { start: 4, end: 8 } },
      { id: 9, start: 10, end: 20, status: "UNREVIEWED", dismissed: true, signoff: null, hints: null, speakerSpan: null, cueSpan: null },
      { id: 3, start: 21, end: 30, status: "DISPUTED", dismissed: false, signoff: "RETURNED", hints: { checkworthiness: 0 }, speakerSpan: null, cueSpan: { start: 21, end: 24 } },
      { id: 4, start: 31, end: 40, status: "OPINION", dismissed: false, signoff: "PROPOSED", hints: { checkworthiness: 0.2 }, speakerSpan: null, cueSpan: null },
    ];
    const wire = encodeOutline(claims);
    expect(wire.statuses).toBe("SUDO");
    expect(wire.signoffs).toBe("A-RP");
    expect(decodeOutline(JSON.parse(JSON.stringify(wire)))).toEqual(claims);
  });
});
