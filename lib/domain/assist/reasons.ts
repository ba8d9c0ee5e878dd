// The check-worthiness reasons shown to reviewers, by feature: those that raise the score and those
// that lower it. Apart from checkworthiness.ts so the review page can sort them without pulling the
// NLP model into the client bundle.

export const REASONS_FOR = {
  number: "numbers",
  quantity: "percentages, money or large quantities",
  date: "dates",
  properNouns: "named people, places or organisations",
  statistical: "statistics or public-policy terms",
  changeVerb: "change or action verbs",
  pastTense: "past events",
  comparative: "comparison or record",
  officialSource: "attributed to an official source",
} as const;

export const REASONS_AGAINST = {
  question: "question (not a claim)",
  phatic: "greeting or thanks (not a claim)",
  opinionFrame: "framed as an opinion",
  future: "promise or prediction",
  subjective: "subjective wording",
  short: "too short to carry a claim",
  imperative: "imperative",
} as const;

/** Whether a reason (as stored in a claim's hints) lowers the check-worthiness score. */
export const isReasonAgainst = (reason: string) => AGAINST_LABELS.has(reason);
const AGAINST_LABELS = new Set<string>(Object.values(REASONS_AGAINST));
