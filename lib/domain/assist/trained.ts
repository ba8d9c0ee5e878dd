// The shipped trained models (models/*.json, made by `npm run train`), loaded once per process.
// Each is a linear model over word n-grams plus the hand-written detector's cues, calibrated on
// out-of-fold predictions; its hold-out figure is recorded in the file (docs/decisions/0018).
import attributionFile from "../../../models/attribution.json";
import checkworthyFile from "../../../models/checkworthy.json";
import subjectivityFile from "../../../models/subjectivity.json";
import { loadModel, predict, topReasons, type LoadedModel, type ModelFile } from "./learn/model";

let loaded: Record<"subjectivity" | "checkworthy" | "attribution", LoadedModel> | null = null;

export function models() {
  return (loaded ??= {
    subjectivity: loadModel(subjectivityFile as ModelFile),
    checkworthy: loadModel(checkworthyFile as ModelFile),
    attribution: loadModel(attributionFile as ModelFile),
  });
}

export type TrainedHint = { probability: number; positive: boolean; toward: string[]; against: string[] };

function hint(model: LoadedModel, sentence: string): TrainedHint {
  const p = predict(model, sentence);
  return { probability: Math.round(p.probability * 1000) / 1000, positive: p.positive, ...topReasons(model, sentence) };
}

/** Calibrated probability that the sentence is the writer's opinion (SUBJ), with the words that weighed most. */
export const opinionHint = (sentence: string) => hint(models().subjectivity, sentence);
/** Calibrated probability that the sentence is a check-worthy factual claim (CFS). */
export const checkworthyHint = (sentence: string) => hint(models().checkworthy, sentence);
/** Calibrated probability that the sentence holds an attribution cue (someone else's words or views). */
export const attributionHint = (sentence: string) => hint(models().attribution, sentence);

export const opinionThreshold = () => models().subjectivity.file.threshold;
export const checkworthyThreshold = () => models().checkworthy.file.threshold;
