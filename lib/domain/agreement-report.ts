// The agreement page's figures (issue 12, decision 0023), assembled from the rating pairs of
// submitted blind second reviews. Pure: the statistics are lib/domain/agreement.ts (decision 0020);
// this only groups pairs into units, documents, reviewer pairs and weeks.
//
// A *pair* is one second verdict beside the first verdict it was compared with at submission. A
// claim reviewed twice blind has several pairs, and its *unit* (for Krippendorff's α and Fleiss' κ)
// holds each distinct verdict once: every first verdict it was compared with, and every second
// verdict. Who gave a verdict does not enter α or Fleiss' κ (nominal α counts values per unit).

import { cohensKappa, confusionMatrix, fleissKappa, krippendorffAlpha, rawAgreement, type CohensKappa, type FleissKappa, type KrippendorffAlpha } from "./agreement";
import { VERDICT_LABELS, type VerdictLabel } from "./verdicts";

export type Rater = { id: number; name: string };

export type RatingPair = {
  claimId: number;
  documentId: number;
  documentTitle: string;
  reviewId: number;
  firstVerdictId: number;
  secondVerdictId: number;
  firstRater: Rater;
  firstLabel: VerdictLabel;
  secondRater: Rater;
  secondLabel: VerdictLabel;
  /** When the second review was submitted, ISO 8601 UTC. */
  submittedAt: string;
};

export type FleissSummary = FleissKappa & {
  /** Claims left out because they have another number of ratings than `raters`. */
  claimsLeftOut: number;
  /** In words: over which claims, or why it is not applicable. */
  note: string;
};

export type AgreementSummary = {
  pairs: number;
  claims: number;
  reviews: number;
  /** Share of pairs with the same label (Cohen's p_o); null without pairs. */
  raw: number | null;
  /** Share of claims on which every rating is the same label; null without claims. */
  unanimous: number | null;
  cohen: CohensKappa;
  alpha: KrippendorffAlpha;
  fleiss: FleissSummary;
  /** The first verdict's label in rows, the second's in columns, in `labels` order. */
  confusion: { labels: readonly VerdictLabel[]; counts: number[][] };
  interpretation: string;
};

export type DocumentAgreement = { id: number; title: string; pairs: number; raw: number | null; kappa: number | null; alpha: number | null };
export type ReviewerPairAgreement = { a: Rater; b: Rater; pairs: number; raw: number | null; kappa: number | null };
export type WeekAgreement = { week: string; start: string; pairs: number; raw: number | null; kappa: number | null };

export type AgreementReport = {
  summary: AgreementSummary;
  documents: DocumentAgreement[];
  reviewerPairs: ReviewerPairAgreement[];
  weeks: WeekAgreement[];
};

const DAY_MS = 86_400_000;

/** The ISO 8601 week of a UTC time: "2026-W50" and the day its Monday falls on. */
export function isoWeek(iso: string): { week: string; start: string } {
  const t = new Date(iso);
  const day = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = new Date(day.getTime() - weekday * DAY_MS);
  // The week belongs to the year of its Thursday.
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = new Date(firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * DAY_MS);
  const week = Math.round((monday.getTime() - firstMonday.getTime()) / (7 * DAY_MS)) + 1;
  return { week: `${year}-W${String(week).padStart(2, "0")}`, start: monday.toISOString().slice(0, 10) };
}

/**
 * Landis & Koch (1977), "The measurement of observer agreement for categorical data", Biometrics
 * 33(1):159–174: their bands for κ, in words. Conventional, not a test: say which bands they are.
 */
export function landisKoch(kappa: number): string {
  if (kappa < 0) return "poor (below chance)";
  if (kappa <= 0.2) return "slight";
  if (kappa <= 0.4) return "fair";
  if (kappa <= 0.6) return "moderate";
  if (kappa <= 0.8) return "substantial";
  return "almost perfect";
}

const percent = (x: number) => `${Math.round(100 * x)} %`;

/** One plain sentence an editor can read first. */
export function interpretation(s: Pick<AgreementSummary, "pairs" | "raw" | "cohen">): string {
  if (s.pairs === 0 || s.raw === null) return "No submitted second review yet: there is nothing to compare.";
  const same = `The second reviewers gave the first verdict's label on ${percent(s.raw)} of ${s.pairs} claim${s.pairs === 1 ? "" : "s"} compared`;
  const small = s.pairs < 10 ? ` With so few claims, read every figure as rough.` : "";
  if (s.cohen.kappa === null) return `${same}; κ cannot be computed: every verdict has the same label, so there is not enough variation to tell agreement from chance.${small}`;
  return `${same}; Cohen's κ of ${s.cohen.kappa.toFixed(2)} is ${landisKoch(s.cohen.kappa)} agreement beyond chance (Landis & Koch 1977 bands).${small}`;
}

