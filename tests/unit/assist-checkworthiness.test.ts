import { describe, expect, it } from "vitest";
import { CHECKWORTHY_THRESHOLD, checkWorthiness } from "@/lib/domain/assist/checkworthiness";

const cfs = (s: string) => checkWorthiness(s).score >= CHECKWORTHY_THRESHOLD;

describe("checkWorthiness", () => {
  it("returns a score between 0 and 1 and reasons", () => {
    for (const s of ["", "Thanks.", "Unemployment fell to 3.9 percent in 2019, the lowest level in fifty years."]) {
      const r = checkWorthiness(s);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(Array.isArray(r.reasons)).toBe(true);
    }
  });

  it.each([
    "Unemployment fell to 3.9 percent in 2019, the lowest level in fifty years.",
    "My opponent voted against the defense budget four times in the last six years.",
    "The United States has provided about $65 billion in military aid since February 2022.",
    "At least eight people were killed in the strike, and 77 people sustained injuries.",
    "Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow had not received a formal proposal.",
    "The governor cut funding for public schools by $1.2 billion.",
  ])("suggests CFS for %j", (sentence) => {
    expect(cfs(sentence)).toBe(true);
  });

  it.each([
    "Thank you all for being here tonight.",
    "Good evening, and welcome to the second presidential debate.",
    "What are you going to do about the deficit?",
    "I think we need a strong leader in the White House.",
    "We're going to bring those jobs back, believe me.",
    "That's a great question.",
    "It's time for a change.",
    "Russia’s demands are aggressive and unyielding.",
  ])("does not suggest CFS for %j", (sentence) => {
    expect(cfs(sentence)).toBe(false);
  });

  it("ranks a statistic above an opinion on the same topic", () => {
    const fact = checkWorthiness("Health insurance premiums have gone up 25 percent in some states.");
    const opinion = checkWorthiness("Health insurance is far too expensive, and it's a disgrace.");
    expect(fact.score).toBeGreaterThan(opinion.score);
    expect(fact.reasons).toContain("numbers");
    expect(fact.reasons).toContain("percentages, money or large quantities");
  });

  it("gives the reasons that lowered a score", () => {
    expect(checkWorthiness("Is the economy growing?").reasons).toContain("question (not a claim)");
    expect(checkWorthiness("Thank you, Jim.").reasons).toContain("greeting or thanks (not a claim)");
  });
});
