// The three trained tasks: where their data is, how rows become (sentence, label, group), which
// label is positive, and how a held-out split is chosen (by article or debate, never by sentence,
// so near-identical sentences of one article cannot sit on both sides). docs/decisions/0018.
import { fnv1a } from "./features";

export const TASK_NAMES = ["subjectivity", "attribution", "checkworthy"] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export type Example = { sentence: string; positive: boolean; group: string; label: string; extra?: Record<string, string> };

export type TaskSpec = {
  file: string;
  licence: string;
  /** The configuration 5-fold cross-validation chose (`npm run train -- <task> --grid` searches again). */
  defaults: { words: number[]; chars: number[]; dense: string[]; lemmas: boolean; l2: number; learningRate: number; epochs: number };
  positiveLabel: string;
  /** The figure threshold tuning maximises on the dev split, and the one reported. */
  metric: "macro_f1" | "positive_f1";
  /** What the hold-out figure counts, when that needs saying. */
  holdoutNotes?: string;
  /** Which examples training and the recorded hold-out figure use (default: all). */
  trainOn?: (e: Example) => boolean;
  /** A row as an example, or null to leave it out of training. */
  example: (row: Record<string, string>) => Example | null;
  /** Which split an example falls in: hold-out (never tuned on), dev (thresholds, calibration) or train. */
  split: (e: Example) => "holdout" | "dev" | "train";
};

/** A stable share of groups: hash the group with a salt, take the bucket. */
export function bucket(group: string, salt: string): number {
  return (fnv1a(`${salt}:${group}`) % 1000) / 1000;
}
const bySplitShare = (salt: string) => (e: Example) => {
  const b = bucket(e.group, salt);
  return b < 0.2 ? "holdout" : b < 0.35 ? "dev" : "train";
};

export const TASKS: Record<TaskName, TaskSpec> = {
  subjectivity: {
    file: "training/subjectivity_checkthat2025_en_train.tsv",
    licence: "CLEF CheckThat! 2025 Task 1 (English): CC BY-NC-SA 4.0",
    // Lemmas with a slower learning rate and stronger L2 raised cross-validated macro-F1 from 0.700 to
    // 0.716 (mean of three fold assignments; 830 sentences make one assignment noisy).
    defaults: { words: [1, 2], chars: [], dense: ["subjectivityRules"], lemmas: true, l2: 3e-3, learningRate: 0.05, epochs: 15 },
    positiveLabel: "SUBJ",
    metric: "macro_f1",
    example: (r) => ({ sentence: r.sentence!, positive: r.label === "SUBJ", group: r.sentence_id!, label: r.label!, extra: { split: r.split! } }),
    // The organisers' dev split is other articles than their train split: it is our hold-out.
    split: (e) => (e.extra?.split === "dev" ? "holdout" : bucket(e.group, "subj-dev") < 0.2 ? "dev" : "train"),
  },
  attribution: {
    file: "training/attribution_polnear_train.tsv",
    licence: "PolNeAR (Newell, Margolin & Ruths, LREC 2018): no licence stated; cited",
    // Lemmas and the cue lexicon learnt from the cue spans (./cues.ts) raised cross-validated macro-F1
    // from 0.812 to 0.843; character n-grams did not pay on top of them (0.824 against 0.827).
    defaults: { words: [1, 2], chars: [], dense: ["attributionRules", "cueLexicon"], lemmas: true, l2: 1e-5, learningRate: 0.1, epochs: 8 },
    // A sentence inside reported content whose cue is in another sentence is neither: the
    // sentence-level model learns "a cue is here"; carrying a quotation's speaker across sentences
    // is the sequence detector's job (attribution.ts). Left out of training and of the recorded figure.
    trainOn: (e) => e.label !== "CONTENT_OR_SOURCE_ONLY",
    holdoutNotes: "ATTRIBUTED (a cue in the sentence) against UNATTRIBUTED; CONTENT_OR_SOURCE_ONLY rows left out (docs/assistance-quality.md scores them as negatives too)",
    positiveLabel: "ATTRIBUTED",
    metric: "macro_f1",
    example: (r) => {
      // id = compartment:article_annotator:sentence; one article may be annotated more than once.
      const article = (r.id ?? "").split(":")[1]?.replace(/_[a-z]?\d+$/i, "") ?? r.id!;
      return { sentence: r.sentence!, positive: r.label === "ATTRIBUTED", group: article, label: r.label!, extra: { cue: r.cue ?? "", source: r.source ?? "", content: r.content ?? "" } };
    },
    split: bySplitShare("attr"),
  },
  checkworthy: {
    file: "training/checkworthy_claimbuster_train.tsv",
    licence: "ClaimBuster (claimbuster-spotter repository): GPL-3.0",
    defaults: { words: [1, 2], chars: [], dense: ["checkworthyRules"], lemmas: false, l2: 1e-4, learningRate: 0.3, epochs: 8 },
    positiveLabel: "CFS",
    metric: "positive_f1",
    // Sentence ids run through the debates in order: blocks of 250 ids stand in for debates.
    example: (r) => ({ sentence: r.sentence!, positive: r.label === "CFS", group: String(Math.floor(Number(r.id) / 250)), label: r.label! }),
    split: bySplitShare("cw"),
  },
};
