// fast-check generators of article-like and hostile Unicode text, for the segmentation and
// anchor property tests. Every generated text is storable (lib/schemas/common.ts): no NUL and no
// lone surrogate, so it is text an import could really receive.
import fc from "fast-check";

/**
 * A fixed seed keeps CI deterministic; FUZZ_RUNS (and FUZZ_SEED) explore further, e.g.
 * `FUZZ_RUNS=20000 npx vitest run --project unit tests/unit/segmentation.property.test.ts`.
 */
export function fuzz(defaultRuns: number): { numRuns: number; seed: number } {
  const runs = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns, seed: Number.isInteger(seed) ? seed : 20_250_423 };
}

/** A property's time budget grows with FUZZ_RUNS; vitest's 5 s default would cut long runs short. */
export function fuzzTimeout(defaultRuns: number): number {
  return Math.max(30_000, (fuzz(defaultRuns).numRuns / defaultRuns) * 30_000);
}

const storable = (s: string) => s.replaceAll("\u0000", "");

// ---- pieces ------------------------------------------------------------------------------

const LOWER_WORDS = [
  "the", "talks", "said", "minister", "ceasefire", "of", "in", "to", "and", "a", "was", "were", "on", "troops",
  "agreed", "peace", "after", "that", "it", "is", "not", "report", "claimed", "about", "than", "percent",
];
const NAMES = ["Kyiv", "Zelensky", "Smith", "Europe", "Moscow", "Washington", "Ukrinform", "Reuters", "NATO", "Brussels"];
const STARTERS = ["The", "But", "It", "He", "She", "They", "In", "However", "A", "This", "We", "No", "One", "Officials"];
const NUMBERS = ["3.5", "1.000.000", "10.30", "2025", "v2.0", "$4.5bn", "1,200", "No. 10", "pp. 4", "0.5%", "12.", "3rd", "١٢٣", "٣٫٥"];
const ABBREVIATIONS = ["U.S.", "U.K.", "U.N.", "Mr.", "Dr.", "Gen.", "Sen.", "e.g.", "i.e.", "etc.", "a.m.", "p.m.", "J.", "J. R. R.", "St.", "Inc.", "Jan.", "Sept.", "vs.", "No."];
const COMBINING = ["Zoe\u0308", "cafe\u0301", "n\u0303o", "Ðe\u0300\u0323", "a\u030a", "Ama\u0301lie", "s\u0327a", "Ǹ", "Pho\u031b\u0309"];
const PRECOMPOSED = ["café", "naïve", "Zoë", "Ærø", "ß", "İstanbul", "Łódź", "Ґленн", "Київ", "Αθήνα", "Ελλάδα", "Москва"];
const ASTRAL = ["😀", "🎉", "🔥", "🌻", "💪🏽", "👍🏻", "𝐀𝐁𝐂", "𝑥", "𝔘𝔫𝔦", "𝟙𝟚", "𠀋𠀎", "𐌰𐌱", "🀄", "𝄞"];
const ZWJ_SEQUENCES = ["👨‍👩‍👧‍👦", "🏳️‍🌈", "👩🏽‍💻", "🧑‍🤝‍🧑", "❤️‍🔥", "🏴‍☠️", "👁️‍🗨️", "🐻‍❄️"];
const FLAGS = ["🇺🇦", "🇺🇸", "🇬🇧", "🇪🇺", "🇫🇷", "🇩🇪"];
const OTHER_EMOJI = ["1️⃣", "#️⃣", "©️", "™", "☘️", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "✌🏿"];
const ARABIC = ["السلام", "مرحبا", "الأمم", "المتحدة", "قال", "الوزير", "غزة", "؟", "،"];
const HEBREW = ["שלום", "ירושלים", "הכנסת", "אמר", "השר"];
const OTHER_SCRIPTS = ["नमस्ते", "हिन्दी", "ภาษาไทย", "ทำ", "東京", "北京市", "한국어", "ქართული", "Հայաստան"];
const LINKS = ["example.com", "https://t.co/AbC123", "pic.twitter.com/x1", "www.bbc.co.uk/news", "@FAB87F", "#Ukraine", "e-mail", "U.S.-led"];
const DASHES = ["—", "–", "-", "―"];
/** Bidi controls that wrap right-to-left text in real pasted articles. */
const BIDI_WRAPS: [string, string][] = [["\u200f", "\u200f"], ["\u200e", ""], ["\u202b", "\u202c"], ["\u2067", "\u2069"], ["\u2068", "\u2069"], ["\u061c", ""], ["", ""]];
const QUOTES: [string, string][] = [["“", "”"], ["‘", "’"], ["\"", "\""], ["'", "'"], ["(", ")"], ["[", "]"], ["«", "»"], ["„", "“"], ["‹", "›"], ["¿", "?"]];
const TERMINATORS = [".", ".", ".", ".", "?", "!", "…", "...", "?!", "!!", "‽", ". . . .", ". . .", ".)", ".”", "?”", "!’", ".»", ".’”", "…”", "?)", ".\"", ". . . .”", ".]"];
const TRAILING_DECORATION = [" 🎉", " 🇺🇦🇺🇦", " 💪🏽", " 👨‍👩‍👧‍👦", " 🎉!", " :)", " ...", " . . .", " *", " ”", " —", " ?!"];
/** White space inside a line: mostly a plain space, sometimes the others JS counts as \s. */
const SPACES = [" ", " ", " ", " ", " ", " ", "  ", "\u00a0", "\u2009", "\u202f", "\u3000", "\t", "\u2002", "\u205f", "\u1680", " \u00a0", "\u000b", "\u000c", "\ufeff"];
const LINE_ENDS = ["\n", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\u2028", "\u2029", "\n \n", "\n\t\n"];
/**
 * Characters that combine with, or are easily mangled next to, their neighbours: combining marks,
 * joiners, variation selectors, skin tones, Prepend marks (U+0600, U+0D4E), Thai SARA AM, lone
 * regional indicators, bidi controls, zero-width space, controls JS does not call white space.
 */
export const HOSTILE = [
  "\u0301", "\u0308", "\u20e3", "\u093f", "\u0903", "\u200d", "\u200c", "\ufe0f", "\ufe0e", "🏽", "\u{e0067}", "\u0600",
  "\u0605", "\u0d4e", "\u{110bd}", "\u0e33", "🇺", "🇦", "\u200f", "\u202e", "\u2066", "\u200b", "\u0085", "\u0007", "\u00ad",
  "\u034f", "\u180e", "\ufffd", "\u{10ffff}", "\u{e0001}", "\u1160", "\u11a8", "\u1100",
];

// ---- words and sentences -----------------------------------------------------------------

const pick = (xs: readonly string[]) => fc.constantFrom(...xs);

const letterWithMarks = fc
  .tuple(fc.constantFrom(..."aeiouncszAEIOUNC"), fc.array(fc.constantFrom("\u0300", "\u0301", "\u0302", "\u0303", "\u0308", "\u030a", "\u0323", "\u0327", "\u031b"), { minLength: 1, maxLength: 4 }))
  .map(([l, marks]) => l + marks.join(""));
const flagRow = fc.array(pick(FLAGS), { minLength: 1, maxLength: 24 }).map((fs) => fs.join(""));
const rtlWord = fc
  .tuple(fc.constantFrom(...BIDI_WRAPS), fc.oneof(pick(ARABIC), pick(HEBREW)), fc.oneof(fc.constant(""), pick(ARABIC).map((w) => " " + w)))
  .map(([[open, close], word, more]) => open + word + more + close);

export const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 24, arbitrary: pick(LOWER_WORDS) },
  { weight: 5, arbitrary: pick(NAMES) },
  { weight: 3, arbitrary: pick(NUMBERS) },
  { weight: 3, arbitrary: pick(ABBREVIATIONS) },
  { weight: 3, arbitrary: pick(COMBINING) },
  { weight: 2, arbitrary: fc.tuple(fc.stringMatching(/^[a-z]{0,4}$/), letterWithMarks, fc.stringMatching(/^[a-z]{0,4}$/)).map((p) => p.join("")) },
  { weight: 3, arbitrary: pick(PRECOMPOSED) },
  { weight: 3, arbitrary: pick(ASTRAL) },
  { weight: 2, arbitrary: pick(ZWJ_SEQUENCES) },
  { weight: 2, arbitrary: flagRow },
  { weight: 1, arbitrary: pick(OTHER_EMOJI) },
  { weight: 3, arbitrary: rtlWord },
  { weight: 2, arbitrary: pick(OTHER_SCRIPTS) },
  { weight: 2, arbitrary: pick(LINKS) },
  { weight: 1, arbitrary: pick(DASHES) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...QUOTES), pick(LOWER_WORDS)).map(([[o, c], w]) => o + w + c) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9]{1,12}$/) },
);

