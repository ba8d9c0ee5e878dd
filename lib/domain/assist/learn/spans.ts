// Attribution spans learnt from PolNeAR's cue and source spans: two token taggers (is this token
// part of a cue? of a source?) over hashed features of the token and its neighbours, the source
// tagger also seeing where the nearest cue is. Runs of tagged tokens are the spans.
// docs/decisions/0018-trained-assistance-models.md.
import { analyze, type Token } from "../analysis";
import { fnv1a, type SparseVector } from "./features";
import { margin, sigmoid, type LinearModel } from "./logistic";

export const SPAN_BITS = 18;
export type Span = { start: number; end: number };

const shape = (t: string) => (/^\p{Lu}/u.test(t) ? (/^\p{Lu}+$/u.test(t) && t.length > 1 ? "A" : "Aa") : /^\p{Ll}/u.test(t) ? "a" : /\d/.test(t) ? "0" : "p");

/**
 * The bucket of one feature written as a template (feature`w:${t.lower}`): hashing the pieces in
 * order gives fnv1a of the whole string without building it.
 */
function feature(pieces: TemplateStringsArray, ...values: (string | boolean)[]): number {
  let h = fnv1a(pieces[0]!);
  values.forEach((v, k) => (h = fnv1a(pieces[k + 1]!, fnv1a(String(v), h))));
  return h & ((1 << SPAN_BITS) - 1);
}

/** The distinct feature buckets, sorted, each weighing 1/sqrt(their number). */
function vector(hashes: readonly number[]): SparseVector {
  const sorted = Int32Array.from(hashes).sort(); // buckets are below 2^18: signed order is numeric order
  let n = 0;
  for (let k = 0; k < sorted.length; k++) if (n === 0 || sorted[k] !== sorted[n - 1]) sorted[n++] = sorted[k]!;
  return { index: sorted.slice(0, n), value: new Float32Array(n).fill(1 / Math.sqrt(Math.max(1, n))) };
}

/** The buckets of a token's own features and its neighbours': the cue tagger's whole input, the source tagger's start. */
function tokenHashes(toks: Token[], i: number): number[] {
  const t = toks[i]!;
  const p = toks[i - 1];
  const n = toks[i + 1];
  const p2 = toks[i - 2];
  const n2 = toks[i + 2];
  return [
    feature`bias`,
    feature`w:${t.lower}`, feature`l:${t.lemma}`, feature`p:${t.pos}`, feature`s:${shape(t.text)}`, feature`q:${t.inQuote}`,
    feature`pw:${p?.lower ?? "<s>"}`, feature`nw:${n?.lower ?? "</s>"}`, feature`pp:${p?.pos ?? "<s>"}`, feature`np:${n?.pos ?? "</s>"}`,
    feature`pl:${p?.lemma ?? "<s>"}|${t.lemma}`, feature`ln:${t.lemma}|${n?.lemma ?? "</s>"}`,
    feature`ppp:${p2?.pos ?? "<s>"}|${p?.pos ?? "<s>"}|${t.pos}`, feature`pnn:${t.pos}|${n?.pos ?? "</s>"}|${n2?.pos ?? "</s>"}`,
    feature`n2w:${n2?.lower ?? "</s>"}`, feature`p2w:${p2?.lower ?? "<s>"}`,
  ];
}

export const cueFeatures = (toks: Token[], i: number): SparseVector => vector(tokenHashes(toks, i));

const bucket = (d: number) => (d <= 3 ? String(d) : d <= 6 ? "4-6" : d <= 10 ? "7-10" : "11+");

/** `cue` marks the cue tokens (gold while training, tagged while predicting). */
export const sourceFeatures = (toks: Token[], i: number, cue: readonly boolean[]): SparseVector =>
  vector([...tokenHashes(toks, i), ...cueDistanceHashes(toks, i, cue)]);

/** Where the nearest cue token is, seen from token i. */
function cueDistanceHashes(toks: Token[], i: number, cue: readonly boolean[]): number[] {
  let nearest = Infinity;
  let side = "none";
  for (let j = 0; j < toks.length; j++)
    if (cue[j] && Math.abs(j - i) < Math.abs(nearest)) {
      nearest = j - i;
      side = j > i ? "before-cue" : j < i ? "after-cue" : "on-cue";
    }
  const t = toks[i]!;
  const out = [
    feature`side:${side}`, feature`dist:${side}:${Number.isFinite(nearest) ? bucket(Math.abs(nearest)) : "none"}`,
    feature`side-pos:${side}|${t.pos}`, feature`side-w:${side}|${t.lower}`,
  ];
  if (Number.isFinite(nearest)) {
    const c = toks[i + nearest]!;
    out.push(feature`cue:${c.lemma}|${side}`, feature`cue-pos:${c.lemma}|${side}|${t.pos}`);
  }
  return out;
}

/** Code-point spans ("3-9,20-25;48-54") as UTF-16 spans of the sentence, one list per attribution piece. */
export function parseSpans(field: string, sentence: string): Span[] {
  if (!field.trim()) return [];
  const cps = Array.from(sentence);
  const unit = (cp: number) => cps.slice(0, cp).join("").length;
  return field
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [a, b] = p.split("-").map(Number);
      return { start: unit(a!), end: unit(b!) };
    });
}

export const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

export function tokenLabels(toks: Token[], spans: Span[]): boolean[] {
  return toks.map((t) => spans.some((s) => overlaps(s, t)));
}

/** Maximal runs of tagged tokens, as spans of the sentence. */
export function runs(toks: Token[], tagged: readonly boolean[]): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (!tagged[i]) continue;
    const start = toks[i]!.start;
    while (i + 1 < toks.length && tagged[i + 1]) i++;
    out.push({ start, end: toks[i]!.end });
  }
  return out;
}

export type SpanTaggers = { cue: LinearModel; source: LinearModel; cueThreshold: number; sourceThreshold: number };

/** Cue spans, then source spans (only where a cue was found); each token's own features are hashed once for both taggers. */
export function tagSpans(taggers: SpanTaggers, sentence: string): { cues: Span[]; sources: Span[] } {
  const toks = analyze(sentence).tokens;
  const own = toks.map((_, i) => tokenHashes(toks, i));
  const cue = toks.map((_, i) => sigmoid(margin(taggers.cue, vector(own[i]!))) >= taggers.cueThreshold);
  if (!cue.some(Boolean)) return { cues: [], sources: [] };
  const source = toks.map((_, i) => sigmoid(margin(taggers.source, vector([...own[i]!, ...cueDistanceHashes(toks, i, cue)]))) >= taggers.sourceThreshold);
  return { cues: runs(toks, cue), sources: runs(toks, source) };
}

/** Span-level precision and recall: a predicted span counts when it overlaps a gold span, and vice versa. */
export function spanCounts(gold: Span[], predicted: Span[]) {
  return {
    predicted: predicted.length,
    predictedRight: predicted.filter((p) => gold.some((g) => overlaps(g, p))).length,
    gold: gold.length,
    goldFound: gold.filter((g) => predicted.some((p) => overlaps(g, p))).length,
    exact: predicted.filter((p) => gold.some((g) => g.start === p.start && g.end === p.end)).length,
  };
}
