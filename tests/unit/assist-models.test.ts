// The shipped models (models/*.json) are what `npm run train` makes from training/, and score
// what they recorded on their hold-out split: a model cannot change silently.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { holdoutOf, scoreHoldout } from "@/lib/domain/assist/learn/evaluate";
import { TASK_NAMES } from "@/lib/domain/assist/learn/tasks";
import { checkworthyHint, models, opinionHint } from "@/lib/domain/assist/trained";

describe.each(TASK_NAMES)("the %s model", (task) => {
  it("loads and scores its recorded hold-out figures within 0.01", { timeout: 60_000 }, () => {
    const model = models()[task];
    const recorded = model.file.holdout;
    const measured = scoreHoldout(model, holdoutOf(task));
    expect(measured.n).toBe(recorded.n);
    for (const k of ["macro_f1", "positive_f1", "precision", "recall"] as const) expect(Math.abs(measured[k] - recorded[k]), k).toBeLessThanOrEqual(0.01);
    expect(model.file.data.licence).toBeTruthy();
  });
});

describe("the attribution span taggers", () => {
  it("score their recorded span-level hold-out figures within 0.01", { timeout: 120_000 }, async () => {
    const { scoreSpans, spanRows } = await import("../../scripts/train-spans");
    const { spanTaggersForTests } = await import("@/lib/domain/assist/trained");
    const file = JSON.parse(readFileSync("models/attribution-spans.json", "utf8"));
    const measured = scoreSpans(spanTaggersForTests(), spanRows("holdout"));
    expect(measured.n).toBe(file.holdout.n);
    for (const who of ["taggers", "rules", "rulesThenAgreedTaggers"] as const)
      for (const part of ["cue", "source"] as const)
        for (const k of ["precision", "recall"] as const) expect(Math.abs(measured[who][part][k] - file.holdout[who][part][k]), `${who} ${part} ${k}`).toBeLessThanOrEqual(0.01);
    // The learnt spans add recall over the rules on articles training never saw.
    expect(measured.rulesThenAgreedTaggers.cue.recall).toBeGreaterThan(measured.rules.cue.recall);
  });
});

describe("training", () => {
  it("is deterministic and reproduces the shipped subjectivity model byte for byte", { timeout: 120_000 }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), "claimdesk-train-"));
    const run = (out: string) => execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/train.ts", "subjectivity", "--out", out], { encoding: "utf8" });
    run(path.join(dir, "a.json"));
    run(path.join(dir, "b.json"));
    const a = readFileSync(path.join(dir, "a.json"), "utf8");
    expect(readFileSync(path.join(dir, "b.json"), "utf8")).toBe(a);
    expect(a).toBe(readFileSync("models/subjectivity.json", "utf8"));
  });
});

describe("hints", () => {
  it("are calibrated probabilities with the words that weighed most", () => {
    const opinion = opinionHint("What a shameful, cowardly retreat we have witnessed!");
    const fact = opinionHint("The ministry said 1,200 troops crossed the border on Tuesday.");
    expect(opinion.probability).toBeGreaterThan(fact.probability);
    expect(opinion.probability).toBeGreaterThan(0);
    expect(opinion.probability).toBeLessThan(1);
    expect(opinion.toward.length).toBeGreaterThan(0);
    const worthy = checkworthyHint("Unemployment fell from 9.8 percent to 4.1 percent between 2010 and 2016.");
    expect(worthy.positive).toBe(true);
    expect(checkworthyHint("Thank you very much, it is great to be here tonight.").positive).toBe(false);
  });
});
