// Binary logistic regression on sparse vectors, trained by AdaGrad SGD with L2, deterministic
// for a given seed (docs/decisions/0018). Small, dependency-free, fast enough for 30k sentences
// in seconds on one core.
import type { SparseVector } from "./features";

export type TrainOptions = { epochs: number; learningRate: number; l2: number; seed: number; positiveWeight?: number };

export type LinearModel = { weights: Float32Array; bias: number };

/** mulberry32: a small seeded PRNG, so training is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function margin(model: LinearModel, x: SparseVector): number {
  let z = model.bias;
  for (let k = 0; k < x.index.length; k++) z += (model.weights[x.index[k]!] ?? 0) * x.value[k]!;
  return z;
}

export function train(xs: readonly SparseVector[], ys: readonly boolean[], dimension: number, options: TrainOptions): LinearModel {
  const { epochs, learningRate, l2, seed } = options;
  const positiveWeight = options.positiveWeight ?? 1;
  const weights = new Float32Array(dimension);
  const g2 = new Float32Array(dimension).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  const random = rng(seed);
  const order = xs.map((_, i) => i);
  const model = { weights, bias };
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const i of shuffled(order, random)) {
      const x = xs[i]!;
      model.bias = bias;
      const p = sigmoid(margin(model, x));
      const y = ys[i] ? 1 : 0;
      const w = ys[i] ? positiveWeight : 1;
      const err = (p - y) * w;
      for (let k = 0; k < x.index.length; k++) {
        const j = x.index[k]!;
        const g = err * x.value[k]! + l2 * weights[j]!;
        g2[j]! += g * g;
        weights[j]! -= (learningRate * g) / Math.sqrt(g2[j]!);
      }
      biasG2 += err * err;
      bias -= (learningRate * err) / Math.sqrt(biasG2);
    }
  }
  return { weights, bias };
}

/** Platt scaling: p = sigmoid(a * margin + b), fitted on held-apart margins by Newton steps. */
export function plattScale(margins: readonly number[], ys: readonly boolean[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (let i = 0; i < margins.length; i++) {
      const m = margins[i]!;
      const p = sigmoid(a * m + b);
      const d = p - (ys[i] ? 1 : 0);
      const w = p * (1 - p);
      ga += d * m;
      gb += d;
      haa += w * m * m;
      hab += w * m;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}
