import { describe, expect, it } from "vitest";
import { detectAttribution, detectAttributionInSequence, isAttributed, type Attribution } from "@/lib/domain/assist/attribution";

/** The speaker and cue as text, checked against their spans. */
function who(sentence: string, previous?: string): { speaker: string | null; cue: string | null } {
  const r = detectAttribution(sentence, previous === undefined ? undefined : { previous });
  expectSpansMatch(sentence, r);
  return { speaker: r.speaker, cue: r.cue };
}

function expectSpansMatch(sentence: string, r: Attribution): void {
  if (r.cue !== null) expect(sentence.slice(r.cueSpan!.start, r.cueSpan!.end)).toBe(r.cue);
  if (r.speakerSpan) {
    const written = sentence.slice(r.speakerSpan.start, r.speakerSpan.end);
    // A resolved pronoun keeps the pronoun's span; otherwise the span is the speaker as written.
    if (!/^(?:he|she|they|it)$/i.test(written)) expect(written).toBe(r.speaker);
  }
}

describe("detectAttribution: subject before the cue", () => {
  it.each([
    ["Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow had not received a proposal.", "Kremlin spokesman Dmitry Peskov", "said"],
    ["Rubio had previously warned that the U.S. would “move on” from the negotiations.", "Rubio", "warned"],
    ["The ministry said in a statement that the strike hit a depot.", "The ministry", "said"],
    ["Zelensky told reporters that Ukraine would not cede Crimea.", "Zelensky", "told"],
    ["The senator claimed the bill would cost $2 billion.", "The senator", "claimed"],
    ["Lavrov argued that sanctions had failed.", "Lavrov", "argued"],
    ["Macron insisted that any ceasefire needs monitors.", "Macron", "insisted"],
    ["The envoy noted that progress had been made.", "The envoy", "noted"],
    ["Trump tweeted that the deal was close.", "Trump", "tweeted"],
    ["The head of the IAEA warned that the plant was at risk.", "The head of the IAEA", "warned"],
    ["Critics say the bill does too little.", "Critics", "say"],
    ["The report found that 19,000 children had been deported.", "The report", "found"],
  ])("%s", (sentence, speaker, cue) => {
    expect(who(sentence)).toEqual({ speaker, cue });
  });

  it("skips an apposition between the name and the verb", () => {
    expect(who("Maria Zakharova, the ministry's spokeswoman, threatened that Germany would be a party to the war.")).toEqual({
      speaker: "Maria Zakharova",
      cue: "threatened",
    });
    expect(who("Officials, who spoke on condition of anonymity, said the plan was dead.")).toEqual({ speaker: "Officials", cue: "said" });
  });

  it("finds a parenthetical cue inside the sentence", () => {
    expect(who("The deal, Witkoff said, was “very close.”")).toEqual({ speaker: "Witkoff", cue: "said" });
  });
});

describe("detectAttribution: quotations and inverted cues", () => {
  it("takes the speaker after the cue in “…,” said X", () => {
    expect(who("“Putin appears unwilling to deviate,” said Alex Brideau, Russia director at Eurasia Group.")).toEqual({
      speaker: "Alex Brideau",
      cue: "said",
    });
  });

  it("takes the speaker before the cue in “…,” X stated", () => {
    expect(who("“It is impossible to pose the question this way,” Peskov stated when asked about recognition.")).toEqual({
      speaker: "Peskov",
      cue: "stated",
    });
  });

  it("marks a quotation split by its cue as quoted", () => {
    const r = detectAttribution("“Whether that’s realistic,” Brideau added, “Putin appears unwilling to deviate much.”");
    expect(r).toMatchObject({ speaker: "Brideau", cue: "added", quoted: true });
  });

  it("reads a headline-style colon as attribution", () => {
    expect(who("Zelensky: “We will not give up.”")).toEqual({ speaker: "Zelensky", cue: ":" });
  });

  it("treats a sentence that is only a quotation as quoted speech with no cue", () => {
    const r = detectAttribution("“We lost everything.”");
    expect(r).toEqual({ speaker: null, cue: null, quoted: true });
    expect(isAttributed(r)).toBe(true);
  });
});

