// Sparse hashed features of a sentence for the trained linear models (docs/decisions/0018).
// Word n-grams and character n-grams are hashed into 2^bits buckets (FNV-1a), each present
// feature counts once, and the hashed part is L2-normalised so long and short sentences weigh
// alike. Dense features (the rule detectors' own cues) are appended after the hashed space.
// Optionally the lemmas and parts of speech of the shared sentence analysis are hashed too, so
// "said", "says" and "saying" meet in one feature ("say") and a quoted word differs from the writer's.
import { analyze } from "../analysis";

export type FeatureConfig = {
  /** 2^bits hashed buckets. */
  bits: number;
  /** Word n-gram orders, e.g. [1, 2]. */
  words: number[];
  /** Character n-gram orders inside word-boundary-padded text, e.g. [3, 4, 5]; [] for none. */
  chars: number[];
  /** Names of the dense feature groups appended (see denseFeatures in the task modules). */
  dense: string[];
  /** Also hash lemma features (lemmaStrings); absent in older model files, which means false. */
  lemmas?: boolean;
  /** The learnt cue lexicon the "cueLexicon" dense group reads (./cues.ts); absent when unused. */
  cueRates?: Record<string, number>;
};

export type SparseVector = { index: Int32Array; value: Float32Array };

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[^\s\p{L}\p{N}]/gu;

/** Lower-cased word and punctuation tokens; digits become 0 so "1,200" and "3,400" share a shape. */
export function tokens(sentence: string): string[] {
  return (sentence.toLowerCase().replace(/’/g, "'").match(WORD) ?? []).map((t) => t.replace(/\d/g, "0"));
}

/** 32-bit FNV-1a over the UTF-16 code units. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The hashed feature strings of a sentence (before hashing): useful for explanations. */
export function featureStrings(sentence: string, config: FeatureConfig): string[] {
  const out: string[] = [];
  const toks = tokens(sentence);
  const padded = ["<s>", ...toks, "</s>"];
  for (const n of config.words) {
    const seq = n === 1 ? toks : padded;
    for (let i = 0; i + n <= seq.length; i++) out.push(`w${n}:${seq.slice(i, i + n).join(" ")}`);
  }
  if (config.chars.length) {
    const text = ` ${toks.join(" ")} `;
    const cps = Array.from(text);
    for (const n of config.chars) for (let i = 0; i + n <= cps.length; i++) out.push(`c${n}:${cps.slice(i, i + n).join("")}`);
  }
  if (config.lemmas) out.push(...lemmaStrings(sentence));
  return out;
}

/**
 * Lemma features from the sentence analysis (wink-nlp, memoised and shared with the rules):
 * each lemma, the lemma with its part of speech, the lemma marked as inside or outside
 * quotation marks, lemma bigrams, and a part of speech before the next lemma ("PROPN say").
 */
export function lemmaStrings(sentence: string): string[] {
  const t = analyze(sentence).tokens;
  const out: string[] = [];
  t.forEach((x, i) => {
    out.push(`l1:${x.lemma}`, `lp:${x.lemma}/${x.pos}`, `${x.inQuote ? "ql" : "ol"}:${x.lemma}`);
    const next = t[i + 1];
    if (next) out.push(`l2:${x.lemma} ${next.lemma}`, `p2:${x.pos} ${next.lemma}`);
  });
  return out;
}

/** The sparse vector: hashed part L2-normalised, then the dense values at 2^bits + i. */
export function vectorize(sentence: string, config: FeatureConfig, dense: readonly number[] = []): SparseVector {
  const mask = (1 << config.bits) - 1;
  const seen = new Set<number>();
  for (const f of featureStrings(sentence, config)) seen.add(fnv1a(f) & mask);
  const n = seen.size;
  const norm = n ? 1 / Math.sqrt(n) : 0;
  const index = Int32Array.from([...seen].sort((a, b) => a - b));
  return withDense({ index, value: new Float32Array(n).fill(norm) }, config.bits, dense);
}

/** A vector with dense values appended at 2^bits + i (training adds fold-dependent ones this way). */
export function withDense(x: SparseVector, bits: number, dense: readonly number[]): SparseVector {
  if (!dense.length) return x;
  const base = 1 << bits;
  return { index: Int32Array.from([...x.index, ...dense.map((_, i) => base + i)]), value: Float32Array.from([...x.value, ...dense]) };
}
