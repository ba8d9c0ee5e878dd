/**
 * Check-worthiness of one sentence (0..1) with the reasons: is this a factual claim the public
 * would want verified? A suggestion for ordering the reviewer's queue, never a verdict.
 *
 * Follows the ClaimBuster / CLEF CheckThat! notion: check-worthy factual sentences (CFS) carry
 * numbers, dates, named people/places/organisations, comparisons and records, statistics, actions
 * of governments and officials; greetings, questions, opinions, promises and personal anecdotes do
 * not. A logistic combination; weights and threshold in docs/decisions/0009-claim-assistance-detectors.md.
 */
import { analyze, finalPunctuation, isWord, memoizeBySentence, type Analysis } from "./analysis";
import { REASONS_AGAINST, REASONS_FOR } from "./reasons";
import { detectAttribution, isAttributed } from "./attribution";
import {
  CHANGE_VERBS,
  COMPARATIVE_PATTERNS,
  MONTHS,
  NUMBER_WORDS,
  OFFICIAL_WORDS,
  PHATIC_PATTERNS,
  SECOND_PERSON,
  STATISTICAL_NOUNS,
  WEEKDAYS,
} from "./lexicon";
import { subjectivity } from "./subjectivity";

/** Score at or above which a sentence is suggested as check-worthy (CFS). */
export const CHECKWORTHY_THRESHOLD = 0.4;

export type CheckWorthiness = { score: number; reasons: string[] };

const FEATURES = [
  "number",
  "quantity",
  "date",
  "properNouns",
  "statistical",
  "changeVerb",
  "pastTense",
  "comparative",
  "officialSource",
  "attributed",
  "question",
  "phatic",
  "opinionFrame",
  "future",
  "subjective",
  "firstPersonSingular",
  "secondPerson",
  "short",
  "imperative",
  "modalHedge",
] as const;
type FeatureName = (typeof FEATURES)[number];
export type CheckWorthinessFeatures = Record<FeatureName, number>;

const WEIGHTS: Record<FeatureName | "bias", number> = {
  bias: -2.6,
  number: 1.1,
  quantity: 0.4,
  date: 0.4,
  properNouns: 0.4,
  statistical: 0.6,
  changeVerb: 0.4,
  pastTense: 0.9,
  comparative: 0.5,
  officialSource: 0.3,
  attributed: 0.3,
  question: -1.5,
  phatic: -3,
  opinionFrame: -1.0,
  future: -0.7,
  subjective: -1.5,
  firstPersonSingular: -0.4,
  secondPerson: -0.3,
  short: -0.8,
  imperative: -0.8,
  modalHedge: -0.4,
};

const REASONS: Partial<Record<FeatureName, string>> = { ...REASONS_FOR, ...REASONS_AGAINST };
const NEGATIVE = new Set(Object.keys(REASONS_AGAINST));

