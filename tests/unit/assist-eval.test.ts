import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { averagePrecision, classification, compareSegmentation, parseTsv, prf } from "@/lib/domain/assist/metrics";

describe("parseTsv", () => {
  it("reads plain TSV with CRLF, a BOM and blank lines", () => {
    expect(parseTsv("\ufeffSentence\tLabel\r\nIt rained.\tOBJ\r\n\r\nWhat a day!\tSUBJ\r\n")).toEqual({
      header: ["Sentence", "Label"],
      rows: [
        ["It rained.", "OBJ"],
        ["What a day!", "SUBJ"],
      ],
    });
  });

  it("keeps quotes as text in plain TSV", () => {
    expect(parseTsv('sentence\tlabel\n"We won," he said.\tATTRIBUTED\n').rows).toEqual([['"We won," he said.', "ATTRIBUTED"]]);
  });

  it("reads CSV-style quoted fields when the header is quoted", () => {
    const input = '"sentence"\t"label"\n"a\tb ""quoted"" and\nwrapped"\t"OBJ"\n"plain"\tSUBJ\n';
    expect(parseTsv(input)).toEqual({
      header: ["sentence", "label"],
      rows: [
        ['a\tb "quoted" and\nwrapped', "OBJ"],
        ["plain", "SUBJ"],
      ],
    });
  });
});

describe("metrics", () => {
  it("computes precision, recall and F1", () => {
    expect(prf(3, 1, 2)).toEqual({ precision: 0.75, recall: 0.6, f1: (2 * 0.75 * 0.6) / 1.35 });
    expect(prf(0, 0, 0)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it("macro-averages F1 over the classes", () => {
    const c = classification(["A", "B"] as const, ["A", "A", "B", "B"], ["A", "B", "B", "B"]);
    expect(c.accuracy).toBe(0.75);
    expect(c.perClass.A).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(c.perClass.B.f1).toBeCloseTo(0.8, 10);
    expect(c.macro.f1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
  });

  it("computes average precision of a ranking", () => {
    // ranks: 0.9 pos, 0.8 neg, 0.7 pos -> (1/1 + 2/3) / 2
    expect(averagePrecision([0.7, 0.9, 0.8], [true, true, false])).toBeCloseTo((1 + 2 / 3) / 2, 10);
    expect(averagePrecision([0.1, 0.2], [false, false])).toBe(0);
  });

  it("scores segmentation by sentence and by boundary, ignoring white space", () => {
    const text = "One here. Two\nthere. Three.";
    const exact = compareSegmentation(text, ["One here.", "Two there.", "Three."], ["One here.", "Two\nthere.", "Three."]);
    expect(exact.exact).toBe(true);
    const merged = compareSegmentation(text, ["One here.", "Two there.", "Three."], ["One here. Two there.", "Three."]);
    expect(merged).toEqual({
      exact: false,
      sentences: { matched: 1, expected: 3, predicted: 2 },
      boundaries: { matched: 1, expected: 2, predicted: 1 },
    });
  });
});

describe("npm run eval", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "claimdesk-eval-"));
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const run = (...args: string[]) => spawnSync(tsx, ["scripts/eval.ts", ...args], { encoding: "utf8", cwd: process.cwd() });
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it("prints the scores as JSON on the last line", () => {
    const p = file("attr.tsv", "Sentence\tLABEL\r\nPeskov said the talks were over.\tATTRIBUTED\r\nThe talks ended.\tUNATTRIBUTED\r\n");
    const r = run("attribution", p);
    expect(r.status).toBe(0);
    const last = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(last).toMatchObject({ task: "attribution", n: 2, precision: 1, recall: 1, f1: 1, macro_f1: 1, accuracy: 1 });
  }, 30_000);

  it("scores segmentation on texts with a JSON list of sentences", () => {
    const p = file("seg.tsv", 'text\texpected_sentences\nMr. Smith left. He came back.\t["Mr. Smith left.", "He came back."]\n');
    const r = run("segment", p);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toMatchObject({ accuracy: 1, precision: 1, recall: 1, macro_f1: 1 });
  }, 30_000);

  it("exits 2 with a clear message for an unknown task or a missing column", () => {
    const p = file("bad.tsv", "text\tlabel\nHello.\tOBJ\n");
    const unknown = run("sentiment", p);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown task "sentiment"/);
    const missing = run("subjectivity", file("nolabel.tsv", "sentence\tgold\nHello.\tOBJ\n"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing column "label"/);
  }, 30_000);
});
