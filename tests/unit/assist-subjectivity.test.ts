import { describe, expect, it } from "vitest";
import { SUBJECTIVE_THRESHOLD, subjectivity } from "@/lib/domain/assist/subjectivity";

const subj = (s: string) => subjectivity(s).score >= SUBJECTIVE_THRESHOLD;

describe("subjectivity", () => {
  it("returns a score between 0 and 1 and a list of cues", () => {
    for (const s of ["", "Hello.", "This is, frankly, the most absurd deal I have ever seen!"]) {
      const r = subjectivity(s);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(Array.isArray(r.cues)).toBe(true);
    }
  });

  it.each([
    "This is, frankly, the most absurd deal I have ever seen!",
    "Who in their right mind would trust a promise from the Kremlin?",
    "We should be honest about what this deal really means.",
    "Russia’s demands are aggressive and unyielding.",
    "It’s a child’s bluff at an adult poker table.",
    "Perhaps the most troubling part is how quickly Washington gave in.",
    "The so-called “peace plan” is little more than a surrender note.",
    "Let's not pretend this is anything other than appeasement.",
  ])("suggests SUBJ for %j", (sentence) => {
    expect(subj(sentence)).toBe(true);
  });

  it.each([
    "Russian forces struck the city of Kharkiv with 12 drones overnight.",
    "The European Union adopted its 16th package of sanctions in February.",
    "At least eight people were killed in the strike, and 77 people sustained injuries.",
    "The meeting took place at Lancaster House in central London.",
    "Kremlin spokesman Dmitry Peskov said the talks were “extremely difficult.”",
    "“This is a shameful betrayal,” the minister told reporters on Monday.",
    "Thank you all for being here tonight.",
  ])("suggests OBJ for %j", (sentence) => {
    expect(subj(sentence)).toBe(false);
  });

  it("names the cues that raised the score", () => {
    const { cues } = subjectivity("I think this is a terrible, reckless plan!");
    expect(cues.some((c) => c.startsWith("first person"))).toBe(true);
    expect(cues.some((c) => c.startsWith("evaluative words") && c.includes("reckless"))).toBe(true);
    expect(cues).toContain("exclamation");
  });

  it("ignores opinion words inside a quotation: they are the speaker's, not the writer's", () => {
    const quoted = subjectivity("“It is a terrible, shameful plan,” the minister said on Tuesday.");
    const own = subjectivity("It is a terrible, shameful plan.");
    expect(quoted.score).toBeLessThan(own.score);
    expect(quoted.cues.some((c) => c.startsWith("evaluative"))).toBe(false);
  });

  it("scores a rhetorical question above the same statement", () => {
    expect(subjectivity("Is this really the best we can do?").score).toBeGreaterThan(subjectivity("This is the best we can do.").score);
  });
});
