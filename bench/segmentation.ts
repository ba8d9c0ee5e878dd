// Speed of the sentence splitter on 1 MB of article text (decision 0003: under 100 ms warm).
// Not part of `npm run bench` (no server or database): `npx tsx bench/segmentation.ts`.
// Three texts of ~1 MB: the benchmark article generator, the same with list lines, spaced
// ellipses and times, and one long line without breaks (worst case for per-line work).
import { performance } from "node:perf_hooks";
import { segmentSentences, splitSentences } from "../lib/domain/segmentation";
import { articleText } from "./lib/text.mjs";

const MB = 1 << 20;

function toSize(make: (i: number) => string): string {
  let text = "";
  for (let i = 0; text.length < MB; i++) text += make(i);
  return text.slice(0, MB);
}

const article = toSize((i) => articleText({ seed: 1000 + i, sentences: 400 }));
const mixed = toSize(
  (i) =>
    `1.) Freeze the assets 2.) Expand the aid 3.) Talks in Geneva\n• 9. First item • 10. Second item\n` +
    `He paused . . . and then said “the talks will go on. . . .” At 5 a.m. Mr. Smith left. He came back at 6 P.M. Officials met at No. 10 Downing St. on day ${i}.\n` +
    `“Enough!” (he said). The U.S.-led coalition met in Ramstein, Ukrinform reports. You and I. Did Albert I. Jones see it?\n\n`,
);
const oneLine = article.replace(/\s+/g, " ");

function measure(name: string, text: string, fn: (t: string) => unknown): { name: string; first: number; median: number; max: number; sentences: number } {
  const t0 = performance.now();
  const sentences = (fn(text) as unknown[]).length;
  const first = performance.now() - t0;
  for (let i = 0; i < 5; i++) fn(text);
  const runs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    fn(text);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return { name, first: Math.round(first), median: Math.round(runs[7]! * 10) / 10, max: Math.round(runs.at(-1)! * 10) / 10, sentences };
}

const rows = [
  measure("article 1 MB, segmentSentences", article, segmentSentences),
  measure("article 1 MB, splitSentences", article, splitSentences),
  measure("lists/ellipses/times 1 MB, splitSentences", mixed, splitSentences),
  measure("article as one line 1 MB, splitSentences", oneLine, splitSentences),
];
console.table(rows);
console.log(`BENCH_JSON ${JSON.stringify(rows)}`);
