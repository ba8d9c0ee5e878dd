/**
 * Closed word classes the detectors look for. Open-class judgements (is this word a noun, a verb,
 * which lemma) come from wink-nlp; sentiment values of single words come from AFINN-165.
 */

/** Verbs of saying, writing and believing that introduce attributed content, by lemma. */
export const REPORTING_VERBS = new Set([
  "say", "tell", "state", "claim", "argue", "insist", "note", "add", "write", "tweet", "post", "warn",
  "announce", "explain", "report", "declare", "assert", "contend", "maintain", "acknowledge", "admit",
  "concede", "deny", "suggest", "stress", "emphasize", "emphasise", "reply", "respond", "answer", "ask",
  "urge", "comment", "remark", "observe", "confirm", "reveal", "disclose", "allege", "predict", "estimate",
  "complain", "recall", "caution", "conclude", "indicate", "promise", "vow", "pledge", "threaten", "accuse",
  "describe", "agree", "propose", "demand", "quip", "joke", "testify", "counter", "retort", "mention",
  "hint", "reiterate", "underscore", "echo", "lament", "boast", "brag", "forecast", "calculate", "question",
  "wonder", "affirm", "assure", "inform", "advise", "proclaim", "tout", "blame", "chant", "shout", "scream",
  "whisper", "exclaim", "swear", "recount", "believe", "think", "expect", "fear", "doubt", "worry",
  "suspect", "reckon", "find", "show", "rule", "call", "concur", "characterize", "characterise", "insinuate",
  "repeat", "speculate", "surmise", "posit", "theorize", "dismiss", "hope", "project",
]);

/**
 * Verbs that are reporting cues only with a complement that carries content ("responded that",
 * "noted:", "wrote on X that") or in a parenthetical after the quotation ("…,” he noted).
 * Without one they are ordinary verbs: "responded with force", "added 12 jobs", "wrote a book".
 */
export const NEEDS_COMPLEMENT = new Set([
  "note", "add", "write", "post", "report", "reply", "respond", "answer", "ask", "observe", "indicate",
  "recall", "agree", "propose", "demand", "counter", "mention", "question", "wonder", "find",
  "show", "rule", "call", "repeat", "conclude", "reveal", "disclose", "project",
  "calculate", "promise", "vow", "pledge", "threaten", "dismiss", "hope",
  "expect", "fear", "doubt", "worry", "suspect", "explain", "confirm", "affirm", "inform", "advise",
  "testify", "joke", "chant", "shout", "scream", "whisper", "swear", "recount", "tout", "complain",
  "comment", "suggest",
]);

/** Subjects that make find/show/indicate/suggest a cue: a document or body that reports. */
export const DOCUMENT_NOUNS = new Set([
  "study", "report", "survey", "poll", "research", "researcher", "analysis", "data", "investigation",
  "review", "inquiry", "audit", "court", "jury", "panel", "scientist", "expert", "analyst", "official",
  "document", "documents", "memo", "assessment", "estimate", "census", "figure", "statistic", "record",
  "evidence", "intelligence", "leak", "comment", "statement", "judge", "commission", "committee",
  "agency", "office", "ministry", "department", "authority", "paper", "letter", "filing", "ruling",
]);

/** Adverbs that may stand between a subject and its reporting verb ("Rubio had previously warned"). */
export const VERB_ADVERBS = new Set([
  "previously", "also", "later", "repeatedly", "publicly", "privately", "reportedly", "then", "again",
  "once", "recently", "now", "long", "earlier", "already", "still", "often", "frequently", "always",
  "never", "not", "n't", "quickly", "firmly", "quietly", "angrily", "flatly", "openly", "separately",
  "subsequently", "initially", "first", "last", "further", "even", "just", "allegedly",
  "apparently", "clearly", "explicitly", "bluntly", "simply", "effectively", "essentially", "conveniently",
  "falsely", "wrongly", "correctly", "rightly", "emphatically", "loudly", "softly", "herself", "himself",
  "themselves", "itself",
]);

/** Content-free adverbs that mark attribution without a named source. */
export const HEARSAY_ADVERBS = new Set(["reportedly", "allegedly", "purportedly", "supposedly", "ostensibly"]);

export const PERSONAL_PRONOUNS = new Set(["he", "she", "they", "it", "i", "we", "you"]);
export const FIRST_PERSON = new Set(["i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"]);
export const SECOND_PERSON = new Set(["you", "your", "yours", "yourself", "yourselves"]);

