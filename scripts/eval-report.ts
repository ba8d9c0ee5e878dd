// npm run eval -- report: every shipped model on its own hold-out split (never tuned on), beside
// the hand-written rules on the same sentences, written to docs/assistance-quality.md.
import { readFileSync, writeFileSync } from "node:fs";
import { detectAttribution, isAttributed } from "../lib/domain/assist/attribution";
import { checkWorthiness, CHECKWORTHY_THRESHOLD } from "../lib/domain/assist/checkworthiness";
import { figures, holdoutOf, scoreHoldout } from "../lib/domain/assist/learn/evaluate";
import { predict } from "../lib/domain/assist/learn/model";
import { TASK_NAMES, TASKS, type Example, type TaskName } from "../lib/domain/assist/learn/tasks";
import { subjectivity, SUBJECTIVE_THRESHOLD } from "../lib/domain/assist/subjectivity";
import { models } from "../lib/domain/assist/trained";

const RULES: Record<TaskName, (sentence: string) => boolean> = {
  subjectivity: (s) => subjectivity(s).score >= SUBJECTIVE_THRESHOLD,
  checkworthy: (s) => checkWorthiness(s).score >= CHECKWORTHY_THRESHOLD,
  attribution: (s) => isAttributed(detectAttribution(s)),
};

type Row = { task: string; model: string; data: string; n: number; metric: string; figure: number; macro_f1: number; positive_f1: number; precision: number; recall: number };

export function writeReport(out = "docs/assistance-quality.md"): Row[] {
  const rows: Row[] = [];
  const add = (task: TaskName, model: string, data: string, examples: readonly Example[], predicted: boolean[]) => {
    const f = figures(examples.map((e) => e.positive), predicted);
    const metric = TASKS[task].metric;
    rows.push({ task, model, data, n: f.n, metric, figure: f[metric], macro_f1: f.macro_f1, positive_f1: f.positive_f1, precision: f.precision, recall: f.recall });
  };
  for (const task of TASK_NAMES) {
    const model = models()[task];
    const holdout = holdoutOf(task);
    const data = `${TASKS[task].file.replace(/^training\//, "")}, hold-out split (${holdout.length})`;
    const trained = scoreHoldout(model, holdout);
    const metric = TASKS[task].metric;
    rows.push({ task, model: `trained ${model.file.version}`, data, n: trained.n, metric, figure: trained[metric], macro_f1: trained.macro_f1, positive_f1: trained.positive_f1, precision: trained.precision, recall: trained.recall });
    add(task, "rules", data, holdout, holdout.map((e) => RULES[task](e.sentence)));
    if (task === "attribution") {
      // The three-label reading: sentences inside another sentence's reported content count as negatives.
      const all = holdoutOf(task, undefined, true);
      const d = `same, with CONTENT_OR_SOURCE_ONLY as negatives (${all.length})`;
      add(task, `trained ${model.file.version}`, d, all, all.map((e) => predict(model, e.sentence).positive));
      add(task, "rules", d, all, all.map((e) => RULES[task](e.sentence)));
    }
  }
  const table = [
    "| task | model | data | n | figure | macro-F1 | positive F1 | P | R |",
    "| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.task} | ${r.model} | ${r.data} | ${r.n} | ${r.metric} **${r.figure.toFixed(3)}** | ${r.macro_f1.toFixed(3)} | ${r.positive_f1.toFixed(3)} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} |`),
  ];
  const text = `# Claim assistance: quality on held-out data

Written by \`npm run eval -- report\`; do not edit by hand. Each trained model is scored on the
hold-out split of its training data (by article or debate, chosen by \`lib/domain/assist/learn/tasks.ts\`),
which training never sees: hyper-parameters, the threshold and the calibration come from 5-fold
cross-validation on the rest. "rules" is the hand-written detector on the same sentences. The
positive class is SUBJ, ATTRIBUTED and CFS. How the models are made: [decision 0018](decisions/0018-trained-assistance-models.md).

Read with care: the subjectivity hold-out is CheckThat's own dev split, on which the rules' weights
were fitted in an earlier session (decision 0009), so the rules' figure there is a dev figure, not a
held-out one (on the organisers' unseen test data the rules scored 0.609). The trained model uses
the rules' cue features but not their fitted score.

${table.join("\n")}
`;
  const spans = JSON.parse(readFileSync("models/attribution-spans.json", "utf8"));
  const spanRow = (who: string, label: string) => {
    const f = spans.holdout[who];
    return `| ${label} | ${f.cue.precision.toFixed(3)} | ${f.cue.recall.toFixed(3)} | ${f.cue.f1.toFixed(3)} | ${f.source.precision.toFixed(3)} | ${f.source.recall.toFixed(3)} | ${f.source.f1.toFixed(3)} |`;
  };
  const spanText = `
## Attribution spans (cue, source)

Span level on the ${spans.holdout.n} hold-out sentences of the attribution split (model ${spans.version}): a
predicted span is right when it overlaps a gold PolNeAR span, a gold span found when a predicted one
overlaps it.

| spans from | cue P | cue R | cue F1 | source P | source R | source F1 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${spanRow("rules", "rules")}
${spanRow("taggers", "taggers alone")}
${spanRow("rulesThenAgreedTaggers", "the app: rules, else taggers where the sentence model agrees")}
`;
  writeFileSync(out, text + spanText);
  for (const r of rows) console.log(`${r.task.padEnd(13)} ${r.model.padEnd(20)} ${r.metric} ${r.figure.toFixed(3)}  (${r.data})`);
  console.log(JSON.stringify({ task: "report", file: out, rows }));
  return rows;
}
