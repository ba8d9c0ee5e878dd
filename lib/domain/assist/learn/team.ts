// Retraining a shipped model with a team's own verdicts (docs/decisions/0019-team-models.md).
// The team's labelled claims are split by document: about a quarter of its documents (at least
// one) are held out and never trained on; the rest join the public training part of the shipped
// model's data, each team example counted TEAM_WEIGHT times. Features and hyper-parameters are the
// shipped model's; calibration and the threshold come from out-of-fold predictions, as in
// `npm run train`. Both models are scored on the team's hold-out documents: before and after.
import { createHash } from "node:crypto";
import { denseFeatures } from "./dense";
import { vectorize } from "./features";
import { plattScale, sigmoid, train } from "./logistic";
import { loadModel, MODEL_FORMAT, quantize, type HoldoutFigures, type LoadedModel, type ModelFile } from "./model";
import { scoreHoldout } from "./evaluate";
import { bestThreshold, f1s, outOfFold } from "./select";
import { bucket, TASKS, type Example, type TaskName } from "./tasks";

/**
 * The tasks a team's work labels: OPINION against SOURCED/DISPUTED, judged against dismissed, and
 * a reviewer's attribution (someone said it, or the article's own voice).
 */
export const TEAM_TASKS = ["subjectivity", "checkworthy", "attribution"] as const satisfies readonly TaskName[];
export type TeamTask = (typeof TEAM_TASKS)[number];
/** The hints a reviewer can mark wrong with one key (attribution is corrected in place, with e). */
export const HINT_TASKS = ["subjectivity", "checkworthy"] as const satisfies readonly TeamTask[];
export type HintTask = (typeof HINT_TASKS)[number];

/** What each class of a task's labels is, in the words of the review page. */
const CLASS_NAMES: Record<TeamTask, [positive: string, negative: string]> = {
  subjectivity: ["OPINION verdicts", "SOURCED or DISPUTED verdicts"],
  checkworthy: ["judged claims", "dismissed claims"],
  attribution: ["claims a reviewer attributed to someone", "claims a reviewer set to the article's own voice"],
};

/** How much one of the team's own examples weighs against one public example. */
export const TEAM_WEIGHT = 3;
/** The least a team needs: labelled claims, of each class, and documents (one is held out). */
export const TEAM_MINIMUM = { examples: 20, perClass: 5, documents: 2 };

export type TeamExample = { sentence: string; positive: boolean; documentId: number };

export type TeamTraining = {
  file: ModelFile;
  before: HoldoutFigures;
  after: HoldoutFigures;
  examples: number;
  holdout: number;
  /** The new model on the shipped model's public hold-out split (so a team sees what it gives up). */
  publicAfter: HoldoutFigures;
};

/** Why the team cannot train this task yet, in words that say what to do; null when it can. */
export function notEnough(task: TeamTask, examples: readonly TeamExample[]): string | null {
  const positives = examples.filter((e) => e.positive).length;
  const negatives = examples.length - positives;
  const documents = new Set(examples.map((e) => e.documentId)).size;
  const [pos, neg] = CLASS_NAMES[task];
  const have = `The team has ${examples.length} labelled claims (${positives} ${pos}, ${negatives} ${neg}) in ${documents} document(s)`;
  if (examples.length < TEAM_MINIMUM.examples || positives < TEAM_MINIMUM.perClass || negatives < TEAM_MINIMUM.perClass || documents < TEAM_MINIMUM.documents)
    return `${have}; retraining needs at least ${TEAM_MINIMUM.examples}, with ${TEAM_MINIMUM.perClass} of each kind, in ${TEAM_MINIMUM.documents} or more documents (one is held out to score the result). Review more claims first.`;
  return null;
}

/** The team's hold-out documents: the quarter (at least one) that sorts first by a stable hash. */
export function teamHoldoutDocuments(documentIds: Iterable<number>): Set<number> {
  const ids = [...new Set(documentIds)].sort((a, b) => bucket(String(a), "team-holdout") - bucket(String(b), "team-holdout") || a - b);
  return new Set(ids.slice(0, Math.max(1, Math.round(ids.length / 4))));
}

const asExample = (e: TeamExample): Example => ({ sentence: e.sentence, positive: e.positive, group: `team:${e.documentId}`, label: e.positive ? "POSITIVE" : "NEGATIVE" });

/**
 * A new model for the team. `publicExamples` are the rows of the shipped model's data file
 * (readExamples); the shipped model's split decides which of them train and which are its hold-out.
 */
export function trainForTeam(task: TeamTask, shipped: LoadedModel, publicExamples: readonly Example[], team: readonly TeamExample[]): TeamTraining {
  const problem = notEnough(task, team);
  if (problem) throw new Error(problem);
  const spec = TASKS[task];
  const base = shipped.file;
  const used = spec.trainOn ? publicExamples.filter(spec.trainOn) : publicExamples;
  const publicTrain = used.filter((e) => spec.split(e) !== "holdout");
  const publicHoldout = used.filter((e) => spec.split(e) === "holdout");
  const held = teamHoldoutDocuments(team.map((e) => e.documentId));
  const teamTrain = team.filter((e) => !held.has(e.documentId)).map(asExample);
  const teamHoldout = team.filter((e) => held.has(e.documentId)).map(asExample);

  const pool = [...publicTrain, ...Array.from({ length: TEAM_WEIGHT }, () => teamTrain).flat()];
  const config = base.features;
  const options = { epochs: base.training.epochs, learningRate: base.training.learningRate, l2: base.training.l2, seed: base.training.seed, ...(base.training.positiveWeight ? { positiveWeight: base.training.positiveWeight } : {}) };
  const xs = pool.map((e) => vectorize(e.sentence, config, denseFeatures(e.sentence, config.dense, config.cueRates)));
  const dim = base.dimension;
  const margins = outOfFold(pool, xs, dim, options);
  const platt = plattScale(margins, pool.map((e) => e.positive));
  const scored = margins.map((m, i) => ({ p: sigmoid(platt.a * m + platt.b), positive: pool[i]!.positive }));
  const threshold = bestThreshold(scored, spec.metric);
  const trained = train(xs, pool.map((e) => e.positive), dim, options);
  const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  const body: Omit<ModelFile, "version" | "holdout"> = {
    format: MODEL_FORMAT,
    task,
    positiveLabel: base.positiveLabel,
    data: { ...base.data, file: `${base.data.file} + the team's verdicts (x${TEAM_WEIGHT})`, train: pool.length },
    features: config,
    training: { ...options, cv: { metric: spec.metric, score: round(f1s(scored, threshold)[spec.metric], 3) } },
    threshold,
    platt: { a: round(platt.a, 6), b: round(platt.b, 6) },
    bias: round(trained.bias, 6),
    ...quantize(trained.weights),
  };
  const version = createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 12);
  const unscored = { n: 0, macro_f1: 0, positive_f1: 0, precision: 0, recall: 0, accuracy: 0 };
  const candidate = loadModel({ ...body, version, holdout: { ...unscored, metric: spec.metric } });
  const after = scoreHoldout(candidate, teamHoldout);
  const file: ModelFile = { ...body, version, holdout: { ...after, metric: spec.metric, notes: `the team's ${teamHoldout.length} held-out claims in ${held.size} document(s)` } };
  return {
    file,
    before: scoreHoldout(shipped, teamHoldout),
    after,
    examples: teamTrain.length,
    holdout: teamHoldout.length,
    publicAfter: scoreHoldout(candidate, publicHoldout),
  };
}
