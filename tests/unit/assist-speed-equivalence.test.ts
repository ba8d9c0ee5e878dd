// Golden snapshot: assistClaims over the seed articles must give exactly what the code gave before
// the speed work (tests/fixtures/assist-golden.json, generated from the old code and committed first).
// Regenerate only on purpose: ASSIST_GOLDEN_WRITE=1 npx vitest run --project unit assist-speed-equivalence
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assistClaims } from "@/lib/domain/assist/claims";
import { segmentSentences } from "@/lib/domain/segmentation";

const seeds = path.join(process.cwd(), "seeds");
const fixture = path.join(process.cwd(), "tests", "fixtures", "assist-golden.json");

function compute() {
  const out: Record<string, unknown> = {};
  for (const f of readdirSync(seeds).filter((n) => n.endsWith(".txt")).sort()) {
    const text = readFileSync(path.join(seeds, f), "utf8");
    const sentences = segmentSentences(text).map((s) => text.slice(s.start, s.end));
    out[f] = assistClaims(sentences);
  }
  return JSON.parse(JSON.stringify(out));
}

describe("assistClaims golden snapshot", () => {
  it("gives identical output on the seed articles", () => {
    const got = compute();
    if (process.env.ASSIST_GOLDEN_WRITE) writeFileSync(fixture, JSON.stringify(got, null, 1) + "\n");
    expect(got).toEqual(JSON.parse(readFileSync(fixture, "utf8")));
  });
});
