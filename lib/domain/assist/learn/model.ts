// A trained linear model as it ships in models/<task>.json: the feature configuration, int16
// weights (base64) with their scale, Platt calibration, the decision threshold and the figures
// it scored on its hold-out split when it was trained (docs/decisions/0018).
import { hashedFeatures, vectorize, wordGramText, type FeatureConfig, type SparseVector, type WordGram } from "./features";
import { denseFeatures } from "./dense";
import { margin as linearMargin, sigmoid, type LinearModel, type TrainOptions } from "./logistic";

export const MODEL_FORMAT = "claimdesk.model/1";

export type HoldoutFigures = { n: number; macro_f1: number; positive_f1: number; precision: number; recall: number; accuracy: number };

export type ModelFile = {
  format: typeof MODEL_FORMAT;
  task: string;
  /** sha256 prefix of everything below: changes whenever the weights or settings do. */
  version: string;
  positiveLabel: string;
  data: { file: string; sha256: string; rows: number; train: number; holdout: number; licence: string };
  features: FeatureConfig;
  training: TrainOptions & { cv: { metric: string; score: number } };
  threshold: number;
  platt: { a: number; b: number };
  bias: number;
  scale: number;
  /** Number of weights (2^bits hashed + dense). */
  dimension: number;
  /** Int16 little-endian, base64: weight = value * scale; every weight, or only those at `indices`. */
  weights: string;
  /** Uint32 little-endian, base64: the positions of a sparse `weights` (absent: all positions). */
  indices?: string;
  holdout: HoldoutFigures & { metric: string; notes?: string };
};

export type LoadedModel = { file: ModelFile; linear: LinearModel };

const b64 = (a: Int16Array | Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

/** Int16 weights with one scale; sparse (positions + values) when under a third of them are non-zero. */
export function quantize(weights: Float32Array): { scale: number; dimension: number; weights: string; indices?: string } {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max === 0 ? 1 : max / 32767;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i]! / scale);
  const nonZero: number[] = [];
  q.forEach((v, i) => v !== 0 && nonZero.push(i));
  if (nonZero.length * 3 >= q.length) return { scale, dimension: q.length, weights: b64(q) };
  return { scale, dimension: q.length, weights: b64(Int16Array.from(nonZero, (i) => q[i]!)), indices: b64(Uint32Array.from(nonZero)) };
}

function decode<T extends Int16Array | Uint32Array>(base64: string, Type: { new (buffer: ArrayBuffer): T }): T {
  const bytes = Buffer.from(base64, "base64");
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** Float weights back from their int16 encoding (dense or sparse). */
export function dequantize(q: { scale: number; dimension: number; weights: string; indices?: string }): Float32Array {
  const values = decode(q.weights, Int16Array);
  const weights = new Float32Array(q.dimension);
  if (q.indices) {
    const at = decode(q.indices, Uint32Array);
    at.forEach((i, k) => (weights[i] = values[k]! * q.scale));
  } else values.forEach((v, i) => (weights[i] = v * q.scale));
  return weights;
}

export function loadModel(file: ModelFile): LoadedModel {
  if (file.format !== MODEL_FORMAT) throw new Error(`${file.task}: model format ${file.format} is not ${MODEL_FORMAT}; retrain with npm run train -- ${file.task}`);
  return { file, linear: { weights: dequantize(file), bias: file.bias } };
}

export type Prediction = { probability: number; positive: boolean; margin: number };

/**
 * `hashed` is the sentence's vectorize() without dense values: pass it when several models of one
 * feature configuration score the same sentence, so the n-grams are hashed once for all of them.
 */
export function predict(model: LoadedModel, sentence: string, hashed = vectorize(sentence, model.file.features)): Prediction {
  const { features, platt, threshold } = model.file;
  const x = withDense(hashed, features.bits, denseFeatures(sentence, features.dense, features.cueRates));
  const m = linearMargin(model.linear, x);
  const probability = sigmoid(platt.a * m + platt.b);
  return { probability, positive: probability >= threshold, margin: m };
}

/** vectorize()'s layout (features.ts): the hashed part, then the dense values at 2^bits + i. */
function withDense(hashed: SparseVector, bits: number, dense: readonly number[]): SparseVector {
  if (dense.length === 0) return hashed;
  const n = hashed.index.length;
  const index = new Int32Array(n + dense.length);
  const value = new Float32Array(n + dense.length);
  index.set(hashed.index);
  value.set(hashed.value);
  dense.forEach((v, i) => {
    index[n + i] = (1 << bits) + i;
    value[n + i] = v;
  });
  return { index, value };
}

/** A sentence's distinct word n-gram features with their buckets, and the weight each present feature has. */
export type ReasonCandidates = { words: WordGram[]; norm: number };

/**
 * A sentence's n-gram features under one configuration, built from one hashedFeatures() pass: the
 * hashed vector (what vectorize() gives without dense values; a unit test holds them equal) and the
 * reason candidates. Every model of that configuration reads the same ones.
 */
export function ngramFeatures(sentence: string, config: FeatureConfig): { hashed: SparseVector; reasons: ReasonCandidates } {
  const { buckets, distinct, words } = hashedFeatures(sentence, config);
  return { hashed: hashedVector(buckets), reasons: { words, norm: distinct ? 1 / Math.sqrt(distinct) : 0 } };
}

/** vectorize()'s hashed part: the distinct buckets (in increasing order), L2-normalised. */
const hashedVector = (index: Int32Array): SparseVector => ({ index, value: new Float32Array(index.length).fill(index.length ? 1 / Math.sqrt(index.length) : 0) });

/** The n-grams that pushed the score most towards (positive) or away from the label. */
export function topReasons(
  model: LoadedModel,
  sentence: string,
  count = 3,
  candidates = ngramFeatures(sentence, model.file.features).reasons,
): { toward: string[]; against: string[] } {
  const scored = candidates.words.map((gram) => ({ gram, w: (model.linear.weights[gram.index] ?? 0) * candidates.norm }));
  return {
    toward: weightiestWords(scored.filter((f) => f.w > 0).sort((a, b) => b.w - a.w), count),
    against: weightiestWords(scored.filter((f) => f.w < 0).sort((a, b) => a.w - b.w), count),
  };
}

/** The first `count` distinct words of n-grams in weight order, passing over those without a letter or digit. */
function weightiestWords(ranked: readonly { gram: WordGram }[], count: number): string[] {
  const words = new Set<string>();
  for (const { gram } of ranked) {
    if (words.size === count) break;
    const text = wordGramText(gram).slice(3).replace(/<\/?s>/g, "").trim(); // "w2:<s> the" -> "the"
    if (text && /[\p{L}\p{N}]/u.test(text)) words.add(text);
  }
  return [...words];
}
