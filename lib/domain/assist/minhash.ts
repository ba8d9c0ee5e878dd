// Candidate keys for matching known claims: MinHash-LSH over the same trigram set pg_trgm uses.
//
// Postgres decides a match with pg_trgm's similarity() (the Jaccard index of two texts' trigram
// sets) against MATCH_THRESHOLD. A trigram GIN index cannot answer that quickly over a million
// sentences (every query reads the huge posting lists of " th", "the", ...: about 1 s, measured in
// docs/decisions/0010), so each claim also stores BANDS integer keys: the MinHash signature of its
// trigram set cut into bands of ROWS values. Two texts share at least one key with probability
// 1 - (1 - s^ROWS)^BANDS, where s is their trigram Jaccard index: 0.961 at s = 0.6, 0.993 at 0.65,
// 0.999 at 0.7, and 0.013 at 0.2 (unrelated news sentences score 0.05–0.25). A GIN index on the keys
// finds the few candidates, and similarity() (~45 µs each, the real cost) checks each one exactly.
// 32 bands of 4 found every pair but let 5% of pairs at 0.2 through: ~1,500 candidates a claim
// among 780,000 judged ones, p50 55 ms; 40 bands of 5 let through ~8 times fewer (bench/RESULTS.md).

import { simdMinima, type Minima } from "./minhash-simd";

export const MATCH_THRESHOLD = 0.6;
export const BANDS = 40;
export const ROWS = 5;

/** pg_trgm's trigrams: lower-case words of letters and digits, each padded "  word ". */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const padded = `  ${word} `;
    const chars = Array.from(padded);
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return out;
}

/** Jaccard index of two trigram sets: what pg_trgm's similarity() returns (up to rounding). */
export function trigramSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 && y.size === 0) return 0;
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return both / (x.size + y.size - both);
}

// FNV-1a over UTF-16 code units, then a murmur3 finaliser so close strings spread.
const FNV_OFFSET = 0x811c9dc5;
const fnvStep = (h: number, unit: number) => Math.imul(h ^ unit, 0x01000193);

/** The murmur3 finaliser, as a signed int32: the hot loop then stays in small integers. */
function mixInt(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** FNV-1a of one code point's UTF-16 units (two for a code point above U+FFFF). */
function fnvCodePoint(h: number, cp: number): number {
  if (cp < 0x10000) return fnvStep(h, cp);
  const c = cp - 0x10000;
  return fnvStep(fnvStep(h, 0xd800 + (c >> 10)), 0xdc00 + (c & 0x3ff));
}

/**
 * The hashes of `trigrams(text)` (FNV-1a of each trigram's UTF-16 units, then mixInt), sorted and
 * distinct, computed from the code points without building the strings. Two trigrams with one hash
 * count once, which changes neither their MinHash minima nor the distinct keys of trigramKeys.
 */
function trigramHashes(text: string): Int32Array {
  const lower = text.toLowerCase();
  // A word of n code units has at most n + 1 trigrams, and words are at least one unit apart.
  const hashes = new Int32Array(2 * lower.length + 2);
  let count = 0;
  for (const [word] of lower.matchAll(/[\p{L}\p{N}]+/gu)) {
    // "  word ": the window slides over two leading spaces, the word's code points, one trailing space.
    let first = 32;
    let second = 32;
    for (let i = 0; i <= word.length; i++) {
      const cp = i < word.length ? word.codePointAt(i)! : 32;
      if (cp > 0xffff) i++;
      hashes[count++] = mixInt(fnvCodePoint(fnvCodePoint(fnvCodePoint(FNV_OFFSET, first), second), cp));
      first = second;
      second = cp;
    }
  }
  const sorted = hashes.subarray(0, count).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return sorted.subarray(0, n);
}

// Fixed seeds: a key must mean the same thing on every machine and in every release.
const SEEDS = Int32Array.from({ length: BANDS * ROWS }, (_, i) => mixInt(0x9e3779b9 ^ Math.imul(i + 1, 0x2545f491)) | 1);

/**
 * The claim's LSH keys (signed 32-bit, for an int4[] column): one per band, the band number mixed
 * in so equal values in different bands never collide. Empty for a text without letters or digits.
 */
export const lshBands = (text: string): number[] => bandsOf(trigramHashes(text));

/**
 * The claim's trigram set as sorted, distinct int4 hashes (`Claim.trgm`). Postgres intersects two such
 * arrays in ~1 µs (intarray's `&`), where similarity() re-extracts both texts' trigrams (~50 µs): the
 * match query estimates the Jaccard index from these first and runs similarity() only on candidates
 * that come close (decision 0010). Hash collisions among a sentence's ~150 trigrams are negligible.
 */
export const trigramKeys = (text: string): number[] => Array.from(trigramHashes(text));

/** Both of a claim's keys from one pass over its trigrams. */
export function claimKeys(text: string): { bands: number[]; trgm: number[] } {
  const hashes = trigramHashes(text);
  return { bands: bandsOf(hashes), trgm: Array.from(hashes) };
}

let kernel: Minima | null | undefined;
/** The WebAssembly SIMD loop, compiled on first use (null where the runtime lacks SIMD). */
const simdKernel = () => (kernel === undefined ? (kernel = simdMinima(SEEDS)) : kernel);

/**
 * For each seed, the unsigned minimum of mix(imul(h, seed) ^ seed) over the hashes: the MinHash
 * signature. Four seeds at a time in WebAssembly SIMD when `simd` is given (the default where
 * available), else one at a time here; both give the same integers. The result may be reused by the next call.
 */
export function seedMinima(hashes: Int32Array, simd = simdKernel()): Uint32Array {
  if (simd) return simd(hashes);
  const mins = new Uint32Array(SEEDS.length).fill(0xffffffff);
  for (const h of hashes) {
    for (let i = 0; i < SEEDS.length; i++) {
      const v = mixInt(Math.imul(h, SEEDS[i]!) ^ SEEDS[i]!) >>> 0;
      if (v < mins[i]!) mins[i] = v;
    }
  }
  return mins;
}

function bandsOf(hashes: Int32Array): number[] {
  if (hashes.length === 0) return [];
  const mins = seedMinima(hashes);
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let k = mixInt(0x27d4eb2f ^ b);
    for (let r = 0; r < ROWS; r++) k = mixInt(Math.imul(k ^ mins[b * ROWS + r]!, 0x01000193));
    keys.push(k);
  }
  return keys;
}