const space = pick(SPACES);

/** Words joined by white space, the first capitalised, opened or not by a quote. */
const words = (min: number, max: number) =>
  fc.array(fc.tuple(word, space), { minLength: min, maxLength: max }).map((ws) => ws.map(([w, s], i) => (i === ws.length - 1 ? w : w + s)).join(""));

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const sentence: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: pick(STARTERS) }, { weight: 2, arbitrary: word.map(capitalise) }, { weight: 1, arbitrary: word }),
    space,
    words(0, 16),
    fc.oneof({ weight: 12, arbitrary: pick(TERMINATORS) }, { weight: 1, arbitrary: fc.constant("") }),
    fc.oneof({ weight: 8, arbitrary: fc.constant("") }, { weight: 1, arbitrary: pick(TRAILING_DECORATION) }),
    fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...QUOTES) }),
  )
  .map(([first, sp, rest, end, decoration, quote]) => {
    const body = rest ? first + sp + rest : first;
    return quote ? `${quote[0]}${body}${end}${quote[1]}${decoration}` : body + end + decoration;
  });

const titleCaseHeading = fc
  .array(fc.oneof(pick(NAMES), pick(STARTERS), pick(LOWER_WORDS).map(capitalise), pick(["of", "the", "and", "in", "to"])), { minLength: 1, maxLength: 9 })
  .chain((ws) => fc.constantFrom("", ":", "?", ".", "!").map((end) => ws.join(" ") + end));
