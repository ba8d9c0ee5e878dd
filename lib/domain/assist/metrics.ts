/** Scoring helpers for the eval harness (scripts/eval.ts). Pure functions. */

export type BinaryCounts = { tp: number; fp: number; fn: number; tn: number };
export type PRF = { precision: number; recall: number; f1: number };

export function prf(tp: number, fp: number, fn: number): PRF {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

export function binaryCounts(gold: readonly boolean[], predicted: readonly boolean[]): BinaryCounts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] && predicted[i]) c.tp++;
    else if (!gold[i] && predicted[i]) c.fp++;
    else if (gold[i] && !predicted[i]) c.fn++;
    else c.tn++;
  }
  return c;
}

/** Per-class precision/recall/F1, their macro average, and accuracy over any label set. */
export function classification<L extends string>(labels: readonly L[], gold: readonly L[], predicted: readonly L[]) {
  const perClass = {} as Record<L, PRF & { support: number }>;
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  for (const label of labels) {
    const c = binaryCounts(
      gold.map((g) => g === label),
      predicted.map((p) => p === label),
    );
    perClass[label] = { ...prf(c.tp, c.fp, c.fn), support: c.tp + c.fn };
  }
  const n = labels.length;
  const macro = {
    precision: labels.reduce((s, l) => s + perClass[l].precision, 0) / n,
    recall: labels.reduce((s, l) => s + perClass[l].recall, 0) / n,
    f1: labels.reduce((s, l) => s + perClass[l].f1, 0) / n,
  };
  return { perClass, macro, accuracy: gold.length === 0 ? 0 : correct / gold.length };
}

/**
 * Average precision of a ranking: the mean of precision@k over the ranks k of the positives, with
 * items sorted by descending score (ties keep input order). 0 when there is no positive.
 */
export function averagePrecision(scores: readonly number[], positive: readonly boolean[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let hits = 0;
  let sum = 0;
  order.forEach(([, i], rank) => {
    if (positive[i]) {
      hits++;
      sum += hits / (rank + 1);
    }
  });
  const total = positive.filter(Boolean).length;
  return total === 0 ? 0 : sum / total;
}

export type Table = { header: string[]; rows: string[][] };

/**
 * Parses a UTF-8 TSV with a header row. Plain TSV (no quoting) by default; when any header field
 * is wrapped in double quotes, fields may be quoted CSV-style ("a\tb", "" for a literal quote,
 * line breaks inside quotes). Handles a BOM and CRLF line ends; skips blank lines.
 */
export function parseTsv(input: string): Table {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const quoted = firstLine.split("\t").some((f) => /^\s*".*"\s*$/.test(f));
  const records = quoted ? parseQuoted(text) : text.split(/\r?\n/).map((line) => line.split("\t"));
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0]!.trim() === ""));
  const [header = [], ...rows] = nonEmpty;
  return { header: header.map((h) => h.trim()), rows };
}

function parseQuoted(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let inQuotes = false;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += c;
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
    } else if (c === "\t") {
      record.push(field);
      field = "";
      atFieldStart = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      atFieldStart = true;
    } else {
      field += c;
      atFieldStart = false;
    }
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Collapses runs of white space, for comparing sentences regardless of line wrapping. */
export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/**
 * Sentence-level scores for one text. Sentences are placed in the text ignoring white space (so
 * line wrapping does not matter and a sentence the splitter drops does not shift the others); a
 * predicted sentence counts when the same sentence is expected at the same place; a boundary is
 * the place where one sentence ends and the next begins.
 */
export function compareSegmentation(text: string, expected: readonly string[], predicted: readonly string[]) {
  const compact = text.replace(/\s+/g, "");
  const e = locate(compact, expected);
  const p = locate(compact, predicted);
  const eKeys = new Set(e.map((s) => `${s.start}:${s.end}`));
  let matched = 0;
  for (const s of p) if (eKeys.has(`${s.start}:${s.end}`)) matched++;
  const eb = new Set(e.slice(0, -1).map((s) => s.end));
  const pb = new Set(p.slice(0, -1).map((s) => s.end));
  let boundaryHits = 0;
  for (const b of pb) if (eb.has(b)) boundaryHits++;
  const exact = expected.length === predicted.length && expected.every((s, i) => normalizeSpace(s) === normalizeSpace(predicted[i]!));
  return {
    exact,
    sentences: { matched, expected: e.length, predicted: p.length },
    boundaries: { matched: boundaryHits, expected: eb.size, predicted: pb.size },
  };
}

/** Start and end of each sentence in the text with all white space removed, searched in order. */
function locate(compact: string, sentences: readonly string[]) {
  let cursor = 0;
  return sentences.map((raw) => {
    const s = raw.replace(/\s+/g, "");
    const found = compact.indexOf(s, cursor);
    const start = found >= 0 ? found : cursor;
    const end = start + s.length;
    cursor = end;
    return { start, end };
  });
}
