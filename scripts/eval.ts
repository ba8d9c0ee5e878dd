/**
 * Scores the claim-assistance detectors and the sentence splitter on a labelled TSV.
 *
 *   npm run eval -- <segment|subjectivity|attribution|checkworthy> <file.tsv> [--errors] [--rules]
 *   npm run eval -- report
 *
 * The file is UTF-8 with a header row; column names are matched case-insensitively. Fields are
 * tab-separated without quoting, or CSV-style quoted when the header's fields are quoted.
 * Earlier lines are a human summary; the LAST line is one JSON object with precision, recall,
 * macro_f1 and accuracy (see docs/decisions/0009-claim-assistance-detectors.md for what each means
 * per task). `--errors` also lists the misclassified rows; `--rules` scores the hand-written rules
 * instead of the trained models (models/*.json, docs/decisions/0018). `report` scores every shipped
 * model on its own hold-out split and writes docs/assistance-quality.md. Exit code 2 on a usage or
 * data error.
 */
import { readFileSync } from "node:fs";
import { detectAttribution, isAttributed } from "../lib/domain/assist/attribution";
import { checkWorthiness, CHECKWORTHY_THRESHOLD } from "../lib/domain/assist/checkworthiness";
import { averagePrecision, binaryCounts, classification, compareSegmentation, parseTsv, prf, type Table } from "../lib/domain/assist/metrics";
import { subjectivity, SUBJECTIVE_THRESHOLD } from "../lib/domain/assist/subjectivity";
import { splitSentences } from "../lib/domain/segmentation";
import { attributionHint, checkworthyHint, checkworthyThreshold, opinionHint, opinionThreshold } from "../lib/domain/assist/trained";
import { writeReport } from "./eval-report";

/** Trained models unless --rules (set in main). */
let useRules = false;

const TASKS = ["segment", "subjectivity", "attribution", "checkworthy"] as const;
type Task = (typeof TASKS)[number];

class UsageError extends Error {}

