// A cue lexicon learnt from PolNeAR's cue spans (docs/decisions/0018): for each lemma, the share
// of its occurrences in the training articles that fall inside an annotated cue ("say" is nearly
// always one, "tell" often, "the" never). The sentence model gets how cue-like the sentence's
// most cue-like words are: token-level knowledge the n-grams lack.
// Learnt from training rows only; cross-validation learns it again inside each fold.
import { analyze } from "../analysis";
import { overlaps, parseSpans } from "./spans";

/** Lemma -> share of its occurrences inside a cue span (only lemmas seen inside one). */
export type CueRates = Record<string, number>;

export type CueToken = { lemma: string; inCue: boolean };

/** Least occurrences for a lemma's rate to count (rarer lemmas are noise). */
const MIN_COUNT = 3;

/** The sentence's lemmas, each marked whether it is inside a gold cue span (PolNeAR's code-point spans "48-54;60-66"). */
export function cueTokens(sentence: string, cueSpans = ""): CueToken[] {
  const spans = parseSpans(cueSpans, sentence);
  return analyze(sentence).tokens.map((t) => ({ lemma: t.lemma, inCue: spans.some((s) => overlaps(s, t)) }));
}

/** The rates over training sentences' tokens; add-one smoothed so a lemma seen 3 times in cues is not 1.0. */
export function learnCueRates(sentences: readonly CueToken[][]): CueRates {
  const seen = new Map<string, number>();
  const inCue = new Map<string, number>();
  for (const toks of sentences)
    for (const t of toks) {
      seen.set(t.lemma, (seen.get(t.lemma) ?? 0) + 1);
      if (t.inCue) inCue.set(t.lemma, (inCue.get(t.lemma) ?? 0) + 1);
    }
  const rates: CueRates = Object.create(null);
  for (const [lemma, c] of [...inCue].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const n = seen.get(lemma)!;
    if (n >= MIN_COUNT) rates[lemma] = Math.round((c / (n + 1)) * 1000) / 1000;
  }
  return rates;
}

/** Four dense values: the highest and second-highest rate, any rate > 0.3, how many > 0.1 (of 3). */
export function cueLexiconFeatures(tokens: readonly CueToken[], rates: Readonly<CueRates>): number[] {
  const r = tokens.map((t) => (Object.hasOwn(rates, t.lemma) ? rates[t.lemma]! : 0)).sort((a, b) => b - a);
  return [r[0] ?? 0, r[1] ?? 0, r.some((x) => x > 0.3) ? 1 : 0, Math.min(3, r.filter((x) => x > 0.1).length) / 3];
}
