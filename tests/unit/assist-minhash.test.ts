import { describe, expect, it } from "vitest";
import { BANDS, lshBands, MATCH_THRESHOLD, seedMinima, trigramKeys, trigrams, trigramSimilarity } from "@/lib/domain/assist/minhash";
import { simdMinima } from "@/lib/domain/assist/minhash-simd";

const shared = (a: number[], b: number[]) => a.filter((k, i) => b[i] === k).length;

describe("trigrams and similarity, as pg_trgm computes them", () => {
  it("pads each lower-cased word like pg_trgm", () => {
    expect([...trigrams("Cat!")].sort()).toEqual(["  c", " ca", "at ", "cat"]);
  });
  it("gives pg_trgm's documented similarity('word', 'two words')", () => {
    expect(trigramSimilarity("word", "two words")).toBeCloseTo(0.363636, 5);
  });
});

describe("lshBands", () => {
  const claim = "Russian troops are still pushing, still fighting, and every move they make redraws the map in real time.";
  it("gives one signed 32-bit key per band", () => {
    const keys = lshBands(claim);
    expect(keys).toHaveLength(BANDS);
    for (const k of keys) expect(k).toBe(k | 0);
  });
  it("ignores case, punctuation and spacing, like the similarity it stands for", () => {
    expect(lshBands("RUSSIAN troops are still pushing still fighting — and every move they make redraws the map in real time")).toEqual(lshBands(claim));
  });
  it("shares keys with a near-duplicate above the threshold", () => {
    const near = "Russian troops are still pushing, still fighting, and each move they make redraws the map in real time.";
    expect(trigramSimilarity(claim, near)).toBeGreaterThan(MATCH_THRESHOLD);
    expect(shared(lshBands(claim), lshBands(near))).toBeGreaterThan(0);
  });
  it("shares no key with an unrelated sentence", () => {
    const other = "The European Parliament warned that appeasement damages trust between allies.";
    expect(trigramSimilarity(claim, other)).toBeLessThan(0.2);
    expect(shared(lshBands(claim), lshBands(other))).toBe(0);
  });
  it("is empty for text without letters or digits", () => {
    expect(lshBands("— … !")).toEqual([]);
  });
});

describe("trigramKeys", () => {
  const a = "Russian troops are still advancing, still fighting, and every move they make redraws the map in real time.";
  const b = "Russian troops are still pushing, still fighting, and each move they make redraws the map in real time.";
  it("are the trigram set as sorted, distinct int4 values", () => {
    const keys = trigramKeys(a);
    expect(keys).toHaveLength(trigrams(a).size);
    expect(keys.every((k, i) => Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31 && (i === 0 || keys[i - 1]! < k))).toBe(true);
    expect(trigramKeys("— … !")).toEqual([]);
  });
  it("give the same Jaccard index as the trigram sets (what the match query estimates from them)", () => {
    const [x, y] = [new Set(trigramKeys(a)), new Set(trigramKeys(b))];
    const both = [...x].filter((k) => y.has(k)).length;
    expect(both / (x.size + y.size - both)).toBeCloseTo(trigramSimilarity(a, b), 10);
  });
});

describe("seedMinima", () => {
  it("gives the same minima in WebAssembly SIMD as in the JavaScript loop", () => {
    expect(simdMinima(new Int32Array(8))).not.toBeNull(); // Node has WebAssembly SIMD: the default path is the SIMD one
    for (const n of [1, 2, 3, 150, 40_000]) {
      // 40,000 hashes need more than the module's first memory page.
      const hashes = Int32Array.from({ length: n }, (_, k) => Math.imul(k + n, 0x9e3779b1) ^ (k << 7));
      expect(Array.from(seedMinima(hashes))).toEqual(Array.from(seedMinima(hashes, null)));
    }
  });
});
