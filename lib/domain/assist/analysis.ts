/**
 * Shared sentence analysis for the claim-assistance detectors (docs/decisions/0009-claim-assistance-detectors.md).
 *
 * Tokens, part-of-speech tags (Universal Dependencies tag set), lemmas and negation scope come from
 * wink-nlp with its English lite web model (shipped inside the npm package, no download at run time).
 * This module adds what wink does not give: UTF-16 offsets per token and which tokens sit inside
 * quotation marks. Pure: no I/O, no global state beyond a small memo of recent analyses so that the
 * three detectors run on the same sentence share one pass of the tagger (the whole document's, inside
 * withDocumentMemo).
 */
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

export type Span = { start: number; end: number };

export type Token = {
  /** The token as written. */
  text: string;
  /** Lower-cased text with curly apostrophes straightened. */
  lower: string;
  /** wink lemma, lower-cased ("said" -> "say", "n't" -> "not"). */
  lemma: string;
  /** Universal POS tag: NOUN, PROPN, VERB, AUX, ADJ, ADV, PRON, DET, ADP, NUM, PUNCT, … */
  pos: string;
  /** UTF-16 offsets into the sentence, end exclusive. */
  start: number;
  end: number;
  /** Inside a negation scope ("not", "never", "n't" …), as wink marks it. */
  negated: boolean;
  /** Inside quotation marks (the marks themselves are not). */
  inQuote: boolean;
};

export type QuoteSpan = Span & {
  /** The opening mark is missing: the quotation began in an earlier sentence. */
  openBefore: boolean;
  /** The closing mark is missing: the quotation goes on in a later sentence. */
  openAfter: boolean;
};

export type Analysis = {
  text: string;
  tokens: Token[];
  /** Quoted stretches, inner text only (without the marks). */
  quotes: QuoteSpan[];
  /** Share of the sentence's letters and digits that lie inside quotation marks (0..1). */
  quotedShare: number;
};

const nlp = winkNLP(model, ["pos", "negation"]);
const its = nlp.its;

const MEMO_SIZE = 64;

/** The memos of the document in progress (withDocumentMemo), one per memoised function. */
let documentMemos: Map<object, Map<string, unknown>> | null = null;

/**
 * Wraps a pure per-sentence function with a memo of the last MEMO_SIZE sentences, so that the
 * detectors calling each other on the same sentence (check-worthiness uses subjectivity, both use
 * attribution) pay for each step once. With `wholeDocument`, inside withDocumentMemo it keeps every
 * sentence of the document instead (for what a document's several passes all read). Results must
 * be treated as read-only.
 */
export function memoizeBySentence<T>(fn: (sentence: string) => T, wholeDocument = false): (sentence: string) => T {
  const recent = new Map<string, T>();
  return (sentence: string) => {
    const memo = documentMemos && wholeDocument ? documentMemoOf(documentMemos, recent) : recent;
    const hit = memo.get(sentence);
    if (hit !== undefined) return hit;
    const result = fn(sentence);
    if (memo === recent && recent.size >= MEMO_SIZE) recent.delete(recent.keys().next().value as string);
    memo.set(sentence, result);
    return result;
  };
}

/** The document memo standing in for one function's memo of recent sentences (made on first use). */
function documentMemoOf<T>(memos: Map<object, Map<string, unknown>>, recent: Map<string, T>): Map<string, T> {
  let memo = memos.get(recent) as Map<string, T> | undefined;
  if (!memo) memos.set(recent, (memo = new Map()));
  return memo;
}

/**
 * Runs `fn` (synchronous) with the whole-document memos keeping every sentence until it returns: a
 * document's passes (attribution in reading order, then each claim's detectors) then analyse each
 * sentence once, where the last-few memo would have forgotten it between the passes.
 */
export function withDocumentMemo<T>(fn: () => T): T {
  if (documentMemos) return fn();
  documentMemos = new Map();
  try {
    return fn();
  } finally {
    documentMemos = null;
  }
}

/** Analyses one sentence (memoised for the last few sentences, or the whole document inside withDocumentMemo). */
export const analyze: (sentence: string) => Analysis = memoizeBySentence(computeAnalysis, true);