/** Amplifiers and emphasis markers (Quirk et al.'s intensifiers, plus the usual op-ed ones). */
export const INTENSIFIERS = new Set([
  "very", "really", "truly", "absolutely", "completely", "totally", "utterly", "extremely", "incredibly",
  "remarkably", "hugely", "deeply", "highly", "simply", "clearly", "obviously", "certainly", "surely",
  "indeed", "definitely", "undoubtedly", "entirely", "thoroughly", "exceptionally", "terribly", "awfully",
  "insanely", "ridiculously", "painfully", "desperately", "wildly", "genuinely", "frankly", "honestly",
  "literally", "particularly", "especially", "profoundly", "so", "too", "such", "quite", "even", "ever",
  "way", "far", "plain", "downright", "outright", "sheer", "mere", "merely", "whole", "entire", "only", "just",
]);

/** Hedges, speculation and epistemic modality. */
export const HEDGES = new Set([
  "perhaps", "maybe", "probably", "possibly", "likely", "unlikely", "seemingly", "apparently", "arguably",
  "presumably", "supposedly", "conceivably", "seem", "appear", "suppose", "guess", "suspect", "somewhat",
  "rather", "fairly", "kind", "sort", "might", "may", "could", "would", "perhaps", "doubtless",
  "evidently", "plausibly", "potentially", "hopefully", "unclear", "uncertain",
]);

/** Deontic modality: the writer telling someone what ought to happen. */
export const DEONTIC = new Set(["should", "must", "ought", "shall", "need", "needs"]);

/** Sweeping quantifiers typical of argument rather than report. */
export const GENERALIZERS = new Set([
  "everyone", "everybody", "nobody", "nothing", "everything", "always", "never", "anyone", "anything",
  "none", "no-one", "whatever", "forever", "nowhere", "anywhere", "everywhere",
]);

/**
 * Evaluative adjectives and adverbs that AFINN-165 does not rate but that express a writer's
 * judgement in news commentary.
 */
export const EVALUATIVE = new Set([
  "absurd", "naive", "naïve", "reckless", "shameful", "disastrous", "brilliant", "unserious", "shallow",
  "empty", "delusional", "maximalist", "hollow", "cynical", "pathetic", "laughable", "ludicrous",
  "outrageous", "appalling", "dismal", "abysmal", "farcical", "grotesque", "preposterous", "misguided",
  "wrongheaded", "feckless", "spineless", "incompetent", "inept", "clueless", "dangerous", "irresponsible",
  "unacceptable", "unforgivable", "inexcusable", "deplorable", "despicable", "disgraceful", "embarrassing",
  "humiliating", "pointless", "meaningless", "worthless", "useless", "futile", "hopeless", "bizarre",
  "strange", "odd", "weird", "remarkable", "extraordinary", "stunning", "staggering", "astonishing",
  "shocking", "alarming", "troubling", "worrying", "disturbing", "concerning", "questionable",
  "dubious", "doubtful", "flawed", "fundamental", "crucial", "vital", "essential", "key", "pivotal",
  "historic", "unprecedented", "daunting", "difficult", "hard", "easy", "simple", "complex",
  "complicated", "aggressive", "unyielding", "immovable", "unbreakable", "meaningful", "serious",
  "significant", "important", "real", "true", "false", "wrong", "right", "fair", "unfair", "obvious",
  "clear", "unclear", "bad", "worse", "worst", "good", "better", "best", "great", "greatest", "terrible",
  "horrible", "awful", "wonderful", "excellent", "fantastic", "poor", "weak", "strong", "stronger",
  "tough", "soft", "bold", "brave", "cowardly", "foolish", "stupid", "smart", "wise", "unwise",
  "sensible", "reasonable", "unreasonable", "ridiculous", "silly", "crazy", "insane", "mad", "vague",
  "colossal", "spectacular", "bitter", "overdue", "welcome", "long-overdue", "so-called", "wobbly",
  "ill-timed", "ill-advised", "ill-conceived", "half-baked", "short-sighted", "wrong-headed", "far-fetched",
  "self-serving", "mean-spirited", "tone-deaf", "heavy-handed", "high-handed", "two-faced", "wishy-washy",
  "would-be", "much-needed", "long-awaited", "hard-won", "well-deserved", "ill-fated", "ham-fisted",
  "plausible", "implausible", "realistic", "unrealistic", "delicate", "fragile", "uneasy", "existential",
  "shifting", "unfavorable", "favorable", "devastating", "crystal", "decisive", "harsh", "harshest",
  "sweeping", "hardline", "trusted", "genuine", "desperate", "lasting", "wild", "fresh", "exceptional",
  "cheap", "conveniently", "symbolic", "seriously", "fully", "badly", "mildly", "sadly", "unfortunately",
  "fortunately", "thankfully", "luckily", "ironically", "tragically", "shamefully", "disgracefully",
  "rightly", "wrongly", "foolishly", "wisely", "bravely", "crucially", "admittedly", "mercifully",
  "regrettably", "incredibly", "alarmingly",
]);

