// Model selection shared by `npm run train` (scripts/train.ts) and a team's retraining
// (./team.ts): out-of-fold margins by group, F1 figures at a threshold, the best threshold.
import type { SparseVector } from "./features";
import { margin, train, type TrainOptions } from "./logistic";
import { bucket, type Example } from "./tasks";

export type Scored = { p: number; positive: boolean };

export function f1s(scored: readonly Scored[], threshold: number) {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const s of scored) {
    const pred = s.p >= threshold;
    if (pred && s.positive) tp++;
    else if (pred) fp++;
    else if (s.positive) fn++;
    else tn++;
  }
  const f = (a: number, b: number, c: number) => (a === 0 ? 0 : (2 * a) / (2 * a + b + c));
  const pos = f(tp, fp, fn);
  const neg = f(tn, fn, fp);
  return { positive_f1: pos, macro_f1: (pos + neg) / 2, precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), accuracy: (tp + tn) / Math.max(1, scored.length) };
}

export function bestThreshold(scored: readonly Scored[], metric: "macro_f1" | "positive_f1"): number {
  let best = 0.5, bestScore = -1;
  for (let t = 0.05; t <= 0.95; t += 0.01) {
    const s = f1s(scored, t)[metric];
    if (s > bestScore + 1e-9) [best, bestScore] = [Math.round(t * 100) / 100, s];
  }
  return best;
}

/**
 * Out-of-fold margins for every example of `pool` (5 folds by group), for model selection and
 * calibration. `xs` may instead build the vectors from a fold's training rows (indices into
 * `pool`), for features learnt from the data, so the held-apart fold never informs them.
 */
export function outOfFold(pool: readonly Example[], xs: readonly SparseVector[] | ((trainIdx: number[]) => readonly SparseVector[]), dim: number, options: TrainOptions, folds = 5): number[] {
  const fold = pool.map((e) => Math.floor(bucket(e.group, "fold") * folds));
  const margins = new Array<number>(pool.length);
  for (let k = 0; k < folds; k++) {
    const trainIdx = pool.flatMap((_, i) => (fold[i] !== k ? [i] : []));
    const foldXs = typeof xs === "function" ? xs(trainIdx) : xs;
    const model = train(trainIdx.map((i) => foldXs[i]!), trainIdx.map((i) => pool[i]!.positive), dim, options);
    pool.forEach((_, i) => {
      if (fold[i] === k) margins[i] = margin(model, foldXs[i]!);
    });
  }
  return margins;
}
