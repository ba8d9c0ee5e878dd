/**
 * Who said a sentence, and with which words: a suggestion for the reviewer, never a verdict.
 *
 * Rules over wink-nlp tokens (see docs/decisions/0009-claim-assistance-detectors.md):
 * a reporting verb ("said", "warned that", "told reporters") with its subject to the left
 * ("Rubio had previously warned") or, after a quotation or comma, to the right ("said Alex Brideau");
 * "according to X"; participles hanging off the main clause ("…, saying that"); hearsay adverbs
 * ("reportedly"); and quoted speech with no cue of its own, whose speaker comes from the previous
 * sentence. Pronoun speakers are resolved against the previous sentence when one is given.
 */
import { analyze, memoizeBySentence, type Analysis, type Span, type Token } from "./analysis";
import {
  DOCUMENT_NOUNS,
  FIRST_PERSON,
  HEARSAY_ADVERBS,
  NEEDS_COMPLEMENT,
  REPORTING_VERBS,
  SECOND_PERSON,
  VERB_ADVERBS,
} from "./lexicon";

export type Attribution = {
  /** The source as written (a pronoun is replaced by its antecedent when found), or null. */
  speaker: string | null;
  /** The cue words ("said", "according to", "warned that" -> "warned"), or null. */
  cue: string | null;
  /** UTF-16 offsets into the sentence (for a resolved pronoun: the pronoun). */
  speakerSpan?: Span;
  cueSpan?: Span;
  /** The sentence is (mostly) a quotation, even when neither speaker nor cue is in it. */
  quoted?: boolean;
};

export type AttributionContext = {
  /** The sentence before this one in the article. */
  previous?: string;
  /** The speaker already found for the previous sentence (chains multi-sentence quotes). */
  previousSpeaker?: string | null;
  /** The previous sentence left a quotation open. */
  insideQuote?: boolean;
};

/** True when the detector found someone else's words or views (a speaker, a cue or a quotation). */
export function isAttributed(a: Attribution): boolean {
  return a.speaker !== null || a.cue !== null || a.quoted === true;
}

const NONE: Attribution = { speaker: null, cue: null };

type Candidate = { speaker: NP | null; cue: Span; inQuote: boolean; passiveNoAgent?: boolean };
type NP = { first: number; last: number };

