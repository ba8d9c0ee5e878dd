/**
 * Trains the attribution span taggers (cue, source) on PolNeAR's spans and scores them, the rules'
 * speaker/cue spans and what the app combines on the hold-out articles (the attribution model's split).
 *
 *   npm run train -- attribution-spans [--out <json>]        (dispatched by scripts/train.ts)
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { analyze } from "../lib/domain/assist/analysis";
import { detectAttribution } from "../lib/domain/assist/attribution";
import { readExamples } from "../lib/domain/assist/learn/evaluate";
import { train } from "../lib/domain/assist/learn/logistic";
import { dequantize as dequantizeFrom, quantize } from "../lib/domain/assist/learn/model";
import { cueFeatures, parseSpans, SPAN_BITS, sourceFeatures, spanCounts, tagSpans, tokenLabels, type Span, type SpanTaggers } from "../lib/domain/assist/learn/spans";
import { TASKS } from "../lib/domain/assist/learn/tasks";
import { attributionHint } from "../lib/domain/assist/trained";

type Row = { sentence: string; cues: Span[]; sources: Span[] };
type Counts = ReturnType<typeof spanCounts>;

const round = (x: number) => Math.round(x * 1000) / 1000;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function sum(list: Counts[]) {
  const t = { predicted: 0, predictedRight: 0, gold: 0, goldFound: 0, exact: 0 };
  for (const c of list) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += c[k];
  const p = t.predictedRight / Math.max(1, t.predicted);
  const r = t.goldFound / Math.max(1, t.gold);
  return { precision: round(p), recall: round(r), f1: round(p + r ? (2 * p * r) / (p + r) : 0), exact_precision: round(t.exact / Math.max(1, t.predicted)), gold: t.gold, predicted: t.predicted };
}

/** The attribution sentences with their gold spans: the training pool, or the hold-out articles. */
export function spanRows(which: "pool" | "holdout"): Row[] {
  const spec = TASKS.attribution;
  return readExamples("attribution", spec.file)
    .filter((e) => (spec.split(e) === "holdout") === (which === "holdout"))
    .map((e) => ({ sentence: e.sentence, cues: parseSpans(e.extra?.cue ?? "", e.sentence), sources: parseSpans(e.extra?.source ?? "", e.sentence) }));
}

export function scoreSpans(taggers: SpanTaggers, holdout: Row[]) {
  const kinds = ["taggers", "rules", "rulesThenAgreedTaggers"] as const;
  const acc = Object.fromEntries(kinds.map((k) => [k, { cue: [] as Counts[], source: [] as Counts[] }])) as Record<(typeof kinds)[number], { cue: Counts[]; source: Counts[] }>;
  for (const r of holdout) {
    const t = tagSpans(taggers, r.sentence);
    const a = detectAttribution(r.sentence);
    const ruleSpans = { cues: a.cueSpan ? [a.cueSpan] : [], sources: a.speakerSpan ? [a.speakerSpan] : [] };
    // What the app does (claims.ts): the rules' spans; else the taggers' where the sentence model reads an attribution.
    const app = a.cueSpan || a.quoted || a.speaker || !attributionHint(r.sentence).positive ? ruleSpans : t;
    for (const [k, s] of [["taggers", t], ["rules", ruleSpans], ["rulesThenAgreedTaggers", app]] as const) {
      acc[k].cue.push(spanCounts(r.cues, s.cues));
      acc[k].source.push(spanCounts(r.sources, s.sources));
    }
  }
  return { n: holdout.length, ...Object.fromEntries(kinds.map((k) => [k, { cue: sum(acc[k].cue), source: sum(acc[k].source) }])) } as { n: number } & Record<(typeof kinds)[number], { cue: ReturnType<typeof sum>; source: ReturnType<typeof sum> }>;
}

export function trainSpans(out = "models/attribution-spans.json") {
  const spec = TASKS.attribution;
  const pool = spanRows("pool");
  const holdout = spanRows("holdout");
  console.log(`attribution spans: ${pool.length} training sentences, ${holdout.length} hold-out`);
  const started = performance.now();
  const xc = [], yc = [], xs = [], ys = [];
  for (const r of pool) {
    const toks = analyze(r.sentence).tokens;
    const cue = tokenLabels(toks, r.cues);
    const src = tokenLabels(toks, r.sources);
    const hasCue = cue.some(Boolean);
    for (let i = 0; i < toks.length; i++) {
      xc.push(cueFeatures(toks, i));
      yc.push(cue[i]!);
      if (hasCue) {
        xs.push(sourceFeatures(toks, i, cue));
        ys.push(src[i]!);
      }
    }
  }
  const options = { epochs: 6, learningRate: 0.3, l2: 1e-6, seed: 42 };
  const cue = train(xc, yc, 1 << SPAN_BITS, options);
  const source = train(xs, ys, 1 << SPAN_BITS, options);
  const taggers: SpanTaggers = { cue, source, cueThreshold: 0.5, sourceThreshold: 0.5 };
  console.log(`  ${xc.length} cue tokens, ${xs.length} source tokens; trained in ${Math.round(performance.now() - started)} ms`);
  const body = {
    format: "claimdesk.spans/1",
    task: "attribution-spans",
    data: { file: spec.file, train: pool.length, holdout: holdout.length, licence: spec.licence },
    features: { bits: SPAN_BITS },
    training: options,
    cueThreshold: taggers.cueThreshold,
    sourceThreshold: taggers.sourceThreshold,
    cue: { bias: round6(cue.bias), ...quantize(cue.weights) },
    source: { bias: round6(source.bias), ...quantize(source.weights) },
  };
  const version = createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 12);
  // Scored as shipped: the quantised weights, exactly as the app loads them.
  const shipped: SpanTaggers = { ...taggers, cue: { weights: dequantizeFrom(body.cue), bias: body.cue.bias }, source: { weights: dequantizeFrom(body.source), bias: body.source.bias } };
  const figures = scoreSpans(shipped, holdout);
  writeFileSync(out, `${JSON.stringify({ ...body, version, holdout: figures }, null, 1)}\n`);
  for (const [who, f] of Object.entries(figures))
    if (typeof f === "object") console.log(`  ${who.padEnd(22)} cue P ${f.cue.precision} R ${f.cue.recall} F1 ${f.cue.f1} | source P ${f.source.precision} R ${f.source.recall} F1 ${f.source.f1}`);
  console.log(`wrote ${out} (version ${version})`);
  return figures;
}



if (process.argv[1]?.endsWith("train-spans.ts")) trainSpans();