const OPINION_FRAME = /\b(?:i|we) (?:think|believe|feel|hope|wish|want|guess|suppose|know|say)\b|\bin my (?:view|opinion)\b|\bi'?m (?:sure|convinced|not sure)\b|\bi (?:don'?t|do not) (?:think|believe|know)\b/i;
const FUTURE = /\b(?:will|won'?t|'ll|shall|going to|gonna|plan to|intend to|promise to|would like to|we need to|let'?s)\b/i;
const MONEY = /[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:percent|per cent|%|million|billion|trillion|dollars|euros|pounds)\b|\b(?:million|billion|trillion)\b/i;

export function checkWorthiness(sentence: string): CheckWorthiness {
  const features = memoExtract(sentence);
  let z = WEIGHTS.bias;
  for (const f of FEATURES) z += WEIGHTS[f] * features[f];
  const score = 1 / (1 + Math.exp(-z));
  const reasons: string[] = [];
  for (const f of FEATURES) {
    const label = REASONS[f];
    if (!label || features[f] <= 0) continue;
    if (NEGATIVE.has(f) ? WEIGHTS[f] < 0 : WEIGHTS[f] > 0) reasons.push(label);
  }
  return { score: Math.round(score * 1000) / 1000, reasons };
}

export function checkWorthinessFeatures(sentence: string): CheckWorthinessFeatures {
  return { ...memoExtract(sentence) };
}

/** The features of a sentence, shared by the score and the trained model's dense features (read-only). */
const memoExtract = memoizeBySentence((sentence: string) => extract(analyze(sentence)));

/** Every feature at 0, in FEATURES order (the order of the trained models' dense values); copied per sentence. */
const NO_FEATURES = Object.fromEntries(FEATURES.map((k) => [k, 0])) as CheckWorthinessFeatures;

function extract(a: Analysis): CheckWorthinessFeatures {
  const f = { ...NO_FEATURES };
  const toks = a.tokens;
  const words = toks.filter(isWord);
  const text = a.text;
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");

  let numbers = 0;
  let proper = 0;
  let stats = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const w = t.lower;
    if (/\d/.test(t.text) && !/^(?:19|20)\d\d$/.test(t.text)) numbers++;
    else if (NUMBER_WORDS.has(w) && (t.pos === "NUM" || t.pos === "NOUN" || t.pos === "ADV")) numbers++;
    if (/^(?:1[89]|20)\d\d$/.test(t.text) || (MONTHS.has(w) && t.pos === "PROPN" && w !== "may") || WEEKDAYS.has(w) || /^(?:yesterday|today|ago|decade|decades)$/.test(w) || (w === "last" && /^(?:year|month|week|night|time)$/.test(toks[i + 1]?.lower ?? "")))
      f.date = 1;
    if (t.pos === "PROPN" && !(i === 0 && t.lower === "i")) {
      // Count a run of proper nouns once ("Marco Rubio").
      if (toks[i - 1]?.pos !== "PROPN") proper++;
    }
    if (STATISTICAL_NOUNS.has(t.lemma) || STATISTICAL_NOUNS.has(w)) stats++;
    if ((t.pos === "VERB" || t.pos === "NOUN") && CHANGE_VERBS.has(t.lemma) && t.pos === "VERB") f.changeVerb = 1;
    if (t.pos === "VERB" && t.lower !== t.lemma && /(?:ed|ought|aught|ew|ost|ent|ave|ade|ook|ote|old|ound|ung|ank|oke|ore|ew|ell|id|ame|ept|ft|ld|ew)$/.test(w) && toks[i - 1]?.lower !== "to") {
      // Past tense or participle ("voted", "spent", "lost", "took").
      f.pastTense = 1;
    }
  }
  f.number = Math.min(numbers, 2);
  f.quantity = MONEY.test(text) ? 1 : 0;
  f.properNouns = Math.min(proper, 3);
  f.statistical = Math.min(stats, 3);
  f.comparative = COMPARATIVE_PATTERNS.some((re) => re.test(text)) ? 1 : 0;

  const attribution = detectAttribution(text);
  if (isAttributed(attribution)) {
    f.attributed = 1;
    const speaker = (attribution.speaker ?? "").toLowerCase();
    if (speaker.split(/[^a-z]+/).some((w) => OFFICIAL_WORDS.has(w))) f.officialSource = 1;
  }
  if (finalPunctuation(text) === "?") f.question = 1;
  if (PHATIC_PATTERNS.some((re) => re.test(lower.trim()))) f.phatic = 1;
  if (OPINION_FRAME.test(lower)) f.opinionFrame = 1;
  if (FUTURE.test(lower)) f.future = 1;
  const subj = subjectivity(text).score;
  f.subjective = Math.max(0, subj - 0.3);
  f.firstPersonSingular = toks.some((t) => (t.lower === "i" || t.lower === "me" || t.lower === "my") && !t.inQuote) ? 1 : 0;
  f.secondPerson = toks.some((t) => SECOND_PERSON.has(t.lower) && !t.inQuote) ? 1 : 0;
  f.short = words.length < 6 ? 1 : 0;
  const first = words[0];
  if (first && first === toks[0] && first.pos === "VERB" && first.lower === first.lemma && !/ing$/.test(first.lower)) f.imperative = 1;
  f.modalHedge = toks.some((t) => /^(?:might|may|could|perhaps|maybe|probably|possibly)$/.test(t.lower) && t.pos !== "PROPN") ? 1 : 0;
  return f;
}