const BE_FORMS = new Set(["be", "is", "are", "was", "were", "been", "being", "'s", "'re", "'m", "am"]);
const AUX_SKIP = new Set([
  "have", "has", "had", "'ve", "'d", "will", "'ll", "would", "could", "can", "may", "might", "should",
  "must", "shall", "did", "does", "do", "is", "are", "was", "were", "be", "been", "being", "'s", "'re",
  "not", "n't", "ca", "wo",
]);
const RELATIVE = new Set(["who", "which", "that"]);
const NP_ADP = new Set(["of", "at", "for", "from", "in"]);
const DEMONSTRATIVE = new Set(["this", "that", "these", "those", "it", "which", "what", "there"]);
const COMPLEMENT_OPENERS = new Set(["that", "whether", "if", ":", "how", "why", "what", "when"]);
const OPEN_QUOTE = /^["“‘'„«]+$/;
const CLOSE_QUOTE = /^["”’'»]+$/;
const CLAIMED_THINGS = new Set(["life", "lives", "victim", "title", "seat", "prize", "victory", "medal", "top", "spot", "place", "crown", "record", "win", "gold", "land", "territory", "throne", "stake", "bodies", "body", "toll", "share"]);

/** Pronouns that never name a source: "nobody expected", "one can only hope", "there is". */
const NOT_SOURCES = new Set(["there", "this", "that", "what", "nobody", "one", "everyone", "everybody", "anyone", "anybody", "someone", "somebody", "none", "nothing", "something", "everything", "few", "many"]);
const PARTICIPLE_LEADS = new Set([",", "by", "after", "before", "while", "when", "as", "—", "–", "-", "and"]);

export function detectAttribution(sentence: string, context?: AttributionContext): Attribution {
  if (context === undefined) return copy(contextFree(sentence));
  return detect(sentence, context);
}

const contextFree = memoizeBySentence((sentence: string) => detect(sentence, undefined));

function copy(a: Attribution): Attribution {
  const out: Attribution = { speaker: a.speaker, cue: a.cue };
  if (a.speakerSpan) out.speakerSpan = { ...a.speakerSpan };
  if (a.cueSpan) out.cueSpan = { ...a.cueSpan };
  if (a.quoted) out.quoted = true;
  return out;
}

function detect(sentence: string, context: AttributionContext | undefined): Attribution {
  const a = analyze(sentence);
  const found = findAttribution(a);
  let result: Attribution;
  if (found) {
    result = toResult(a, found);
  } else if (isQuotedSpeech(a, context)) {
    result = { speaker: null, cue: null, quoted: true };
    const carried = speakerFromContext(context);
    if (carried) result.speaker = carried;
    return result;
  } else {
    return { ...NONE };
  }
  if (result.speaker !== null && result.speakerSpan && isPronoun(result.speaker)) {
    const resolved = resolvePronoun(result.speaker.toLowerCase(), context);
    if (resolved) result.speaker = resolved;
  }
  if (a.quotedShare >= 0.5 || a.quotes.some((q) => q.openBefore || q.openAfter)) result.quoted = true;
  return result;
}

/**
 * Attribution for consecutive sentences of one article: carries speakers into pronouns and into
 * quotations that run over several sentences, including the sentences of a quotation whose speaker
 * is only named at its end ("“A. B. C,” she said.").
 */
export function detectAttributionInSequence(sentences: readonly string[]): Attribution[] {
  const out: Attribution[] = [];
  let previous: string | undefined;
  let previousSpeaker: string | null = null;
  let insideQuote = false;
  for (const s of sentences) {
    const r = detectAttribution(s, { previous, previousSpeaker, insideQuote });
    out.push(r);
    const quotes = analyze(s).quotes;
    const last = quotes[quotes.length - 1];
    insideQuote = last !== undefined ? last.openAfter : insideQuote && !/["”»]/.test(s);
    previousSpeaker = r.speaker;
    previous = s;
  }
  // Back-fill: a run of quoted sentences without a speaker takes the speaker named where it closes.
  for (let i = out.length - 1; i > 0; i--) {
    const cur = out[i]!;
    const prev = out[i - 1]!;
    if (prev.quoted && prev.speaker === null && cur.speaker !== null && (cur.quoted || cur.cue !== null)) {
      prev.speaker = cur.speaker;
    }
  }
  return out;
}

function toResult(a: Analysis, c: Candidate): Attribution {
  const cueText = a.text.slice(c.cue.start, c.cue.end);
  if (!c.speaker) return { speaker: null, cue: cueText, cueSpan: { ...c.cue } };
  const span = { start: a.tokens[c.speaker.first]!.start, end: a.tokens[c.speaker.last]!.end };
  return { speaker: a.text.slice(span.start, span.end), cue: cueText, speakerSpan: span, cueSpan: { ...c.cue } };
}

function findAttribution(a: Analysis): Candidate | null {
  const toks = a.tokens;
  const candidates: Candidate[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    // "according to X"
    if (t.lower === "according" && toks[i + 1]?.lower === "to") {
      const np = npRight(toks, i + 2);
      if (np) candidates.push({ speaker: np, cue: spanOf(toks, i, i + 1), inQuote: t.inQuote });
      continue;
    }
    // "in the words of X", "as reported by X"
    if (t.lower === "words" && toks[i + 1]?.lower === "of" && toks[i - 2]?.lower === "in") {
      const np = npRight(toks, i + 2);
      if (np) candidates.push({ speaker: np, cue: spanOf(toks, i - 2, i + 1), inQuote: t.inQuote });
      continue;
    }
    // "Per the agency's figures, …", "…, per the ministry."
    if (t.lower === "per" && (i === 0 || toks[i - 1]!.text === ",") && toks[i + 1] && !/^\d/.test(toks[i + 1]!.text)) {
      const np = npRight(toks, i + 1);
      if (np && toks[np.last]!.lower !== "cent") candidates.push({ speaker: np, cue: spanOf(toks, i, i), inQuote: t.inQuote });
      continue;
    }
    if (HEARSAY_ADVERBS.has(t.lower)) {
      candidates.push({ speaker: null, cue: spanOf(toks, i, i), inQuote: t.inQuote });
      continue;
    }
    if (t.lower === "rumor" || t.lower === "rumour") {
      if (toks[i + 1]?.lower === "has" && toks[i + 2]?.lower === "it") {
        candidates.push({ speaker: null, cue: spanOf(toks, i, i + 2), inQuote: t.inQuote });
      }
      continue;
    }
    // "Lawmakers expressed concern that …", "voiced hope that …"
    if ((t.lemma === "express" || t.lemma === "voice") && t.pos === "VERB" && hasThatComplement2(toks, i)) {
      const subj = subjectLeft(toks, i);
      if (subj?.np && !subj.passive && acceptableSpeaker(toks, subj.np)) {
        candidates.push({ speaker: subj.np, cue: spanOf(toks, i, i), inQuote: t.inQuote });
      }
      continue;
    }
    // "X made (it) clear (that)", "X made plain"
    if (t.lemma === "make" && t.pos === "VERB") {
      let k = i + 1;
      if (toks[k]?.lower === "it") k++;
      if (toks[k] && (toks[k]!.lower === "clear" || toks[k]!.lower === "plain" || toks[k]!.lower === "known")) {
        const subj = subjectLeft(toks, i);
        if (subj && acceptableSpeaker(toks, subj.np)) {
          candidates.push({ speaker: subj.np, cue: spanOf(toks, i, k), inQuote: t.inQuote });
        }
      }
      continue;
    }
    // "Zelensky and his government see these demands as …": a stated view.
    if (t.lemma === "see" && t.pos === "VERB" && !t.inQuote) {
      const as = toks.findIndex((w, k) => k > i + 1 && k <= i + 7 && w.lower === "as");
      const subj = as > 0 ? subjectLeft(toks, i) : null;
      if (subj?.np && !subj.passive && acceptableSpeaker(toks, subj.np) && toks[subj.np.last]!.pos !== "PRON") {
        candidates.push({ speaker: subj.np, cue: spanOf(toks, i, i), inQuote: false });
      }
      continue;
    }
    const verb = reportingVerb(toks, i);
    if (!verb) continue;
    const c = candidateForVerb(a, i);
    if (c) candidates.push(c);
  }
  const headline = headlineSpeaker(a);
  if (headline) candidates.push(headline);
  if (candidates.length === 0) return null;
  // Outside quotation marks beats inside (the quoted speaker's own reports); a speaker beats none.
  const rank = (c: Candidate) => (c.inQuote ? 2 : 0) + (c.speaker ? 0 : 1);
  let best = candidates[0]!;
  for (const c of candidates) if (rank(c) < rank(best)) best = c;
  if (best.inQuote && a.quotedShare >= 0.5) return null; // a quotation that reports someone else
  return best;
}

function reportingVerb(toks: Token[], i: number): boolean {
  const t = toks[i]!;
  if (!hasReportingStem(t)) return false;
  if (t.pos !== "VERB") {
    // The tagger sometimes reads a cue as a noun or adjective ("officials now claim", "the prosecutor
    // alleged that"): accept it between a nominal subject and "that" or a clause.
    const prevTok = toks[i - 1];
    const nextTok = toks[i + 1];
    const thatClause = nextTok?.lower === "that" && nextTok.pos === "SCONJ" && (prevTok?.pos === "NOUN" || prevTok?.pos === "PROPN" || prevTok?.pos === "PRON");
    if (thatClause && (t.pos === "ADJ" || t.pos === "NOUN")) return true;
    if (!(t.pos === "NOUN" && /^(?:claim|say|warn|insist|argue|note|report|show|suggest|indicate|believe|expect|think|fear|estimate|project|predict)s?$/.test(t.lower))) return false;
    const prev = toks[i - 1];
    if (!prev || !(prev.pos === "NOUN" || prev.pos === "PROPN" || prev.pos === "ADV" || prev.pos === "PRON")) return false;
    const next = toks[i + 1];
    if (!next || !(next.lower === "that" || next.pos === "DET" || next.pos === "PRON" || next.pos === "PROPN" || next.pos === "NOUN")) return false;
  }
  const prev = toks[i - 1]?.lower;
  const next = toks[i + 1]?.lower;
  // Part of a hyphenated compound ("comment-equal"), not a verb.
  if (toks[i + 1]?.text === "-" && toks[i + 1]!.start === t.end) return false;
  // Idioms that are not reports: "needless to say", "that is to say", "time will tell", "worth noting".
  if (t.lemma === "say" && (prev === "to" || prev === "let's" || (prev === "'s" && toks[i - 2]?.lower === "let"))) return false;
  if (t.lemma === "tell" && (prev === "to" || toks[i - 2]?.lower === "time")) return false;
  if (prev === "worth" || (prev === "to" && toks[i - 2]?.lower === "worth")) return false;
  if (t.lemma === "claim") {
    // "The attack claimed 20 lives", "claimed the title": taking, not saying.
    let k = i + 1;
    while (toks[k] && (toks[k]!.pos === "NUM" || toks[k]!.pos === "DET" || toks[k]!.pos === "ADJ" || toks[k]!.pos === "PRON")) k++;
    if (toks[k] && CLAIMED_THINGS.has(toks[k]!.lemma)) return false;
  }
  if (t.lemma === "call" && !(next === "for" || next === "on" || next === "it" || callsSomethingSomething(toks, i))) return false;
  if (t.lemma === "rule" && next !== "that" && next !== "out") return false;
  if (t.lemma === "post" && next !== "on" && next !== "that" && next !== ":") return false;
  return true;
}

/**
 * The token's lemma or form is a reporting verb, or, for a token not tagged VERB, its form without
 * a past or third-person ending ("alleged", "claims" read as adjective or noun).
 */
function hasReportingStem(t: Token): boolean {
  if (REPORTING_VERBS.has(t.lemma) || REPORTING_VERBS.has(t.lower)) return true;
  if (t.pos === "VERB") return false;
  const w = t.lower;
  if (w.endsWith("d")) return REPORTING_VERBS.has(w.replace(/e?d$/, "")) || REPORTING_VERBS.has(w.slice(0, -1));
  return w.endsWith("s") && REPORTING_VERBS.has(w.slice(0, -1));
}

/** "Critics called the plan a giveaway": call + object + a second noun phrase naming it. */
function callsSomethingSomething(toks: Token[], i: number): boolean {
  const object = npRight(toks, i + 1);
  if (!object) return false;
  const next = toks[object.last + 1];
  if (next !== undefined && OPEN_QUOTE.test(next.text)) return true; // called the ruling “disappointing”
  return next !== undefined && (next.pos === "DET" || next.pos === "ADJ") && npRight(toks, object.last + 1) !== null;
}

function candidateForVerb(a: Analysis, i: number): Candidate | null {
  const toks = a.tokens;
  const t = toks[i]!;
  let cue = spanOf(toks, i, i);
  if ((t.lemma === "point" || t.lemma === "call") && (toks[i + 1]?.lower === "out" || toks[i + 1]?.lower === "for")) cue = spanOf(toks, i, i + 1);
  const isGerund = /ing$/.test(t.lower) && t.lemma !== t.lower;
  const prevTok = toks[i - 1];

  // Participle hanging off the main clause: "Rubio left, saying …", "by saying", "was quoted as saying".
  if (isGerund && prevTok && PARTICIPLE_LEADS.has(prevTok.lower)) {
    const subj = mainClauseSubject(toks, i);
    if (!subj && !hasComplement(toks, i)) return null;
    if (subj && !acceptableSpeaker(toks, subj)) return null;
    return { speaker: subj, cue, inQuote: t.inQuote };
  }
  if (isGerund && !(prevTok && BE_FORMS.has(prevTok.lower)) && !(prevTok && VERB_ADVERBS.has(prevTok.lower))) return null;

  // Speaker after the verb: "…,” said Alex Brideau", "Said Peskov: …", "…, says the ministry."
  if (leftIsBoundary(toks, i)) {
    const np = npRight(toks, i + 1);
    if (np && boundaryAfter(toks, np.last + 1) && acceptableSpeaker(toks, np)) {
      return { speaker: np, cue, inQuote: t.inQuote };
    }
  }

  const subj = subjectLeft(toks, i);
  if (subj?.passive) {
    // "It was reported that …", "as announced by the ministry", "is said to"
    const by = toks[i + 1]?.lower === "by" ? npRight(toks, i + 2) : null;
    if (by) return { speaker: by, cue, inQuote: t.inQuote };
    const head = subj.np ? toks[subj.np.last]! : null;
    const expletive = head?.lower === "it" && (toks[i + 1]?.lower === "that" || toks[i + 1]?.lower === ",");
    const saidTo = (t.lemma === "say" || t.lemma === "report" || t.lemma === "allege") && toks[i + 1]?.lower === "to";
    if (expletive || saidTo) return { speaker: null, cue, inQuote: t.inQuote, passiveNoAgent: true };
    return null;
  }
  if (!subj || !subj.np) {
    // Verb first with no subject: imperative or a fragment; only a parenthetical after a quote counts.
    return null;
  }
  const np = subj.np;
  if (!acceptableSpeaker(toks, np)) return null;
  const head = toks[headOf(toks, np)]!;
  const lemma = t.lemma;
  if (lemma === "find" || lemma === "show") {
    if (!DOCUMENT_NOUNS.has(head.lemma) && !hasThatComplement(toks, i)) return null;
  } else if (lemma === "suggest" || lemma === "indicate") {
    if (DEMONSTRATIVE.has(head.lower) || (head.pos !== "NOUN" && head.pos !== "PROPN" && head.pos !== "PRON")) return null;
    if (DEMONSTRATIVE.has(toks[np.first]!.lower) && !hasThatComplement(toks, i)) return null;
  } else if (NEEDS_COMPLEMENT.has(lemma) && !isBelief(lemma) && lemma !== "call" && !hasComplement(toks, i) && !isParenthetical(toks, i, np)) {
    return null;
  } else if (isBelief(lemma) && DEMONSTRATIVE.has(head.lower)) {
    return null;
  }
  return { speaker: np, cue, inQuote: t.inQuote };
}

function isBelief(lemma: string): boolean {
  return ["believe", "think", "expect", "fear", "doubt", "worry", "suspect", "hope", "reckon"].includes(lemma);
}

/** A speaker is a third party: not the writer ("I think", "we believe") nor the reader. */
function acceptableSpeaker(toks: Token[], np: NP | null): boolean {
  if (!np) return true;
  if (np.first === np.last) {
    const w = toks[np.first]!;
    if (!w.inQuote && (FIRST_PERSON.has(w.lower) || SECOND_PERSON.has(w.lower))) return false;
    if (NOT_SOURCES.has(w.lower)) return false;
  }
  // An NP with no noun, name or pronoun at its head is not a source.
  const head = toks[np.last]!;
  return head.pos === "NOUN" || head.pos === "PROPN" || head.pos === "PRON" || head.pos === "NUM" || head.pos === "ADJ";
}

/** Within the clause after the verb: "that", "whether", ":", an opening quote, or "to" + verb. */
function hasComplement(toks: Token[], i: number): boolean {
  for (let k = i + 1; k < Math.min(toks.length, i + 10); k++) {
    const w = toks[k]!;
    if (COMPLEMENT_OPENERS.has(w.lower) && !(w.lower === "that" && w.pos === "DET")) return true;
    if (OPEN_QUOTE.test(w.text) && !w.inQuote) return true;
    if (/^[“«„]$/.test(w.text)) return true;
    if (w.lower === "." || w.lower === ";" || w.lower === "?" || w.lower === "!") return false;
    if (w.pos === "VERB" && k > i + 1 && toks[k - 1]!.lower !== "to") {
      // A finite verb after a subject: a bare content clause ("told the BBC the decision had been").
      return toks[k - 1]!.pos === "NOUN" || toks[k - 1]!.pos === "PROPN" || toks[k - 1]!.pos === "PRON" || toks[k - 1]!.pos === "AUX";
    }
    if (w.pos === "AUX" && k > i + 1 && (toks[k - 1]!.pos === "NOUN" || toks[k - 1]!.pos === "PROPN" || toks[k - 1]!.pos === "PRON")) return true;
  }
  return false;
}

/** "expressed (deep) concern that": a feeling noun followed by a that-clause. */
function hasThatComplement2(toks: Token[], i: number): boolean {
  for (let k = i + 1; k < Math.min(toks.length, i + 5); k++) {
    if (toks[k]!.lower === "that" || toks[k]!.lower === "about" || toks[k]!.lower === "over") return k > i + 1;
  }
  return false;
}

function hasThatComplement(toks: Token[], i: number): boolean {
  for (let k = i + 1; k < Math.min(toks.length, i + 4); k++) if (toks[k]!.lower === "that") return true;
  return false;
}

/** "…,” Brideau added, “…”" or "The agreement, the ministry claimed, would …": the cue sits between commas/quotes. */
function isParenthetical(toks: Token[], i: number, np: NP): boolean {
  const before = toks[np.first - 1];
  const after = toks[i + 1];
  // Right after a quotation the quotation is the content: "“…,” Sybiha wrote in a post on Telegram."
  if (before !== undefined && CLOSE_QUOTE.test(before.text)) return true;
  const beforeOk = before !== undefined && before.text === ",";
  const afterOk = after === undefined || after.text === "," || after.text === "." || OPEN_QUOTE.test(after.text) || after.text === ";" || after.text === "—";
  return beforeOk && afterOk;
}

function leftIsBoundary(toks: Token[], i: number): boolean {
  if (i === 0) return true;
  const p = toks[i - 1]!;
  return p.text === "," || CLOSE_QUOTE.test(p.text) || p.text === ":" || p.text === "—" || p.text === "(";
}

function boundaryAfter(toks: Token[], k: number): boolean {
  const w = toks[k];
  if (!w) return true;
  return w.pos === "PUNCT" || OPEN_QUOTE.test(w.text) || w.lower === "in" || w.lower === "on" || w.lower === "at" || w.lower === "who" || w.lower === "when";
}

/**
 * The noun phrase ending just before position i, skipping auxiliaries and adverbs between it and
 * the verb ("Rubio had previously warned"), an apposition ("Maria Zakharova, Russian MFA
 * Spokesperson, threatened") and a relative pronoun ("Witkoff, who also said").
 */
function subjectLeft(toks: Token[], i: number): { np: NP | null; passive: boolean } | null {
  let j = i - 1;
  let passive = false;
  const verb = toks[i]!;
  while (j >= 0) {
    const w = toks[j]!;
    if (w.pos === "AUX" || (AUX_SKIP.has(w.lower) && w.pos !== "PART")) {
      if (BE_FORMS.has(w.lower) || w.lemma === "be") {
        // "was warned" / "is expected" is passive; "is warning" is progressive.
        if (!/ing$/.test(verb.lower) && j === i - 1 - countAdverbs(toks, j + 1, i)) passive = passive || verbIsParticiple(verb);
      }
      j--;
      continue;
    }
    if ((w.pos === "ADV" && w.lower !== "there" && !RELATIVE.has(w.lower)) || VERB_ADVERBS.has(w.lower)) {
      j--;
      continue;
    }
    break;
  }
  if (j < 0) return passive ? { np: null, passive } : null;
  let w = toks[j]!;
  if (RELATIVE.has(w.lower) && (w.pos === "PRON" || w.pos === "DET" || w.pos === "SCONJ")) {
    if (w.lower === "that" && toks[j - 1]?.text !== ",") {
      // "the plan that Russia said …" has the subject after "that"; "that" right before the verb is
      // a relative pronoun only after a noun ("officials that said").
      if (!(toks[j - 1]?.pos === "NOUN")) return null;
    }
    j--;
    if (toks[j]?.text === ",") j--;
    if (j < 0) return null;
    w = toks[j]!;
  }
  if (w.text === ",") {
    // Apposition: find the comma that opens it and take the NP before that.
    for (let k = j - 1; k >= 0 && k >= j - 14; k--) {
      const x = toks[k]!;
      if (x.text === "," || x.text === "(") {
        const np = npLeft(toks, k - 1);
        if (np && (np.first === 0 || isClauseBoundary(toks[np.first - 1]!))) return { np, passive };
        break;
      }
      if (x.pos === "PUNCT" && x.text !== "-" && x.text !== "." && x.text !== "'") break;
    }
    // "Nine children …, regional authorities said": not reached (j is a noun there). A lone comma
    // means the verb opens a parenthetical with no subject before it.
    return null;
  }
  const np = npLeft(toks, j);
  if (!np) return null;
  // "and Putin and Lavrov said": join coordinated names.
  const conj = toks[np.first - 1];
  if (conj && conj.lower === "and" && np.first >= 2) {
    const other = npLeft(toks, np.first - 2);
    if (other && (toks[other.last]!.pos === "PROPN" || toks[other.last]!.pos === "NOUN") && toks[np.last]!.pos !== "PRON") {
      return { np: { first: other.first, last: np.last }, passive };
    }
  }
  return { np, passive };
}

function countAdverbs(toks: Token[], from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (toks[k]!.pos === "ADV" || VERB_ADVERBS.has(toks[k]!.lower)) n++;
  return n;
}

function verbIsParticiple(verb: Token): boolean {
  return /(?:ed|en|wn|ld|id|ght|ught|ound|own|old)$/.test(verb.lower) && verb.lower !== verb.lemma;
}

function isClauseBoundary(w: Token): boolean {
  return w.pos === "PUNCT" || w.pos === "CCONJ" || w.pos === "SCONJ" || w.lower === "that" || OPEN_QUOTE.test(w.text) || CLOSE_QUOTE.test(w.text);
}

/** Longest plausible noun phrase ending at j (inclusive), scanning left. */
function npLeft(toks: Token[], j: number): NP | null {
  const head = toks[j];
  if (!head) return null;
  if (head.pos === "PRON") {
    if (RELATIVE.has(head.lower) || head.lower === "what") return null;
    return { first: j, last: j };
  }
  const before = toks[j - 1];
  const nominalAdj = head.pos === "ADJ" && (/s$/.test(head.lower) || (before !== undefined && (before.pos === "NOUN" || before.pos === "PROPN" || before.pos === "DET")));
  if (!(head.pos === "NOUN" || head.pos === "PROPN" || head.pos === "NUM" || nominalAdj)) {
    // "The Pentagon said", "Critics say"; an adjective is a head only where a noun is expected
    // ("The police chief said", tagged ADJ by the model; "Democrats" as ADJ).
    return null;
  }
  let first = j;
  let k = j - 1;
  let length = 1;
  while (k >= 0 && length < 9) {
    const w = toks[k]!;
    if (w.pos === "PROPN" || w.pos === "NOUN" || w.pos === "ADJ" || w.pos === "NUM") {
      first = k;
    } else if (w.pos === "DET" || (w.pos === "PRON" && /^(?:his|her|their|its|our|my|your)$/.test(w.lower))) {
      first = k;
      // A determiner normally opens the phrase, unless a possessive or "of" comes before it.
      const before = toks[k - 1];
      if (!(before && (before.lower === "of" || before.pos === "PART"))) break;
    } else if (w.pos === "PART" && (w.lower === "'s" || w.lower === "'")) {
      first = k;
    } else if ((w.text === "-" || w.text === "." || w.text === "&") && k > 0 && toks[k - 1]!.end === w.start && w.end === toks[k + 1]!.start) {
      first = k;
    } else if (w.pos === "ADP" && NP_ADP.has(w.lower) && k > 0 && (toks[k - 1]!.pos === "NOUN" || toks[k - 1]!.pos === "PROPN")) {
      first = k;
    } else {
      break;
    }
    if (w.inQuote !== head.inQuote) break;
    k--;
    length++;
  }
  // Never start on a preposition or possessive marker.
  while (first < j && (toks[first]!.pos === "ADP" || toks[first]!.pos === "PART")) first++;
  return { first, last: j };
}

/** The noun phrase starting at k, scanning right ("said Alex Brideau", "according to the Kremlin"). */
function npRight(toks: Token[], k: number): NP | null {
  const start = toks[k];
  if (!start) return null;
  if (start.pos === "PRON" && !RELATIVE.has(start.lower)) {
    if (/^(?:his|her|their|its|our|my|your)$/.test(start.lower)) {
      // possessive: "according to his spokesman"
    } else return { first: k, last: k };
  }
  let last = -1;
  let m = k;
  while (m < toks.length && m - k < 10) {
    const w = toks[m]!;
    if (w.pos === "PROPN" || w.pos === "NOUN" || w.pos === "NUM") last = m;
    else if (w.pos === "ADJ" || w.pos === "DET" || (w.pos === "PRON" && /^(?:his|her|their|its|our|my|your)$/.test(w.lower))) {
      // modifiers before the head
    } else if (w.pos === "PART" && (w.lower === "'s" || w.lower === "'")) {
      // possessive inside the phrase
    } else if ((w.text === "-" || w.text === "." || w.text === "&") && m > k && toks[m - 1]!.end === w.start) {
      // hyphenated or dotted names
    } else if (w.pos === "ADP" && NP_ADP.has(w.lower) && last === m - 1 && (toks[m + 1]?.pos === "PROPN" || toks[m + 1]?.pos === "DET" || toks[m + 1]?.pos === "NOUN")) {
      // "the head of the IAEA"
    } else break;
    m++;
  }
  if (last < 0) return null;
  return { first: k, last };
}

/**
 * The subject of the sentence's main clause, for participles that hang off it
 * ("Rubio left London on Tuesday, saying …"). Takes the subject of the first finite verb.
 */
function mainClauseSubject(toks: Token[], before: number): NP | null {
  for (let v = 1; v < before; v++) {
    const w = toks[v]!;
    if (w.inQuote) continue;
    if (!(w.pos === "VERB" || w.pos === "AUX")) continue;
    if (/ing$/.test(w.lower) && w.pos === "VERB") continue; // "Speaking in Paris, …"
    const subj = subjectLeft(toks, v);
    if (subj?.np) return subj.np;
  }
  return null;
}

/** "Zelensky: “We will not give up.”" */
function headlineSpeaker(a: Analysis): Candidate | null {
  const toks = a.tokens;
  const colon = toks.findIndex((t) => t.text === ":");
  if (colon < 1 || colon > 5) return null;
  const after = toks[colon + 1];
  if (!after || !OPEN_QUOTE.test(after.text)) return null;
  const np = npLeft(toks, colon - 1);
  if (!np || np.first !== 0 || toks[np.last]!.pos !== "PROPN") return null;
  return { speaker: np, cue: { start: toks[colon]!.start, end: toks[colon]!.end }, inQuote: false };
}

function isQuotedSpeech(a: Analysis, context?: AttributionContext): boolean {
  if (a.tokens.length === 0) return false;
  if (a.quotes.some((q) => q.openBefore)) return true;
  const firstWord = a.tokens.find((t) => /[\p{L}\p{N}]/u.test(t.text));
  const opensWithQuote = firstWord !== undefined && firstWord.inQuote && a.quotes[0] !== undefined && a.quotes[0].start <= 3;
  if (opensWithQuote && a.quotedShare >= 0.6) return true;
  if (context?.insideQuote) return true;
  if (context?.previous !== undefined && context.insideQuote === undefined) {
    const pq = analyze(context.previous).quotes;
    const last = pq[pq.length - 1];
    if (last?.openAfter) return true;
  }
  return false;
}

function speakerFromContext(context?: AttributionContext): string | null {
  if (!context) return null;
  if (context.previousSpeaker && !isPronoun(context.previousSpeaker)) return context.previousSpeaker;
  if (context.previous !== undefined) {
    const prev = detectAttribution(context.previous);
    if (prev.speaker && !isPronoun(prev.speaker)) return prev.speaker;
  }
  return null;
}

function resolvePronoun(pronoun: string, context?: AttributionContext): string | null {
  const carried = speakerFromContext(context);
  if (carried) return carried;
  if (context?.previous === undefined) return null;
  // No speaker in the previous sentence: its main-clause subject ("Zelensky arrived … . He said …").
  const a = analyze(context.previous);
  const np = mainClauseSubject(a.tokens, a.tokens.length);
  if (!np) return null;
  const head = a.tokens[headOf(a.tokens, np)]!;
  if (head.pos === "PRON") return null;
  if ((pronoun === "he" || pronoun === "she") && head.pos !== "PROPN") return null;
  return a.text.slice(a.tokens[np.first]!.start, a.tokens[np.last]!.end);
}

/** The head of a noun phrase: its last word before any preposition ("The head of the IAEA" -> "head"). */
function headOf(toks: Token[], np: NP): number {
  for (let k = np.first + 1; k <= np.last; k++) if (toks[k]!.pos === "ADP") return k - 1;
  return np.last;
}

function isPronoun(s: string): boolean {
  return /^(?:he|she|they|it|him|her|them)$/i.test(s.trim());
}

function spanOf(toks: Token[], from: number, to: number): Span {
  return { start: toks[from]!.start, end: toks[to]!.end };
}