/** Greetings, thanks and floor management in speeches and debates. */
export const PHATIC_PATTERNS = [
  /^(?:thank you|thanks|good (?:morning|afternoon|evening|night)|hello|hi\b|welcome|congratulations|ladies and gentlemen|goodbye|good luck|god bless)/i,
  /\b(?:thank you|thanks) (?:very much|so much|all|again|for)\b/i,
  /\b(?:your time is up|time'?s up|let me (?:finish|respond|answer)|(?:great|good|fair) (?:question|point)|excuse me|i'?m sorry|pardon)\b/i,
  /\bit'?s (?:an? )?(?:honou?r|pleasure|privilege) to\b/i,
];

/** Words tied to measurable public facts: economy, budgets, war, health, crime, elections. */
export const STATISTICAL_NOUNS = new Set([
  "job", "tax", "unemployment", "deficit", "debt", "budget", "economy", "percent", "percentage", "rate",
  "spending", "wage", "income", "troop", "casualty", "death", "population", "oil", "price", "inflation",
  "gdp", "crime", "vote", "law", "bill", "legislation", "insurance", "emission", "sanction", "aid",
  "billion", "million", "trillion", "thousand", "dollar", "euro", "pound", "export", "import", "growth",
  "recession", "poverty", "salary", "pension", "funding", "fund", "cost", "revenue", "profit", "loss",
  "share", "average", "median", "majority", "minority", "record", "survey", "poll", "study", "report",
  "data", "census", "election", "ballot", "turnout", "treaty", "agreement", "deal", "ceasefire", "attack",
  "strike", "missile", "drone", "weapon", "nuclear", "army", "military", "soldier", "civilian", "refugee",
  "migrant", "border", "territory", "region", "city", "village", "hospital", "school", "student", "patient",
  "case", "vaccine", "virus", "disease", "doctor", "health", "healthcare", "medicare", "medicaid",
  "security", "police", "prison", "court", "judge", "ruling", "climate", "temperature", "energy", "gas",
  "coal", "carbon", "plant", "factory", "company", "corporation", "business", "bank", "market", "stock",
  "trade", "tariff", "investment", "contract", "loan", "mortgage", "housing", "rent", "home", "family",
  "child", "children", "worker", "employee", "veteran", "senator", "congress", "parliament", "senate",
  "government", "administration", "minister", "president", "governor", "mayor", "official", "agency",
  "people", "citizen", "resident", "victim", "injury", "equipment", "vehicle", "tank", "sanctions",
  "exchange", "prisoner", "kilometer", "kilometre", "mile", "acre", "ton", "tonne", "barrel", "gallon",
]);

/** Verbs of change and quantity used in statistical claims. */
export const CHANGE_VERBS = new Set([
  "increase", "decrease", "rise", "fall", "drop", "decline", "grow", "shrink", "double", "triple",
  "halve", "cut", "raise", "lower", "reduce", "boost", "soar", "plunge", "surge", "slump", "climb",
  "lose", "gain", "create", "spend", "cost", "pay", "earn", "owe", "borrow", "lend", "fund", "vote",
  "pass", "sign", "veto", "repeal", "ban", "approve", "reject", "kill", "wound", "injure", "destroy",
  "invade", "occupy", "attack", "strike", "launch", "seize", "capture", "withdraw", "deploy", "send",
  "deport", "arrest", "charge", "convict", "sentence", "release", "evacuate", "sanction", "impose",
  "freeze", "elect", "appoint", "fire", "hire", "employ", "import", "export", "produce", "build",
  "close", "open", "expand", "exceed", "reach", "hit", "top", "total", "account", "register", "record",
  "support", "oppose", "sponsor", "introduce", "block", "award", "receive", "donate", "take",
]);

/** Markers of comparison and rank in factual claims. */
export const COMPARATIVE_PATTERNS = [
  /\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|faster|slower) than\b/i,
  /\b(?:highest|lowest|largest|smallest|biggest|fastest|slowest|worst|best|most|least|first|only|record|ever|since)\b/i,
  /\b(?:twice|half|double|triple|times as)\b/i,
];

export const MONTHS = new Set([
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
  "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
  "dec",
]);
export const WEEKDAYS = new Set(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);

/** Written-out numbers and quantity words. */
export const NUMBER_WORDS = new Set([
  "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
  "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
  "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands",
  "million", "millions", "billion", "billions", "trillion", "dozen", "dozens", "half", "quarter", "third",
  "percent", "per cent", "twice",
]);

/** Titles and bodies whose statements are public acts ("the minister said"). */
export const OFFICIAL_WORDS = new Set([
  "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "official", "officials",
  "senator", "governor", "mayor", "ambassador", "envoy", "chancellor", "general", "commander", "kremlin",
  "ministry", "department", "government", "administration", "pentagon", "white", "house", "parliament",
  "congress", "agency", "police", "army", "military", "court", "prosecutor", "prosecutors", "authorities",
  "authority", "office", "council", "commission", "nato", "un", "eu", "who", "imf", "cbo", "fed",
]);
