// A cue lexicon learnt from PolNeAR's cue spans (docs/decisions/0018): for each lemma with its part
// of speech (and whether it is quoted), the share of its occurrences in the training articles that fall inside an annotated
// cue ("say/VERB" is nearly always one, "tell/VERB" often, "the/DET" never). The sentence model
// gets how cue-like the sentence's most cue-like words are: token-level knowledge the n-grams lack.
// Learnt from training rows only; cross-validation learns it again inside each fold.
import { analyze } from "../analysis";
import { overlaps, parseSpans } from "./spans";

/** "lemma/POS" ("/quoted" inside quotation marks) -> share of its occurrences inside a cue span (only those seen inside one). */
export type CueRates = Record<string, number>;

/** A token as the lexicon keys it ("say/VERB", "say/VERB/quoted"), and whether it lies inside a gold cue span. */
export type CueToken = { key: string; inCue: boolean };

/** Least occurrences for a key's rate to count (rarer ones are noise). */
const MIN_COUNT = 3;

/** The sentence's tokens, each marked whether it is inside a gold cue span (PolNeAR's code-point spans "48-54;60-66"). */
export function cueTokens(sentence: string, cueSpans = ""): CueToken[] {
  const spans = parseSpans(cueSpans, sentence);
  return analyze(sentence).tokens.map((t) => ({ key: `${t.lemma}/${t.pos}${t.inQuote ? "/quoted" : ""}`, inCue: spans.some((s) => overlaps(s, t)) }));
}

/** The rates over training sentences' tokens; add-one smoothed so a key seen 3 times in cues is not 1.0. */
export function learnCueRates(sentences: readonly CueToken[][]): CueRates {
  const seen = new Map<string, number>();
  const inCue = new Map<string, number>();
  for (const toks of sentences)
    for (const t of toks) {
      seen.set(t.key, (seen.get(t.key) ?? 0) + 1);
      if (t.inCue) inCue.set(t.key, (inCue.get(t.key) ?? 0) + 1);
    }
  const rates: CueRates = Object.create(null);
  for (const [key, c] of [...inCue].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const n = seen.get(key)!;
    if (n >= MIN_COUNT) rates[key] = Math.round((c / (n + 1)) * 1000) / 1000;
  }
  return rates;
}

/** Four dense values: the highest and second-highest rate, any rate > 0.3, how many > 0.1 (of 3). */
export function cueLexiconFeatures(tokens: readonly CueToken[], rates: Readonly<CueRates>): number[] {
  const r = tokens.map((t) => (Object.hasOwn(rates, t.key) ? rates[t.key]! : 0)).sort((a, b) => b - a);
  return [r[0] ?? 0, r[1] ?? 0, r.some((x) => x > 0.3) ? 1 : 0, Math.min(3, r.filter((x) => x > 0.1).length) / 3];
}
