// The shipped trained models (models/*.json, made by `npm run train`), loaded once per process.
// Each is a linear model over word n-grams plus the hand-written detector's cues, calibrated on
// out-of-fold predictions; its hold-out figure is recorded in the file (docs/decisions/0018).
import attributionSpansFile from "../../../models/attribution-spans.json";
import attributionFile from "../../../models/attribution.json";
import checkworthyFile from "../../../models/checkworthy.json";
import subjectivityFile from "../../../models/subjectivity.json";
import { memoizeBySentence } from "./analysis";
import type { FeatureConfig } from "./learn/features";
import { dequantize, loadModel, ngramFeatures, predict, topReasons, type LoadedModel, type ModelFile } from "./learn/model";
import { tagSpans, type Span, type SpanTaggers } from "./learn/spans";

export type Models = Record<"subjectivity" | "checkworthy" | "attribution", LoadedModel>;

let loaded: Models | null = null;
/** The models of the call in progress (withModels), when they are not the shipped ones. */
let scoped: Models | null = null;

/** The shipped models (models/*.json). */
export function shippedModels(): Models {
  return (loaded ??= {
    subjectivity: loadModel(subjectivityFile as ModelFile),
    checkworthy: loadModel(checkworthyFile as ModelFile),
    attribution: loadModel(attributionFile as ModelFile),
  });
}

/** The models hints use right now: a team's, inside withModels; otherwise the shipped ones. */
export const models = (): Models => scoped ?? shippedModels();

/**
 * Runs `fn` (synchronous: nothing else runs meanwhile) with a team's models in place of the
 * shipped ones (docs/decisions/0019-team-models.md); `undefined` keeps the shipped ones.
 */
export function withModels<T>(teamModels: Models | undefined, fn: () => T): T {
  if (!teamModels) return fn();
  const previous = scoped;
  scoped = teamModels;
  try {
    return fn();
  } finally {
    scoped = previous;
  }
}

export type TrainedHint = { probability: number; positive: boolean; toward: string[]; against: string[] };

type SharedFeatures = ReturnType<typeof ngramFeatures>;

/**
 * A sentence's n-gram features per feature configuration, built once for all the models that share
 * it (they differ in weights and dense features only). Features, not model output: a team's models
 * read the same ones, so the memo need not be keyed by the models in use.
 */
const featuresBySentence = memoizeBySentence(() => new Map<string, SharedFeatures>());
const configKeys = new WeakMap<FeatureConfig, string>();

/**
 * The settings ngramFeatures reads, and nothing else: the dense groups and the cue rates differ
 * between models (subjectivity and attribution) that share their n-gram and lemma features.
 */
const ngramConfigKey = ({ bits, words, chars, lemmas = false }: FeatureConfig) => JSON.stringify({ bits, words, chars, lemmas });

function sharedFeatures(sentence: string, config: FeatureConfig): SharedFeatures {
  let key = configKeys.get(config);
  if (key === undefined) configKeys.set(config, (key = ngramConfigKey(config)));
  const byConfig = featuresBySentence(sentence);
  let f = byConfig.get(key);
  if (!f) byConfig.set(key, (f = ngramFeatures(sentence, config)));
  return f;
}

const score = (model: LoadedModel, sentence: string) => predict(model, sentence, sharedFeatures(sentence, model.file.features).hashed);

function hint(model: LoadedModel, sentence: string): TrainedHint {
  const p = score(model, sentence);
  const reasons = topReasons(model, sentence, 3, sharedFeatures(sentence, model.file.features).reasons);
  return { probability: Math.round(p.probability * 1000) / 1000, positive: p.positive, ...reasons };
}

/** Calibrated probability that the sentence is the writer's opinion (SUBJ), with the words that weighed most. */
export const opinionHint = (sentence: string) => hint(models().subjectivity, sentence);
/** Calibrated probability that the sentence is a check-worthy factual claim (CFS). */
export const checkworthyHint = (sentence: string) => hint(models().checkworthy, sentence);
/** Calibrated probability that the sentence holds an attribution cue (someone else's words or views). */
export const attributionHint = (sentence: string) => hint(models().attribution, sentence);
/** attributionHint(sentence).positive, without looking for the words behind it. */
export const isAttributionLikely = (sentence: string) => score(models().attribution, sentence).positive;

export const opinionThreshold = () => models().subjectivity.file.threshold;
export const checkworthyThreshold = () => models().checkworthy.file.threshold;

type QuantizedLinear = { bias: number; scale: number; dimension: number; weights: string; indices?: string };
let taggers: SpanTaggers | null = null;

function spanTaggers(): SpanTaggers {
  if (taggers) return taggers;
  const f = attributionSpansFile as unknown as { format: string; cue: QuantizedLinear; source: QuantizedLinear; cueThreshold: number; sourceThreshold: number };
  if (f.format !== "claimdesk.spans/1") throw new Error(`attribution spans: model format ${f.format}; retrain with npm run train -- attribution-spans`);
  return (taggers = {
    cue: { weights: dequantize(f.cue), bias: f.cue.bias },
    source: { weights: dequantize(f.source), bias: f.source.bias },
    cueThreshold: f.cueThreshold,
    sourceThreshold: f.sourceThreshold,
  });
}

/** Cue and source spans (UTF-16, into the sentence) the taggers learnt from PolNeAR find. */
export const attributionSpans = (sentence: string): { cues: Span[]; sources: Span[] } => tagSpans(spanTaggers(), sentence);

/** The loaded taggers (for the test that re-scores them). */
export const spanTaggersForTests = () => spanTaggers();