describe("detectAttribution: other cues", () => {
  it("handles according to", () => {
    expect(who("According to the Kremlin, the two leaders spoke by phone.")).toEqual({ speaker: "the Kremlin", cue: "According to" });
    expect(who("The plan would add $3 trillion to the deficit, according to the Congressional Budget Office.")).toEqual({
      speaker: "the Congressional Budget Office",
      cue: "according to",
    });
  });

  it("gives a participle the subject of the main clause", () => {
    expect(who("Rubio left London on Tuesday, saying the talks had stalled.")).toEqual({ speaker: "Rubio", cue: "saying" });
    expect(who("Peskov was quoted as saying the talks were difficult.")).toEqual({ speaker: "Peskov", cue: "saying" });
  });

  it("keeps hearsay without a source as a cue with no speaker", () => {
    expect(who("Putin reportedly offered to pause the fighting.")).toEqual({ speaker: null, cue: "reportedly" });
  });
});

describe("detectAttribution: pronouns and context", () => {
  it("resolves a pronoun to the previous sentence's speaker", () => {
    expect(who("“We will not surrender,” he said.", "“This is our land,” Zelensky said.")).toEqual({ speaker: "Zelensky", cue: "said" });
  });

  it("resolves a pronoun to the previous sentence's subject when it has no speaker", () => {
    expect(who("He said the talks had failed.", "Zelensky arrived in London on Tuesday.")).toEqual({ speaker: "Zelensky", cue: "said" });
    expect(who("It said the strike hit an empty warehouse.", "The defence ministry published a video of the strike.")).toEqual({
      speaker: "The defence ministry",
      cue: "said",
    });
  });

  it("keeps the pronoun when there is nothing to resolve it with", () => {
    const r = detectAttribution("“We will keep talking,” she added.");
    expect(r).toMatchObject({ speaker: "she", cue: "added", speakerSpan: { start: 24, end: 27 } });
  });

  it("does not give a male pronoun a non-name antecedent", () => {
    expect(who("He said the talks had failed.", "The talks in London ended early.")).toEqual({ speaker: "He", cue: "said" });
  });

  it("gives the sentences of a multi-sentence quotation the speaker named where it closes", () => {
    const r = detectAttributionInSequence(["“We will fight.", "We will win.", "Nobody can take our land,” Zelensky said.", "The talks ended."]);
    expect(r.map((x) => x.speaker)).toEqual(["Zelensky", "Zelensky", "Zelensky", null]);
    expect(r.map((x) => x.quoted === true)).toEqual([true, true, true, false]);
  });

  it("carries the speaker into a quotation continued in the next sentence", () => {
    const r = detectAttribution("“Our land is not for sale.”", { previous: "Zelensky said: “We will fight." });
    expect(r).toEqual({ speaker: "Zelensky", cue: null, quoted: true });
  });
});

describe("detectAttribution: the article's own voice", () => {
  it.each([
    "The talks ended without agreement.",
    "Russian forces struck Kharkiv with 12 drones overnight.",
    "I think the talks will fail.",
    "We believe this deal is a mistake.",
    "Time will tell whether the deal holds.",
    "It is worth noting that the ceasefire held.",
    "The attack claimed 20 lives.",
    "Needless to say, the plan failed.",
    "The ministry responded with force.",
    "He added 12 points in the second half.",
    "Nobody expected a breakthrough.",
    "Russia does not respond to speeches.",
    "This suggests the talks are stalling.",
    "Europe’s leaders are growing uneasy about the direction of the war.",
    "",
  ])("%j is unattributed", (sentence) => {
    const r = detectAttribution(sentence);
    expect(r).toEqual({ speaker: null, cue: null });
    expect(isAttributed(r)).toBe(false);
  });

  it("does not let a scare quote make a sentence quoted speech", () => {
    expect(detectAttribution("Some talk of a “coalition of the willing” to enforce the deal.")).toEqual({ speaker: null, cue: null });
  });
});

describe("detectAttribution: offsets", () => {
  it("returns UTF-16 offsets into the sentence, astral characters included", () => {
    const sentence = "🇺🇦 Officials in Kyiv said the talks were over.";
    const r = detectAttribution(sentence);
    expect(r.speaker).toBe("Officials in Kyiv");
    expect(r.speakerSpan).toEqual({ start: 5, end: 22 });
    expect(r.cueSpan).toEqual({ start: 23, end: 27 });
  });
});
