// Speed of claim assistance (all hints) on a ~1 MB article (goal: under 1 s on the 2-core machine).
// Not part of `npm run bench` (no server or database): `npx tsx --conditions=react-server bench/assist.ts [runs]`.
// The article repeats the seed articles, each repetition's sentences carrying a distinct number so
// per-sentence memoization cannot help; every run uses new numbers. Segmented as import does.
// Prints the total of assistClaims (median of N runs after one warm-up) and a per-stage breakdown
// (each stage timed on its own, on fresh sentences, wink analysis first so later stages read it memoized).
// Wall time, and beside it this process's CPU time (all its threads), which other processes on a
// shared machine disturb less.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { analyze } from "../lib/domain/assist/analysis";
import { detectAttributionInSequence } from "../lib/domain/assist/attribution";
import { checkWorthiness } from "../lib/domain/assist/checkworthiness";
import { assistClaims } from "../lib/domain/assist/claims";
import { lshBands, trigramKeys } from "../lib/domain/assist/minhash";
import { subjectivity } from "../lib/domain/assist/subjectivity";
import { attributionHint, attributionSpans, checkworthyHint, opinionHint } from "../lib/domain/assist/trained";
import { segmentSentences } from "../lib/domain/segmentation";

const MB = 1 << 20;
const runs = Number(process.argv[2] ?? 5);
const dir = path.join(process.cwd(), "seeds");
const seeds = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().map((f) => readFileSync(path.join(dir, f), "utf8"));

function article(run: number): string {
  let text = "";
  for (let i = 0; text.length < MB; i++) {
    const n = run * 100000 + i;
    text += seeds[i % seeds.length]!.replace(/([.!?])(\s)/g, (_m, p, s) => ` (${n})${p}${s}`) + "\n\n";
  }
  return text;
}
const sentencesOf = (text: string) => segmentSentences(text).map((s) => text.slice(s.start, s.end));

type Took = { wall: number; cpu: number };
const time = (fn: () => unknown): Took => {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const { user, system } = process.cpuUsage(c);
  return { wall, cpu: (user + system) / 1000 };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const row = (stage: string, xs: Took[]) => ({ stage, ms: Math.round(median(xs.map((x) => x.wall))), cpuMs: Math.round(median(xs.map((x) => x.cpu))) });

const first = sentencesOf(article(0));
assistClaims(first); // warm-up
const totals: Took[] = [];
const stages: Record<string, Took[]> = {};
const add = (k: string, v: Took) => (stages[k] ??= []).push(v);
for (let r = 1; r <= runs; r++) {
  totals.push(time(() => assistClaims(sentencesOf(article(r)))));
  const s = sentencesOf(article(1000 + r));
  add("wink analysis (analyze)", time(() => s.forEach((t) => analyze(t))));
  add("attribution rules", time(() => detectAttributionInSequence(s)));
  add("subjectivity rules", time(() => s.forEach((t) => subjectivity(t))));
  add("check-worthiness rules", time(() => s.forEach((t) => checkWorthiness(t))));
  add("opinion model", time(() => s.forEach((t) => opinionHint(t))));
  add("check-worthy model", time(() => s.forEach((t) => checkworthyHint(t))));
  add("attribution model", time(() => s.forEach((t) => attributionHint(t))));
  add("span taggers (all sentences)", time(() => s.forEach((t) => attributionSpans(t))));
  add("minhash bands + trigrams", time(() => s.forEach((t) => { lshBands(t); trigramKeys(t); })));
}
const text = article(1);
const rows = [row("assistClaims total", totals), ...Object.entries(stages).map(([stage, xs]) => row(stage, xs))];
console.log(`article ${(text.length / 1024).toFixed(0)} KB, ${sentencesOf(text).length} sentences, median of ${runs} runs`);
console.table(rows);
console.log(`BENCH_JSON ${JSON.stringify(rows)}`);
