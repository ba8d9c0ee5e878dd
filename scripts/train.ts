/**
 * Trains a claim-assistance model from a labelled TSV and writes it to models/<task>.json.
 *
 *   npm run train -- <subjectivity|attribution|checkworthy> [--file <tsv>] [--out <json>] [--grid]
 *   npm run train -- attribution-spans [--out <json>]   (cue and source taggers, scripts/train-spans.ts)
 *   npm run train -- --team <id> [subjectivity|checkworthy|attribution] [--use]   (a team's own models, scripts/train-team.ts)
 *
 * Deterministic: the same data and options give the same file. Splits by article/debate into
 * train / dev / hold-out (lib/domain/assist/learn/tasks.ts); hyper-parameters and the threshold
 * are chosen on dev, calibration is fitted on dev, and the hold-out figure is measured once, at
 * the end, and recorded in the model file. docs/decisions/0018-trained-assistance-models.md.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cueLexiconFeatures, cueTokens, learnCueRates, type CueRates, type CueToken } from "../lib/domain/assist/learn/cues";
import { vectorize, withDense, type FeatureConfig } from "../lib/domain/assist/learn/features";
import { plattScale, sigmoid, train, type TrainOptions } from "../lib/domain/assist/learn/logistic";
import { bestThreshold, f1s, outOfFold } from "../lib/domain/assist/learn/select";
import { TASK_NAMES, TASKS, type TaskName } from "../lib/domain/assist/learn/tasks";
import { denseFeatures } from "../lib/domain/assist/learn/dense";
import { loadModel, MODEL_FORMAT, quantize, type ModelFile } from "../lib/domain/assist/learn/model";
import { readExamples, scoreHoldout } from "../lib/domain/assist/learn/evaluate";
import { trainSpans } from "./train-spans";

type Candidate = { config: FeatureConfig; options: TrainOptions };

function main(argv: string[]) {
  const [task] = argv.filter((a) => !a.startsWith("--"));
  if (task === "attribution-spans") {
    trainSpans(argv.includes("--out") ? argv[argv.indexOf("--out") + 1] : undefined);
    return;
  }
  if (!task || !(TASK_NAMES as readonly string[]).includes(task)) throw new Error(`usage: npm run train -- <${[...TASK_NAMES, "attribution-spans"].join("|")}>`);
  const t = task as TaskName;
  const spec = TASKS[t];
  const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const dataFile = flag("--file") ?? spec.file;
  const examples = readExamples(t, dataFile);
  const used = spec.trainOn ? examples.filter(spec.trainOn) : examples;
  const pool = used.filter((e) => spec.split(e) !== "holdout");
  const holdout = used.filter((e) => spec.split(e) === "holdout");
  console.log(`${t}: ${examples.length} rows; train+dev ${pool.length} (5-fold by group), hold-out ${holdout.length}`);

  const d = spec.defaults;
  const options = (l2: number, learningRate: number, epochs: number): TrainOptions => ({ epochs, learningRate, l2, seed: 42 });
  let candidates: Candidate[] = [{ config: features(d.words, d.chars, d.dense, d.lemmas), options: options(d.l2, d.learningRate, d.epochs) }];
  if (argv.includes("--grid")) candidates = grid(d.dense);
  // The rules' dense values, once per group; the learnt cue lexicon's, per fold (from its training rows only).
  const denseCache = new Map<string, number[][]>();
  const groupDense = (g: string) => {
    if (!denseCache.has(g)) denseCache.set(g, pool.map((e) => denseFeatures(e.sentence, [g])));
    return denseCache.get(g)!;
  };
  let tokenCache: CueToken[][] | undefined;
  const poolCueTokens = () => (tokenCache ??= pool.map((e) => cueTokens(e.sentence, e.extra?.cue)));
  const ratesFrom = (idx: readonly number[]) => learnCueRates(idx.map((i) => poolCueTokens()[i]!));
  /** Row i's dense values in the configuration's group order (the cue rates given when it has "cueLexicon"). */
  const denseRow = (config: FeatureConfig, i: number, rates?: CueRates) =>
    config.dense.flatMap((g) => (g === "cueLexicon" ? cueLexiconFeatures(poolCueTokens()[i]!, rates!) : groupDense(g)[i]!));
  /** The pool's vectors for a configuration: the hashed part computed once, the dense part for the rates given. */
  const vectorsOf = (config: FeatureConfig) => {
    const hashed = pool.map((e) => vectorize(e.sentence, config));
    return (rates?: CueRates) => hashed.map((x, i) => withDense(x, config.bits, denseRow(config, i, rates)));
  };
  let best: { c: Candidate; score: number; threshold: number; platt: { a: number; b: number } } | null = null;
  for (const c of candidates) {
    const started = performance.now();
    const vectors = vectorsOf(c.config);
    const learnsCues = c.config.dense.includes("cueLexicon");
    const dim = (1 << c.config.bits) + denseRow(c.config, 0, {}).length;
    const margins = outOfFold(pool, learnsCues ? (trainIdx) => vectors(ratesFrom(trainIdx)) : vectors(), dim, c.options);
    const platt = plattScale(margins, pool.map((e) => e.positive));
    const scored = margins.map((m, i) => ({ p: sigmoid(platt.a * m + platt.b), positive: pool[i]!.positive }));
    const threshold = bestThreshold(scored, spec.metric);
    const score = f1s(scored, threshold)[spec.metric];
    console.log(`  ${describe(c)}: cv ${spec.metric} ${score.toFixed(3)} @${threshold} (${Math.round(performance.now() - started)} ms)`);
    if (!best || score > best.score) best = { c, score, threshold, platt };
  }
  const { c, threshold, platt, score } = best!;
  const rates = c.config.dense.includes("cueLexicon") ? ratesFrom(pool.map((_, i) => i)) : undefined;
  const config: FeatureConfig = rates ? { ...c.config, cueRates: rates } : c.config;
  const dim = (1 << config.bits) + denseRow(config, 0, {}).length;
  const trained = train(vectorsOf(config)(rates), pool.map((e) => e.positive), dim, c.options);
  const quantized = quantize(trained.weights);
  const body: Omit<ModelFile, "version" | "holdout"> = {
    format: MODEL_FORMAT,
    task: t,
    positiveLabel: spec.positiveLabel,
    data: { file: dataFile, sha256: createHash("sha256").update(readFileSync(dataFile)).digest("hex"), rows: examples.length, train: pool.length, holdout: holdout.length, licence: spec.licence },
    features: config,
    training: { ...c.options, cv: { metric: spec.metric, score: round(score) } },
    threshold,
    platt: { a: round(platt.a, 6), b: round(platt.b, 6) },
    bias: round(trained.bias, 6),
    ...quantized,
  };
  const version = createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 12);
  // The hold-out figure is measured with the shipped (quantised) weights, exactly as the app will score.
  const shipped = loadModel({ ...body, version, holdout: { n: 0, macro_f1: 0, positive_f1: 0, precision: 0, recall: 0, accuracy: 0, metric: spec.metric } });
  const figures = scoreHoldout(shipped, holdout);
  const file: ModelFile = { ...body, version, holdout: { ...figures, metric: spec.metric, ...(spec.holdoutNotes ? { notes: spec.holdoutNotes } : {}) } };
  const out = flag("--out") ?? `models/${t}.json`;
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(file, null, 1)}\n`);
  console.log(`chosen by cv: ${describe(c)} threshold ${threshold}`);
  console.log(`hold-out (${holdout.length}): ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  console.log(`wrote ${out} (version ${version}, ${Math.round(statSync(out).size / 1024)} KB)`);
}