const credit = fc.tuple(pick(NAMES), pick(NAMES), fc.constantFrom("/", " / ", " via ")).map(([a, b, sep]) => `${a} ${b}${sep}REUTERS`);
const listItem = fc.tuple(fc.nat(400), words(1, 3)).map(([n, ws]) => `${n} ${ws}`);
/** Labels of items in a list written on one line ("1.) one 2.) two", "a. one b. one", "• 9. one • 10. two"). */
const LIST_LABELS: ((i: number) => string)[] = [
  (i) => `${i + 1}.)`, (i) => `${i + 1})`, (i) => `${i + 1}.`, (i) => `${"abcdefgh"[i]}.`,
  (i) => `${["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"][i]}.`, () => "•", (i) => `⁃${i + 9}.`, (i) => `• ${i + 9}.`,
];
const inlineList = fc
  .tuple(
    fc.constantFrom(...LIST_LABELS),
    fc.array(fc.tuple(sentence, fc.boolean()), { minLength: 1, maxLength: 5 }),
    space,
  )
  .map(([label, items, sp]) => items.map(([s, unpunctuated], i) => `${label(i)}${sp}${unpunctuated ? s.replace(/[^\p{L}\p{N}]+$/u, "") : s}`).join(" "));
const tweetSignature = fc
  .tuple(sentence, fc.constantFrom("—", "–"), pick(NAMES), fc.stringMatching(/^\w{1,15}$/), fc.constantFrom("April", "Jan.", "May"), fc.integer({ min: 1, max: 31 }))
  .map(([s, dash, name, handle, month, day]) => `${s} ${dash} ${name} (@${handle}) ${month} ${day}, 2025`);