/** Each claim's distinct ratings: every first verdict it was compared with once, and every second verdict. */
function unitsOf(pairs: readonly RatingPair[]): Map<number, VerdictLabel[]> {
  const byClaim = new Map<number, Map<string, VerdictLabel>>();
  for (const p of pairs) {
    const unit = byClaim.get(p.claimId) ?? new Map<string, VerdictLabel>();
    unit.set(`first:${p.firstVerdictId}`, p.firstLabel);
    unit.set(`second:${p.secondVerdictId}`, p.secondLabel);
    byClaim.set(p.claimId, unit);
  }
  return new Map([...byClaim].map(([claimId, unit]) => [claimId, [...unit.values()]]));
}

/**
 * Fleiss' κ needs the same number of ratings for every claim. Over the claims that share the
 * commonest number of ratings (on a tie, the larger number); the others are left out and said so.
 */
function fleissOver(units: readonly VerdictLabel[][]): FleissSummary {
  const rated = units.filter((u) => u.length >= 2);
  if (!rated.length) return { ...fleissKappa([]), claimsLeftOut: 0, note: "Not applicable: no claim has two ratings yet." };
  const byCount = new Map<number, VerdictLabel[][]>();
  for (const u of rated) byCount.set(u.length, [...(byCount.get(u.length) ?? []), u]);
  const [m, group] = [...byCount].sort(([ma, a], [mb, b]) => b.length - a.length || mb - ma)[0]!;
  const left = rated.length - group.length;
  const fleiss = fleissKappa(group);
  const note =
    left === 0
      ? `Over all ${group.length} claim${group.length === 1 ? "" : "s"}, each with ${m} ratings.`
      : `Over the ${group.length} claim${group.length === 1 ? "" : "s"} with ${m} ratings each only; ${left} claim${left === 1 ? "" : "s"} with another number of ratings ${left === 1 ? "is" : "are"} left out (Fleiss' κ needs the same number for every claim; Krippendorff's α counts them all).`;
  return { ...fleiss, claimsLeftOut: left, note };
}

const labelPairs = (pairs: readonly RatingPair[]) => pairs.map((p) => [p.firstLabel, p.secondLabel] as const);
const agreeing = (pairs: readonly RatingPair[]) => (pairs.length ? pairs.filter((p) => p.firstLabel === p.secondLabel).length / pairs.length : null);

function groupBy<K, T>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export function agreementReport(pairs: readonly RatingPair[]): AgreementReport {
  const units = [...unitsOf(pairs).values()];
  const cohen = cohensKappa(labelPairs(pairs), VERDICT_LABELS);
  const raw = agreeing(pairs);
  const base = { pairs: pairs.length, raw, cohen };
  const summary: AgreementSummary = {
    ...base,
    claims: units.length,
    reviews: new Set(pairs.map((p) => p.reviewId)).size,
    unanimous: rawAgreement(units).unanimous,
    alpha: krippendorffAlpha(units),
    fleiss: fleissOver(units),
    confusion: { labels: VERDICT_LABELS, counts: confusionMatrix(labelPairs(pairs), VERDICT_LABELS) },
    interpretation: interpretation(base),
  };

  const documents = [...groupBy(pairs, (p) => p.documentId)]
    .map(([id, group]): DocumentAgreement => ({
      id,
      title: group[0]!.documentTitle,
      pairs: group.length,
      raw: agreeing(group),
      kappa: cohensKappa(labelPairs(group)).kappa,
      alpha: krippendorffAlpha([...unitsOf(group).values()]).alpha,
    }))
    .sort((x, y) => y.pairs - x.pairs || x.title.localeCompare(y.title) || x.id - y.id);

  // An unordered pair of people; each pair's labels are oriented (person a, person b) so that
  // Cohen's κ compares the same two people whichever of them gave the first verdict.
  const pairKey = (p: RatingPair) => (p.firstRater.id <= p.secondRater.id ? `${p.firstRater.id}-${p.secondRater.id}` : `${p.secondRater.id}-${p.firstRater.id}`);
  const reviewerPairs = [...groupBy(pairs, pairKey)]
    .map(([, group]): ReviewerPairAgreement => {
      const g0 = group[0]!;
      const [a, b] = g0.firstRater.id <= g0.secondRater.id ? [g0.firstRater, g0.secondRater] : [g0.secondRater, g0.firstRater];
      const oriented = group.map((p) => (p.firstRater.id === a.id ? ([p.firstLabel, p.secondLabel] as const) : ([p.secondLabel, p.firstLabel] as const)));
      return { a, b, pairs: group.length, raw: agreeing(group), kappa: cohensKappa(oriented).kappa };
    })
    .sort((x, y) => y.pairs - x.pairs || x.a.name.localeCompare(y.a.name) || x.b.name.localeCompare(y.b.name));

  const weeks = [...groupBy(pairs, (p) => isoWeek(p.submittedAt).week)]
    .map(([week, group]): WeekAgreement => ({ week, start: isoWeek(group[0]!.submittedAt).start, pairs: group.length, raw: agreeing(group), kappa: cohensKappa(labelPairs(group)).kappa }))
    .sort((x, y) => x.start.localeCompare(y.start));

  return { summary, documents, reviewerPairs, weeks };
}