/** A feature configuration; `lemmas` is only written when on, so older model files stay as they were. */
const features = (words: number[], chars: number[], dense: string[], lemmas: boolean): FeatureConfig => ({ bits: 18, words, chars, dense, ...(lemmas ? { lemmas } : {}) });

/** The `--grid` search (the rules' cues always in): feature views by L2, learning rate and epochs. */
function grid(dense: string[]): Candidate[] {
  const views: [number[], number[], boolean][] = [
    [[1, 2], [], false],
    [[1, 2], [], true],
    [[1, 2, 3], [], true],
    [[1, 2], [3, 4, 5], true],
  ];
  const out: Candidate[] = [];
  for (const [words, chars, lemmas] of views)
    for (const l2 of [1e-5, 1e-4, 1e-3, 3e-3])
      for (const [learningRate, epochs] of [[0.3, 8], [0.1, 8], [0.05, 15]] as const)
        out.push({ config: features(words, chars, dense, lemmas), options: { epochs, learningRate, l2, seed: 42 } });
  return out;
}

const describe = ({ config: f, options: o }: Candidate) =>
  `words ${f.words} chars ${f.chars} lemmas ${f.lemmas ? "yes" : "no"} dense ${f.dense} l2 ${o.l2} lr ${o.learningRate} epochs ${o.epochs}`;

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

const args = process.argv.slice(2);
if (args.includes("--team")) {
  // A team's models learn from its verdicts, so from the database: scripts/train-team.ts, under with-db.
  const run = spawnSync("node", ["scripts/with-db.mjs", "tsx", "--conditions=react-server", "scripts/train-team.ts", ...args], { stdio: "inherit" });
  process.exit(run.status ?? 1);
} else main(args);