const wordless = fc.constantFrom("* * *", "...", "🎉🎉", "—", "•", "⁂", "🇺🇦🇺🇦🇺🇦", "?!", "(…)", "—\u00a0—");

/** One line of an article: a paragraph of sentences, or a heading, credit, list item, signature. */
export const line: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 10, arbitrary: fc.array(fc.tuple(sentence, space), { minLength: 1, maxLength: 6 }).map((ss) => ss.map(([s, sp], i) => (i === ss.length - 1 ? s : s + sp)).join("")) },
      { weight: 2, arbitrary: titleCaseHeading },
      { weight: 1, arbitrary: credit },
      { weight: 1, arbitrary: listItem },
      { weight: 1, arbitrary: inlineList },
      { weight: 1, arbitrary: tweetSignature },
      { weight: 1, arbitrary: wordless },
      { weight: 1, arbitrary: words(1, 12) },
    ),
    fc.oneof({ weight: 6, arbitrary: fc.constant("") }, { weight: 1, arbitrary: space }),
    fc.oneof({ weight: 6, arbitrary: fc.constant("") }, { weight: 1, arbitrary: space }),
  )
  .map(([body, lead, trail]) => lead + body + trail);

/** Lines joined by a mix of LF, CRLF, CR, blank lines and U+2028/U+2029. */
export const article: fc.Arbitrary<string> = fc
  .array(fc.tuple(line, pick(LINE_ENDS)), { minLength: 1, maxLength: 10 })
  .map((ls) => ls.map(([l, end], i) => (i === ls.length - 1 ? l : l + end)).join(""));

/** An article with hostile characters inserted at random code-point positions. */
export const hostileArticle: fc.Arbitrary<string> = fc
  .tuple(article, fc.array(fc.tuple(fc.nat(), pick(HOSTILE)), { minLength: 1, maxLength: 8 }))
  .map(([text, inserts]) => {
    const cps = [...text];
    for (const [at, ch] of inserts) cps.splice(at % (cps.length + 1), 0, ch);
    return cps.join("");
  });

// ---- random strings ------------------------------------------------------------------------

/** Any code point (fast-check's "binary" unit never yields lone surrogates); NUL removed. */
export const randomBinary = fc.string({ unit: "binary", maxLength: 80 }).map(storable);
/** Any sequence of printable graphemes, multi-code-point ones included. */
export const randomGraphemes = fc.string({ unit: "grapheme", maxLength: 80 });
/** Random text biased towards the characters the segmenter reacts to. */
export const randomMix = fc
  .string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(..."aZ.?!…‽ ”’“\"')(]«»-—", " ", " ", "\n", "\r\n", "\r", "\u2028") },
      { weight: 3, arbitrary: pick(SPACES) },
      { weight: 3, arbitrary: pick(HOSTILE) },
      { weight: 2, arbitrary: word },
      { weight: 2, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }).map(storable) },
    ),
    maxLength: 60,
  });

/** Everything above, mostly article-like. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: article },
  { weight: 3, arbitrary: hostileArticle },
  { weight: 2, arbitrary: randomMix },
  { weight: 1, arbitrary: randomGraphemes },
  { weight: 1, arbitrary: randomBinary },
);

/** Lines without any line break in them, for properties that choose the line ends themselves. */
export const logicalLines: fc.Arbitrary<string[]> = fc.array(
  fc.oneof({ weight: 4, arbitrary: line }, { weight: 1, arbitrary: fc.oneof(randomMix, randomGraphemes, randomBinary) }).map((l) => l.replace(/\r\n?|[\n\u2028\u2029]/g, " ")),
  { minLength: 1, maxLength: 8 },
);
