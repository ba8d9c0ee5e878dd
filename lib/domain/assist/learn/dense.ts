// Dense features from the hand-written detectors, so a trained model can combine the rules' cues
// with the n-grams (the rules know quotations, parts of speech, lexicons; n-grams know words).
import { detectAttribution, isAttributed } from "../attribution";
import { checkWorthinessFeatures } from "../checkworthiness";
import { subjectivityFeatures } from "../subjectivity";
import { cueLexiconFeatures, cueTokens, type CueRates } from "./cues";

export const DENSE_GROUPS = ["subjectivityRules", "checkworthyRules", "attributionRules", "cueLexicon"] as const;
export type DenseGroup = (typeof DENSE_GROUPS)[number];

/** The groups' values in order; "cueLexicon" needs the model's learnt cue rates (FeatureConfig.cueRates). */
export function denseFeatures(sentence: string, groups: readonly string[], cueRates?: Readonly<CueRates>): number[] {
  const out: number[] = [];
  for (const g of groups) {
    // The cues only, not the rules' score: its weights were fitted on CheckThat's dev split, our hold-out.
    if (g === "subjectivityRules") out.push(...Object.values(subjectivityFeatures(sentence)));
    else if (g === "checkworthyRules") out.push(...Object.values(checkWorthinessFeatures(sentence)));
    else if (g === "attributionRules") {
      const a = detectAttribution(sentence);
      out.push(isAttributed(a) ? 1 : 0, a.cue ? 1 : 0, a.speaker ? 1 : 0, a.quoted ? 1 : 0);
    } else if (g === "cueLexicon") {
      if (!cueRates) throw new Error("the cueLexicon features need the model's cueRates");
      out.push(...cueLexiconFeatures(cueTokens(sentence), cueRates));
    } else throw new Error(`unknown dense feature group ${g}`);
  }
  return out;
}
