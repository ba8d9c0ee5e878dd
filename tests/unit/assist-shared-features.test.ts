// The trained hints build a sentence's n-gram features once for all models of one configuration
// (ngramFeatures in learn/model.ts) instead of calling vectorize() per model: the two must agree.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { featureStrings, hashedFeatures, vectorize, wordGramText, type FeatureConfig } from "@/lib/domain/assist/learn/features";
import { ngramFeatures, predict } from "@/lib/domain/assist/learn/model";
import { shippedModels } from "@/lib/domain/assist/trained";
import { segmentSentences } from "@/lib/domain/segmentation";

const seeds = path.join(process.cwd(), "seeds");
const sentences = readdirSync(seeds)
  .filter((n) => n.endsWith(".txt"))
  .sort()
  .flatMap((f) => {
    const text = readFileSync(path.join(seeds, f), "utf8");
    return segmentSentences(text).map((s) => text.slice(s.start, s.end));
  })
  .concat(["", "   ", "— … !", "Ça coûte 3,5 € — “déjà vu” 😀 𝐀𝐁𝐂!"]);

const models = shippedModels();
const configs: FeatureConfig[] = [
  ...Object.values(models).map((m) => m.file.features),
  { bits: 12, words: [1, 2, 3], chars: [3, 4, 5], dense: [] },
];

describe("ngramFeatures", () => {
  it("gives vectorize()'s hashed vector for every configuration", () => {
    for (const config of configs) for (const s of sentences) expect(ngramFeatures(s, config).hashed).toEqual(vectorize(s, config));
  });

  it("counts the distinct feature strings and lists the word n-grams without building them", () => {
    for (const config of configs)
      for (const s of sentences) {
        const strings = [...new Set(featureStrings(s, config))];
        const f = hashedFeatures(s, config);
        expect(f.distinct).toBe(strings.length);
        expect(f.words.map(wordGramText)).toEqual(strings.filter((x) => x.startsWith("w")));
      }
  });

  it("gives each model the prediction it makes on its own", () => {
    for (const model of Object.values(models))
      for (const s of sentences) expect(predict(model, s, ngramFeatures(s, model.file.features).hashed)).toEqual(predict(model, s));
  });
});
