// Deterministic English news-like text for the benchmarks: same (seed, sentences) -> same text.
// Sentence shapes vary on purpose so the segmenter sees its real cases: dotted acronyms (U.S.),
// titles (Dr., Gen.), decimals (3.5), money, quotes with attribution, questions, emoji after "!",
// ellipses, parentheses, months (Jan.), a few title-case headings (not claims) between paragraphs.

/** mulberry32: small, fast, deterministic PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = ["Maria Kovalenko", "James Whitfield", "Aiko Tanaka", "Oleksandr Petrenko", "Fatima Haddad", "Luis Ortega", "Grace Mbeki", "Henrik Larsen", "Priya Raman", "Tomasz Nowak"];
const TITLES = ["Dr.", "Gen.", "Sen.", "Gov.", "Mr.", "Ms.", "Prof."];
const ROLES = ["the finance minister", "a senior official", "the mayor", "an industry analyst", "the company's chief executive", "a spokesperson for the ministry", "the union leader", "a regional governor"];
const PLACES = ["Kyiv", "Brussels", "Washington", "Lagos", "Jakarta", "São Paulo", "Warsaw", "Nairobi", "Ottawa", "Manila", "the capital", "the eastern region"];
const ORGS = ["the U.S. Treasury", "the U.N. Security Council", "the European Commission", "Acme Corp.", "the central bank", "the U.K. Parliament", "the IMF", "the state railway", "the health ministry", "NATO"];
const TOPICS = ["inflation", "grain exports", "the new pipeline", "hospital waiting times", "the border crossing", "energy prices", "the school budget", "rail freight", "the ceasefire talks", "housing starts", "unemployment", "the drought"];
const VERBS = ["rose", "fell", "climbed", "dropped", "stayed flat", "doubled", "slipped", "recovered"];
const UNITS = ["percent", "million tonnes", "billion dollars", "points", "percent year on year", "thousand jobs"];
const MONTHS = ["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.", "March", "April", "June"];
const EMOJI = ["🎉", "🇺🇦", "👍", "🔥", "📈", "🙏🏽", "👨‍👩‍👧"];
const CLAUSES = [
  "according to figures released on Tuesday",
  "despite warnings from opposition lawmakers",
  "the highest level since records began",
  "in a statement posted late on Monday",
  "after weeks of negotiations behind closed doors",
  "although the final numbers may still be revised",
  "citing a report by the national audit office",
  "with most of the increase coming from small towns",
];
const HEADINGS = ["Markets React to the Decision", "What Happens Next", "A Long Road to Recovery", "Inside the Negotiations", "Reaction From the Regions"];

export function makeSentenceFactory(rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const num = () => (rand() < 0.5 ? String(Math.floor(rand() * 90) + 2) : (rand() * 20 + 0.5).toFixed(1));
  const clause = () => (rand() < 0.4 ? `, ${pick(CLAUSES)}` : "");
  const who = () => (rand() < 0.5 ? `${pick(TITLES)} ${pick(PEOPLE)}` : pick(PEOPLE));
  const shapes = [
    () => `${cap(pick(TOPICS))} ${pick(VERBS)} by ${num()} ${pick(UNITS)} in ${pick(MONTHS)} ${Math.floor(rand() * 28) + 1}${clause()}.`,
    () => `“We expect ${pick(TOPICS)} to improve by the end of the year,” said ${who()}, ${pick(ROLES)}.`,
    () => `${who()} told reporters in ${pick(PLACES)} that ${pick(ORGS)} had approved a $${num()} billion package for ${pick(TOPICS)}${clause()}.`,
    () => `Officials at ${pick(ORGS)} said the U.S. and its allies would review ${pick(TOPICS)} again in ${pick(MONTHS)} ${Math.floor(rand() * 28) + 1}.`,
    () => `Is ${pick(TOPICS)} really the main concern for voters in ${pick(PLACES)}?`,
    () => `The vote passed by ${Math.floor(rand() * 200) + 50} to ${Math.floor(rand() * 100) + 10}, and ${pick(ROLES)} called it “a turning point” for ${pick(TOPICS)}!`,
    () => `Supporters gathered outside the parliament in ${pick(PLACES)} on Saturday, waving flags and chanting! ${pick(EMOJI)}`,
    () => `The report (published by ${pick(ORGS)} on ${pick(MONTHS)} ${Math.floor(rand() * 28) + 1}) estimates that ${pick(TOPICS)} will cost about ${num()} ${pick(UNITS)}${clause()}.`,
    () => `${cap(pick(ROLES))} said the figures were “misleading at best,” adding that ${pick(TOPICS)} had worsened for three straight quarters.`,
    () => `Prices for e.g. diesel and fertiliser ${pick(VERBS)} by ${num()} percent, which analysts at ${pick(ORGS)} linked to ${pick(TOPICS)}.`,
    () => `Nobody expected the talks to last this long... ${who()} said on state television that a deal on ${pick(TOPICS)} was close.`,
    () => `In ${pick(PLACES)}, roughly ${num()} percent of households reported problems with ${pick(TOPICS)}, up from ${num()} percent a year earlier.`,
  ];
  return () => pick(shapes)();
}

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/**
 * An article of about `sentences` sentences in paragraphs of 3-7 sentences, with a dateline that
 * carries the seed (so two seeds never give the same text: identical text is refused as duplicate).
 */
export function articleText({ seed, sentences }) {
  const rand = rng(seed);
  const sentence = makeSentenceFactory(rand);
  const paragraphs = [];
  let n = 0;
  paragraphs.push(`Claimdesk benchmark article number ${seed}, filed from ${PLACES[seed % PLACES.length]} with reporting by the newsroom staff.`);
  n++;
  while (n < sentences) {
    if (rand() < 0.06) paragraphs.push(HEADINGS[Math.floor(rand() * HEADINGS.length)]);
    const size = 3 + Math.floor(rand() * 5);
    const para = [];
    for (let i = 0; i < size && n < sentences; i++) {
      const s = sentence();
      para.push(s);
      n += s.includes("... ") ? 2 : 1; // the ellipsis shape is two sentences
    }
    paragraphs.push(para.join(" "));
  }
  return paragraphs.join("\n\n") + "\n";
}

/**
 * Where each sentence sits (code points, end exclusive) in `sentences.join(" ")`: the claim anchors
 * of a seeded document written as its sentences in a row.
 */
export function sentenceSpans(sentences) {
  const starts = [];
  const ends = [];
  let at = 0;
  for (const s of sentences) {
    const len = Array.from(s).length;
    starts.push(at);
    ends.push(at + len);
    at += len + 1;
  }
  return { starts, ends };
}
