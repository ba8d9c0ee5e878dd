// Reading a task's examples and scoring a shipped model on its hold-out split: shared by
// `npm run train`, `npm run eval -- report` and the test that holds each model to its figures.
import { readFileSync } from "node:fs";
import { parseTsv } from "../metrics";
import { predict, type HoldoutFigures, type LoadedModel } from "./model";
import { TASKS, type Example, type TaskName } from "./tasks";

export function readExamples(task: TaskName, file: string): Example[] {
  const table = parseTsv(readFileSync(file, "utf8"));
  const spec = TASKS[task];
  return table.rows.flatMap((row) => {
    const r = Object.fromEntries(table.header.map((h, i) => [h, row[i] ?? ""]));
    const e = spec.example(r);
    return e && e.sentence.trim() ? [e] : [];
  });
}

/** The hold-out examples the recorded figure is measured on (`all`: also those training leaves out). */
export function holdoutOf(task: TaskName, file = TASKS[task].file, all = false): Example[] {
  const spec = TASKS[task];
  return readExamples(task, file).filter((e) => spec.split(e) === "holdout" && (all || !spec.trainOn || spec.trainOn(e)));
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function figures(gold: readonly boolean[], predicted: readonly boolean[]): HoldoutFigures {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  gold.forEach((g, i) => {
    const p = predicted[i];
    if (p && g) tp++;
    else if (p) fp++;
    else if (g) fn++;
    else tn++;
  });
  const f = (a: number, b: number, c: number) => (a === 0 ? 0 : (2 * a) / (2 * a + b + c));
  const pos = f(tp, fp, fn);
  const neg = f(tn, fn, fp);
  return { n: gold.length, macro_f1: r3((pos + neg) / 2), positive_f1: r3(pos), precision: r3(tp / Math.max(1, tp + fp)), recall: r3(tp / Math.max(1, tp + fn)), accuracy: r3((tp + tn) / Math.max(1, gold.length)) };
}

export function scoreHoldout(model: LoadedModel, holdout: readonly Example[]): HoldoutFigures {
  return figures(holdout.map((e) => e.positive), holdout.map((e) => predict(model, e.sentence).positive));
}
