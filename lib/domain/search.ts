// Pure parts of search (docs/decisions/0011-search.md): which typed words are matched as partial
// words, and how a highlighted claim becomes safe fragments. No I/O; lib/server/search.ts runs the SQL.

/** The claim text is marked up by ts_headline with these private-use characters, never with HTML. */
export const HIT_START = "\uE000";
export const HIT_STOP = "\uE001";
export const FRAGMENT_BREAK = "\uE002";
/** Removed from claim text before highlighting, so a claim cannot forge a hit. */
export const MARKERS = /[\uE000-\uE002]/g;

/** Partial words need 3 characters: below that a trigram index cannot help and nearly everything matches. */
export const MIN_PARTIAL = 3;

export type HighlightFragment = { text: string; hit: boolean };

/** Words as Postgres' parser sees them, near enough: letters (with marks) and digits. */
export function wordsOf(q: string): string[] {
  return q.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/**
 * Whether the query uses web-search syntax ("quoted phrase", or, -word). Such a query is taken
 * exactly as written: the reader asked for whole words, so no word of it is matched as partial.
 */
export function usesOperators(q: string): boolean {
  return /["“”]/.test(q) || /(^|\s)-\S/.test(q) || /\sor\s/i.test(` ${q} `);
}

/**
 * The word matched as a partial word (substring of the claim, by trigram index): the last word of a
 * plain query, as it may still be being typed, when it is long enough.
 */
export function partialWord(q: string): string | null {
  if (usesOperators(q)) return null;
  const words = wordsOf(q);
  const last = words.at(-1);
  // A query that ends in a space or punctuation was finished by the reader.
  if (!last || !/[\p{L}\p{M}\p{N}]$/u.test(q)) return null;
  return [...last].length >= MIN_PARTIAL ? last : null;
}

/**
 * The words Postgres' english configuration drops (stop words like "who", "the", "was") that are
 * long enough to search as substrings: used only when nothing else of the query is left.
 */
export function substringWords(words: string[]): string[] {
  return [...new Set(words.filter((w) => [...w].length >= MIN_PARTIAL).map((w) => w.toLowerCase()))];
}

/** A LIKE pattern matching `word` anywhere (LIKE's own wildcards escaped). */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Splits ts_headline output (hits between HIT_START/HIT_STOP, fragments joined by FRAGMENT_BREAK)
 * into fragments, then marks occurrences of the partial words inside the non-hit text too (ts_headline
 * only knows whole lexemes and prefixes, not "krain" inside "Ukraine"). Adjacent fragments of the
 * same kind are merged; a fragment break becomes " … ".
 */
export function highlightFragments(marked: string, partials: string[] = []): HighlightFragment[] {
  const raw: HighlightFragment[] = [];
  let hit = false;
  let buf = "";
  const flush = () => {
    if (buf) raw.push({ text: buf, hit });
    buf = "";
  };
  for (const ch of marked) {
    if (ch === HIT_START || ch === HIT_STOP) {
      flush();
      hit = ch === HIT_START;
    } else if (ch === FRAGMENT_BREAK) {
      flush();
      raw.push({ text: " … ", hit: false });
    } else buf += ch;
  }
  flush();
  const pattern = partials.length ? new RegExp(partials.map(escapeRegExp).sort((a, b) => b.length - a.length).join("|"), "giu") : null;
  const out: HighlightFragment[] = [];
  const push = (f: HighlightFragment) => {
    if (!f.text) return;
    const prev = out.at(-1);
    if (prev && prev.hit === f.hit) prev.text += f.text;
    else out.push({ ...f });
  };
  for (const f of raw) {
    if (f.hit || !pattern) {
      push(f);
      continue;
    }
    let at = 0;
    for (const m of f.text.matchAll(pattern)) {
      push({ text: f.text.slice(at, m.index), hit: false });
      push({ text: m[0], hit: true });
      at = m.index + m[0].length;
    }
    push({ text: f.text.slice(at), hit: false });
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
