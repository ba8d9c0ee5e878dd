// Dense features from the hand-written detectors, so a trained model can combine the rules' cues
// with the n-grams (the rules know quotations, parts of speech, lexicons; n-grams know words).
import { detectAttribution, isAttributed } from "../attribution";
import { checkWorthinessFeatures } from "../checkworthiness";
import { subjectivityFeatures } from "../subjectivity";

export const DENSE_GROUPS = ["subjectivityRules", "checkworthyRules", "attributionRules"] as const;
export type DenseGroup = (typeof DENSE_GROUPS)[number];

export function denseFeatures(sentence: string, groups: readonly string[]): number[] {
  const out: number[] = [];
  for (const g of groups) {
    // The cues only, not the rules' score: its weights were fitted on CheckThat's dev split, our hold-out.
    if (g === "subjectivityRules") out.push(...Object.values(subjectivityFeatures(sentence)));
    else if (g === "checkworthyRules") out.push(...Object.values(checkWorthinessFeatures(sentence)));
    else if (g === "attributionRules") {
      const a = detectAttribution(sentence);
      out.push(isAttributed(a) ? 1 : 0, a.cue ? 1 : 0, a.speaker ? 1 : 0, a.quoted ? 1 : 0);
    } else throw new Error(`unknown dense feature group ${g}`);
  }
  return out;
}
