// Sparse hashed features of a sentence for the trained linear models (docs/decisions/0018).
// Word n-grams and character n-grams are hashed into 2^bits buckets (FNV-1a), each present
// feature counts once, and the hashed part is L2-normalised so long and short sentences weigh
// alike. Dense features (the rule detectors' own cues) are appended after the hashed space.
// Optionally the lemmas and parts of speech of the shared sentence analysis are hashed too, so
// "said", "says" and "saying" meet in one feature ("say") and a quoted word differs from the writer's.
import { analyze, memoizeBySentence } from "../analysis";

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
  return (sentence.toLowerCase().replace(/’/g, "'").match(WORD) ?? []).map((t) => (DIGIT.test(t) ? t.replace(/\d/g, "0") : t));
}
const DIGIT = /\d/;

/** 32-bit FNV-1a over the UTF-16 code units. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** One FNV-1a step: the hash of what `h` hashed followed by the code unit `c`. */
const fnvStep = (h: number, c: number) => Math.imul(h ^ c, 0x01000193) >>> 0;
const SPACE = 0x20;
const SLASH = 0x2f;

/** A distinct word n-gram feature of a sentence: `n` grams from `at`, hashed into bucket `index`. */
export type WordGram = { index: number; n: number; at: number; grams: readonly string[] };

/** The feature string of a word n-gram, as featureStrings() writes it ("w2:<s> the"). */
export const wordGramText = (w: WordGram) => `w${w.n}:${w.grams.slice(w.at, w.at + w.n).join(" ")}`;

/** featureStrings() hashed, without building its strings (what vectorize() and the reasons read). */
export type HashedFeatures = {
  /** The buckets the features fall in, each once, in increasing order. */
  buckets: Int32Array;
  /** How many distinct feature strings there are. */
  distinct: number;
  /** The distinct word n-grams, in featureStrings() order. */
  words: WordGram[];
};

/**
 * featureStrings() and their buckets, each feature hashed piece by piece: FNV-1a is sequential, so
 * fnv1a(a + b) === fnv1a(b, fnv1a(a)). The word, character and lemma parts are kept for the last
 * few sentences, so two configurations that share a part (the shipped ones share the word n-grams)
 * build it once. Features of different parts never share a string (their prefixes differ).
 */
export function hashedFeatures(sentence: string, config: FeatureConfig): HashedFeatures {
  const { bits } = config;
  const parts = [featurePart(sentence, `w${bits}:${config.words}`, () => wordFeatures(sentence, bits, config.words))];
  if (config.chars.length) parts.push(featurePart(sentence, `c${bits}:${config.chars}`, () => charFeatures(sentence, bits, config.chars)));
  if (config.lemmas) parts.push(featurePart(sentence, `l${bits}`, () => lemmaFeatures(sentence, bits)));
  const buckets = parts.slice(1).reduce<Int32Array>((all, p) => mergeBuckets(all, p.buckets), parts[0]!.buckets.slice());
  return { buckets, distinct: parts.reduce((n, p) => n + p.distinct, 0), words: parts[0]!.words };
}

/** The union of two increasing runs of distinct buckets, increasing and distinct. */
function mergeBuckets(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0, j = 0, n = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (n === 0 || out[n - 1] !== next) out[n++] = next;
  }
  return out.slice(0, n);
}

const partsBySentence = memoizeBySentence(() => new Map<string, HashedFeatures>());

/** One part of a sentence's hashed features, made on first use (read-only: it is shared). */
function featurePart(sentence: string, key: string, make: () => HashedFeatures): HashedFeatures {
  const parts = partsBySentence(sentence);
  let part = parts.get(key);
  if (!part) parts.set(key, (part = make()));
  return part;
}

/**
 * The buckets of one part's features, and each feature's key once, to count distinct strings
 * without the strings. A key is the feature's family and the ids of its parts (tokens, lemmas,
 * tags): it stands for the string exactly where the parts cannot hold the separator between them
 * (callers pass the string itself otherwise). Keys of up to two parts are numbers while exact.
 */
class FeatureCollector {
  readonly buckets: number[] = [];
  private readonly seen = new Set<number | string>();
  private readonly ids = new Map<string, number>();
  private readonly numeric: boolean;

  constructor(
    private readonly mask: number,
    parts: Iterable<string>,
  ) {
    for (const part of parts) if (!this.ids.has(part)) this.ids.set(part, this.ids.size);
    this.numeric = 16 * this.ids.size ** 2 <= Number.MAX_SAFE_INTEGER;
  }

  id(part: string): number {
    return this.ids.get(part)!;
  }