function main(argv: string[]): void {
  const showErrors = argv.includes("--errors");
  useRules = argv.includes("--rules");
  const [task, file] = argv.filter((a) => !a.startsWith("--"));
  if (task === "report") {
    writeReport();
    return;
  }
  if (!task || !file) throw new UsageError(`usage: npm run eval -- <${TASKS.join("|")}> <file.tsv> [--errors]`);
  if (!(TASKS as readonly string[]).includes(task)) throw new UsageError(`unknown task "${task}": expected one of ${TASKS.join(", ")}`);
  let input: string;
  try {
    input = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const table = parseTsv(input);
  const started = performance.now();
  const result = run(task as Task, table, showErrors);
  const ms = performance.now() - started;
  console.log(JSON.stringify({ task, file, ...result, ms: Math.round(ms) }));
}

function run(task: Task, table: Table, showErrors: boolean): Record<string, unknown> {
  switch (task) {
    case "segment":
      return evalSegment(table, showErrors);
    case "subjectivity":
      return evalSubjectivity(table, showErrors);
    case "attribution":
      return evalAttribution(table, showErrors);
    case "checkworthy":
      return evalCheckworthy(table, showErrors);
  }
}

function column(table: Table, ...names: string[]): number {
  const wanted = names.map((n) => n.toLowerCase());
  const at = table.header.findIndex((h) => wanted.includes(h.toLowerCase()));
  if (at < 0) throw new UsageError(`missing column "${names[0]}" (header: ${table.header.join(", ") || "empty"})`);
  return at;
}

function optionalColumn(table: Table, ...names: string[]): number {
  const wanted = names.map((n) => n.toLowerCase());
  return table.header.findIndex((h) => wanted.includes(h.toLowerCase()));
}

function cell(row: string[], at: number): string {
  return (row[at] ?? "").trim();
}

/** Maps a gold label to one of the task's labels, accepting common spellings; unknown -> error. */
function label<L extends string>(raw: string, row: number, map: Record<string, L>, task: string): L {
  const key = raw.trim().toLowerCase();
  const hit = map[key];
  if (hit === undefined) throw new UsageError(`row ${row + 2}: unknown ${task} label "${raw}" (expected ${[...new Set(Object.values(map))].join(" or ")})`);
  return hit;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function printErrors(lines: string[]): void {
  if (lines.length === 0) return;
  console.log(`\n${lines.length} errors:`);
  for (const l of lines) console.log(`  ${l}`);
}

function evalSegment(table: Table, showErrors: boolean) {
  const textAt = column(table, "text");
  const expAt = column(table, "expected_sentences", "expected");
  let exact = 0;
  const sent = { matched: 0, expected: 0, predicted: 0 };
  const bound = { matched: 0, expected: 0, predicted: 0 };
  const errors: string[] = [];
  table.rows.forEach((row, i) => {
    const text = unescapeText(row[textAt] ?? "");
    let expected: unknown;
    try {
      expected = JSON.parse(row[expAt] ?? "");
    } catch {
      throw new UsageError(`row ${i + 2}: expected_sentences is not valid JSON`);
    }
    if (!Array.isArray(expected) || !expected.every((s) => typeof s === "string")) throw new UsageError(`row ${i + 2}: expected_sentences must be a JSON array of strings`);
    const predicted = splitSentences(text).map((s) => text.slice(s.start, s.end));
    const c = compareSegmentation(text, expected as string[], predicted);
    if (c.exact) exact++;
    else errors.push(`row ${i + 2}: expected ${JSON.stringify(expected)}\n    got      ${JSON.stringify(predicted)}`);
    for (const k of ["matched", "expected", "predicted"] as const) {
      sent[k] += c.sentences[k];
      bound[k] += c.boundaries[k];
    }
  });
  const n = table.rows.length;
  const s = prf(sent.matched, sent.predicted - sent.matched, sent.expected - sent.matched);
  const b = prf(bound.matched, bound.predicted - bound.matched, bound.expected - bound.matched);
  console.log(`segment: ${exact}/${n} texts split exactly as expected`);
  console.log(`sentences: P ${r3(s.precision)} R ${r3(s.recall)} F1 ${r3(s.f1)}; boundaries: P ${r3(b.precision)} R ${r3(b.recall)} F1 ${r3(b.f1)}`);
  if (showErrors) printErrors(errors);
  return {
    n,
    accuracy: r3(n === 0 ? 0 : exact / n),
    exact_match: r3(n === 0 ? 0 : exact / n),
    precision: r3(s.precision),
    recall: r3(s.recall),
    f1: r3(s.f1),
    macro_f1: r3(s.f1),
    sentence_precision: r3(s.precision),
    sentence_recall: r3(s.recall),
    sentence_f1: r3(s.f1),
    boundary_precision: r3(b.precision),
    boundary_recall: r3(b.recall),
    boundary_f1: r3(b.f1),
    note: "accuracy = exact_match (share of texts split exactly); precision/recall/f1/macro_f1 = sentence-level (same sentence at the same place); boundary_* = sentence-end positions",
  };
}

/** Segment texts may spell line breaks as \n inside a one-line TSV field. */
function unescapeText(s: string): string {
  return s.includes("\\n") && !s.includes("\n") ? s.replace(/\\r\\n|\\n/g, "\n").replace(/\\t/g, "\t") : s;
}

function evalSubjectivity(table: Table, showErrors: boolean) {
  const sAt = column(table, "sentence", "text");
  const lAt = column(table, "label");
  const labels = ["SUBJ", "OBJ"] as const;
  const map: Record<string, "SUBJ" | "OBJ"> = { subj: "SUBJ", subjective: "SUBJ", opinion: "SUBJ", "1": "SUBJ", obj: "OBJ", objective: "OBJ", fact: "OBJ", "0": "OBJ" };
  const gold: ("SUBJ" | "OBJ")[] = [];
  const pred: ("SUBJ" | "OBJ")[] = [];
  const errors: string[] = [];
  table.rows.forEach((row, i) => {
    const sentence = cell(row, sAt);
    const g = label(cell(row, lAt), i, map, "subjectivity");
    const rules = subjectivity(sentence);
    const r = useRules ? rules : { score: opinionHint(sentence).probability, cues: [...rules.cues, ...opinionHint(sentence).toward] };
    const p = r.score >= (useRules ? SUBJECTIVE_THRESHOLD : opinionThreshold()) ? "SUBJ" : "OBJ";
    gold.push(g);
    pred.push(p);
    if (g !== p) errors.push(`${g} got ${p} (${r.score}) ${sentence}  [${r.cues.join("; ")}]`);
  });
  const c = classification(labels, gold, pred);
  summary("subjectivity", c, gold.length);
  if (showErrors) printErrors(errors);
  return {
    n: gold.length,
    threshold: useRules ? SUBJECTIVE_THRESHOLD : opinionThreshold(),
    model: useRules ? "rules" : "trained",
    precision: r3(c.macro.precision),
    recall: r3(c.macro.recall),
    macro_f1: r3(c.macro.f1),
    accuracy: r3(c.accuracy),
    subj_precision: r3(c.perClass.SUBJ.precision),
    subj_recall: r3(c.perClass.SUBJ.recall),
    subj_f1: r3(c.perClass.SUBJ.f1),
    obj_f1: r3(c.perClass.OBJ.f1),
    note: "precision/recall = macro averages over SUBJ and OBJ",
  };
}

function evalAttribution(table: Table, showErrors: boolean) {
  const sAt = column(table, "sentence", "text");
  const lAt = column(table, "label");
  const prevAt = optionalColumn(table, "previous", "previous_sentence", "context");
  const labels = ["ATTRIBUTED", "UNATTRIBUTED"] as const;
  type L = (typeof labels)[number];
  const map: Record<string, L> = {
    attributed: "ATTRIBUTED", attribution: "ATTRIBUTED", yes: "ATTRIBUTED", "1": "ATTRIBUTED", true: "ATTRIBUTED",
    unattributed: "UNATTRIBUTED", none: "UNATTRIBUTED", no: "UNATTRIBUTED", "0": "UNATTRIBUTED", false: "UNATTRIBUTED",
  };
  const gold: L[] = [];
  const pred: L[] = [];
  const errors: string[] = [];
  table.rows.forEach((row, i) => {
    const sentence = cell(row, sAt);
    const g = label(cell(row, lAt), i, map, "attribution");
    const previous = prevAt >= 0 ? cell(row, prevAt) : "";
    const r = detectAttribution(sentence, previous ? { previous } : undefined);
    const p: L = (useRules ? isAttributed(r) : attributionHint(sentence).positive) ? "ATTRIBUTED" : "UNATTRIBUTED";
    gold.push(g);
    pred.push(p);
    if (g !== p) errors.push(`${g} got ${p} speaker=${JSON.stringify(r.speaker)} cue=${JSON.stringify(r.cue)}: ${sentence}`);
  });
  const c = classification(labels, gold, pred);
  summary("attribution", c, gold.length);
  if (showErrors) printErrors(errors);
  const pos = c.perClass.ATTRIBUTED;
  return {
    n: gold.length,
    model: useRules ? "rules" : "trained",
    precision: r3(pos.precision),
    recall: r3(pos.recall),
    f1: r3(pos.f1),
    macro_f1: r3(c.macro.f1),
    accuracy: r3(c.accuracy),
    note: "precision/recall/f1 = class ATTRIBUTED (a speaker, cue or quotation found); macro_f1 over both classes",
  };
}

function evalCheckworthy(table: Table, showErrors: boolean) {
  const sAt = column(table, "sentence", "text");
  const lAt = column(table, "label");
  type L = "CFS" | "UFS" | "NFS";
  const map: Record<string, L> = {
    cfs: "CFS", "1": "CFS", yes: "CFS", true: "CFS", checkworthy: "CFS",
    ufs: "UFS", "0": "UFS",
    nfs: "NFS", "-1": "NFS", no: "NFS", false: "NFS",
  };
  const gold: boolean[] = [];
  const pred: boolean[] = [];
  const scores: number[] = [];
  const errors: string[] = [];
  const goldLabels: L[] = [];
  table.rows.forEach((row, i) => {
    const sentence = cell(row, sAt);
    const g = label(cell(row, lAt), i, map, "checkworthy");
    const rules = checkWorthiness(sentence);
    const r = useRules ? rules : { score: checkworthyHint(sentence).probability, reasons: [...rules.reasons, ...checkworthyHint(sentence).toward] };
    const threshold = useRules ? CHECKWORTHY_THRESHOLD : checkworthyThreshold();
    const p = r.score >= threshold;
    goldLabels.push(g);
    gold.push(g === "CFS");
    pred.push(p);
    scores.push(r.score);
    if ((g === "CFS") !== p) errors.push(`${g} got ${p ? "CFS" : "not CFS"} (${r.score}) ${sentence}  [${r.reasons.join("; ")}]`);
  });
  const counts = binaryCounts(gold, pred);
  const pos = prf(counts.tp, counts.fp, counts.fn);
  const neg = prf(counts.tn, counts.fn, counts.fp);
  const ap = averagePrecision(scores, gold);
  const n = gold.length;
  const threshold = useRules ? CHECKWORTHY_THRESHOLD : checkworthyThreshold();
  console.log(`checkworthy: ${n} sentences, ${gold.filter(Boolean).length} CFS; threshold ${threshold}`);
  console.log(`CFS: P ${r3(pos.precision)} R ${r3(pos.recall)} F1 ${r3(pos.f1)}; average precision ${r3(ap)}; accuracy ${r3((counts.tp + counts.tn) / Math.max(1, n))}`);
  if (showErrors) printErrors(errors);
  return {
    n,
    threshold,
    model: useRules ? "rules" : "trained",
    precision: r3(pos.precision),
    recall: r3(pos.recall),
    f1: r3(pos.f1),
    macro_f1: r3((pos.f1 + neg.f1) / 2),
    accuracy: r3(n === 0 ? 0 : (counts.tp + counts.tn) / n),
    average_precision: r3(ap),
    note: "binary CFS vs UFS+NFS: precision/recall/f1 = class CFS; macro_f1 over CFS and not-CFS; average_precision of the score ranking for CFS",
  };
}

function summary(task: string, c: ReturnType<typeof classification<string>>, n: number): void {
  console.log(`${task}: ${n} sentences, accuracy ${r3(c.accuracy)}, macro-F1 ${r3(c.macro.f1)}`);
  for (const [l, v] of Object.entries(c.perClass)) {
    console.log(`  ${l.padEnd(13)} P ${r3(v.precision)} R ${r3(v.recall)} F1 ${r3(v.f1)} (support ${v.support})`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`eval: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