function computeAnalysis(text: string): Analysis {
  const tokens: Token[] = [];
  if (text.trim() !== "") {
    const doc = nlp.readDoc(text);
    const values = doc.tokens().out() as string[];
    const tags = doc.tokens().out(its.pos) as string[];
    // wink's typings declare lemma with an extra addons parameter that ItsFunction lacks.
    const lemmas = doc.tokens().out(its.lemma as unknown as typeof its.value) as string[];
    const negation = doc.tokens().out(its.negationFlag) as boolean[];
    let cursor = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const at = text.indexOf(value, cursor);
      // wink keeps the original characters, so indexOf finds every token; the fallback only guards
      // against a future model normalising text, and then the token gets an empty span.
      const start = at >= 0 ? at : cursor;
      const end = at >= 0 ? at + value.length : cursor;
      cursor = end;
      tokens.push({
        text: value,
        lower: normalizeApostrophes(value.toLowerCase()),
        lemma: normalizeApostrophes((lemmas[i] ?? value).toLowerCase()),
        pos: tags[i] ?? "X",
        start,
        end,
        negated: negation[i] === true,
        inQuote: false,
      });
    }
  }
  const quotes = findQuotes(text);
  let inside = 0;
  let total = 0;
  for (const t of tokens) {
    if (!/[\p{L}\p{N}]/u.test(t.text)) continue;
    t.inQuote = quotes.some((q) => t.start >= q.start && t.end <= q.end);
    total += t.end - t.start;
    if (t.inQuote) inside += t.end - t.start;
  }
  return { text, tokens, quotes, quotedShare: total === 0 ? 0 : inside / total };
}

export function normalizeApostrophes(s: string): string {
  return s.replace(/[’‘`´]/g, "'");
}

const DOUBLE_OPEN = new Set(["“", "„", "«", "‟"]);
const DOUBLE_CLOSE = new Set(["”", "»"]);

/**
 * Finds quoted stretches. Curly and guillemet marks say which way they face; a straight `"` opens
 * after a space, an opening bracket or the start, and closes otherwise. Single quotes count only in
 * their curly opening form (‘…’) or a straight `'` after a space, so apostrophes (don’t, leaders’)
 * are left alone. A closing mark with no opener means the quotation started in an earlier sentence;
 * an opener with no closer, that it continues.
 */
export function findQuotes(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let doubleOpen = -1; // index just after an open double quote, or -1
  let singleOpen = -1;
  let sawAnyMark = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    const prev = i > 0 ? text[i - 1]! : " ";
    const next = i + 1 < n ? text[i + 1]! : " ";
    if (c === '"') {
      const opens = doubleOpen < 0 && (i === 0 || /[\s([{\u2014\u2013-]/.test(prev));
      if (opens) doubleOpen = i + 1;
      else if (doubleOpen >= 0) {
        spans.push({ start: doubleOpen, end: i, openBefore: false, openAfter: false });
        doubleOpen = -1;
      } else if (!sawAnyMark) {
        spans.push({ start: 0, end: i, openBefore: true, openAfter: false });
      }
      sawAnyMark = true;
    } else if (DOUBLE_OPEN.has(c)) {
      if (doubleOpen < 0) doubleOpen = i + 1;
      sawAnyMark = true;
    } else if (DOUBLE_CLOSE.has(c)) {
      if (doubleOpen >= 0) {
        spans.push({ start: doubleOpen, end: i, openBefore: false, openAfter: false });
        doubleOpen = -1;
      } else if (!sawAnyMark) {
        spans.push({ start: 0, end: i, openBefore: true, openAfter: false });
      }
      sawAnyMark = true;
    } else if (c === "‘" || (c === "'" && /[\s([{]/.test(prev) && /\p{L}/u.test(next) && i > 0) || (c === "'" && i === 0)) {
      // ‘‘ (two openers) is a double quote written with singles: treat the pair as one mark.
      if (doubleOpen < 0 && singleOpen < 0) singleOpen = i + 1;
      else if (singleOpen === i) singleOpen = i + 1;
    } else if ((c === "’" || c === "'") && singleOpen >= 0 && !(/\p{L}/u.test(prev) && /\p{L}/u.test(next))) {
      // A closing single after a letter or punctuation, not inside a word (don’t).
      if (singleOpen <= i - 1 || singleOpen === i) {
        spans.push({ start: singleOpen, end: i, openBefore: false, openAfter: false });
        singleOpen = -1;
        if (next === "’" || next === "'") i++;
      }
    }
  }
  if (doubleOpen >= 0) spans.push({ start: doubleOpen, end: trimEnd(text, n), openBefore: false, openAfter: true });
  spans.sort((a, b) => a.start - b.start);
  return spans.filter((s) => s.end > s.start);
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** Words (tokens with a letter or digit) outside quotation marks. */
export function wordsOutsideQuotes(a: Analysis): Token[] {
  return a.tokens.filter((t) => !t.inQuote && /[\p{L}\p{N}]/u.test(t.text));
}

export function isWord(t: Token): boolean {
  return /[\p{L}\p{N}]/u.test(t.text);
}

/** The last character of the sentence that is not a closing quote, bracket or space. */
export function finalPunctuation(text: string): string {
  let e = text.length;
  while (e > 0 && /[\s"'”’»)\]}]/.test(text[e - 1]!)) e--;
  return e > 0 ? text[e - 1]! : "";
}