  /** The key of a feature of `family` (0..15) made of the parts with ids `a` and `b`. */
  key(family: number, a: number, b = 0): number | string {
    return this.numeric ? (a * this.ids.size + b) * 16 + family : `${family}:${a},${b}`;
  }

  /** Records a feature's bucket; true when its key is new. */
  add(hash: number, key: number | string): boolean {
    this.buckets.push(hash & this.mask);
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  done(words: WordGram[] = []): HashedFeatures {
    const buckets = Int32Array.from(this.buckets).sort(); // below 2^bits: signed order is numeric order
    let n = 0;
    for (let k = 0; k < buckets.length; k++) if (n === 0 || buckets[k] !== buckets[n - 1]) buckets[n++] = buckets[k]!;
    return { buckets: buckets.slice(0, n), distinct: this.seen.size, words };
  }
}

/** The word n-gram part ("w1:…", "w2:…"; orders 1 and up): tokens hold no space, so the ids of the n grams tell the string. */
function wordFeatures(sentence: string, bits: number, orders: readonly number[]): HashedFeatures {
  const toks = tokens(sentence);
  const padded = ["<s>", ...toks, "</s>"];
  const mask = (1 << bits) - 1;
  const c = new FeatureCollector(mask, padded);
  const words: WordGram[] = [];
  for (const n of orders) {
    const seq = n === 1 ? toks : padded;
    const seed = fnv1a(`w${n}:`);
    for (let at = 0; at + n <= seq.length; at++) {
      let h = fnv1a(seq[at]!, seed);
      for (let j = 1; j < n; j++) h = fnv1a(seq[at + j]!, fnvStep(h, SPACE));
      const key = n <= 2 ? c.key(n, c.id(seq[at]!), n === 2 ? c.id(seq[at + 1]!) : 0) : `w${n}:${seq.slice(at, at + n).map((g) => c.id(g))}`;
      if (c.add(h, key)) words.push({ index: h & mask, n, at, grams: seq });
    }
  }
  return c.done(words);
}

/** The character n-gram part ("c3:…"). No shipped model reads it: these are hashed from their strings. */
function charFeatures(sentence: string, bits: number, orders: readonly number[]): HashedFeatures {
  const c = new FeatureCollector((1 << bits) - 1, []);
  const cps = Array.from(` ${tokens(sentence).join(" ")} `);
  for (const n of orders)
    for (let i = 0; i + n <= cps.length; i++) {
      const f = `c${n}:${cps.slice(i, i + n).join("")}`;
      c.add(fnv1a(f), f);
    }
  return c.done();
}

// Families of lemma features in the keys (word n-grams use their order, 1 and 2).
const L1 = 3, LP = 4, QL = 5, OL = 6, L2 = 7, P2 = 8;
const [SEED_L1, SEED_LP, SEED_QL, SEED_OL, SEED_L2, SEED_P2] = ["l1:", "lp:", "ql:", "ol:", "l2:", "p2:"].map((p) => fnv1a(p)) as [number, number, number, number, number, number];

/** The lemma part: lemmaStrings() hashed, the same five features per token, without their strings. */
function lemmaFeatures(sentence: string, bits: number): HashedFeatures {
  const t = analyze(sentence).tokens;
  const c = new FeatureCollector((1 << bits) - 1, t.flatMap((x) => [x.lemma, x.pos]));
  // Tags are Universal POS names (no "/" or space); lemmas hold no space unless wink ever makes one.
  const tagsPlain = t.every((x) => !/[ /]/.test(x.pos));
  const lemmasPlain = t.every((x) => !x.lemma.includes(" "));
  t.forEach((x, i) => {
    const lemma = c.id(x.lemma);
    const pos = c.id(x.pos);
    c.add(fnv1a(x.lemma, SEED_L1), c.key(L1, lemma));
    c.add(fnv1a(x.pos, fnvStep(fnv1a(x.lemma, SEED_LP), SLASH)), tagsPlain ? c.key(LP, lemma, pos) : `lp:${x.lemma}/${x.pos}`);
    c.add(fnv1a(x.lemma, x.inQuote ? SEED_QL : SEED_OL), c.key(x.inQuote ? QL : OL, lemma));
    const next = t[i + 1];
    if (!next) return;
    const nextLemma = c.id(next.lemma);
    c.add(fnv1a(next.lemma, fnvStep(fnv1a(x.lemma, SEED_L2), SPACE)), lemmasPlain ? c.key(L2, lemma, nextLemma) : `l2:${x.lemma} ${next.lemma}`);
    c.add(fnv1a(next.lemma, fnvStep(fnv1a(x.pos, SEED_P2), SPACE)), tagsPlain ? c.key(P2, pos, nextLemma) : `p2:${x.pos} ${next.lemma}`);
  });
  return c.done();
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
