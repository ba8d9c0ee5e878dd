import type { CsvExportRow, ExportSourceRow } from "./row";

// The CSV export (docs/decisions/0008-export-formats.md): RFC 4180, UTF-8 with a byte order mark,
// CRLF after every record, one record per claim. Written by hand rather than with csv-stringify:
// the rules are four lines, the formula guard is ours either way, and it formats 2.5x faster
// (measured on 2,000-row batches), which is most of the export's own CPU time. The tests parse
// the output with csv-parse to hold it to the RFC.

/** Excel opens a CSV as the machine's ANSI code page unless the file starts with a UTF-8 BOM. */
export const CSV_BOM = "\uFEFF";
export const CSV_EOL = "\r\n";

/** Characters that make a field need quotes (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A spreadsheet runs a cell starting with = + - @ as a formula, also after leading white space
 * (any Unicode white space: spaces, no-break spaces, tabs, line breaks; Excel and LibreOffice trim them on import), which a
 * hostile article could use (`=HYPERLINK(...)`, DDE `=cmd|...`). A cell starting with a tab, CR or
 * LF is neutralised whatever follows (OWASP's list). Such text cells get a leading
 * apostrophe, which spreadsheets read as "this is text" (OWASP's advice). Values that already start
 * with apostrophes before one of those characters get one more, so the rule is reversible:
 * unneutralise() removes exactly one.
 */
const FORMULA_START = /^'*(?:[\t\r\n]|\s*[=+\-@])/;
const NEUTRALISED = /^'+(?:[\t\r\n]|\s*[=+\-@])/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The value as stored, from a neutralised CSV text cell. */
export function unneutralise(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(1) : cell;
}

/** One field, quoted only when it must be. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A text field: neutralised against formulas, then quoted as needed; null is an empty field. */
const text = (value: string | null): string => (value === null || value === "" ? "" : csvField(neutralise(value)));
/** Ids, offsets, versions, enum values and times we generate: never formula-like, never quoted. */
const plain = (value: number | string | null): string => (value === null ? "" : String(value));

/**
 * How a verdict's sources read in one cell: each as `title <url> “quote”` (title and quote left out
 * when absent), joined by ` | `, in the reviewer's order. The database builds the same string with
 * string_agg (lib/server/exports.ts); this is the reference the tests compare it with.
 */
export function formatSources(sources: Pick<ExportSourceRow, "url" | "title" | "quote">[]): string {
  return sources
    .map((s) => [s.title || null, `<${s.url}>`, s.quote ? `“${s.quote}”` : null].filter((p) => p !== null).join(" "))
    .join(" | ");
}

/** The columns, in order: name and how a row fills it. */
export const CSV_COLUMNS: readonly (readonly [name: string, cell: (r: CsvExportRow) => string])[] = [
  ["document_id", (r) => plain(r.documentId)],
  ["document_title", (r) => text(r.documentTitle)],
  ["document_url", (r) => text(r.documentUrl)],
  ["claim_id", (r) => plain(r.id)],
  ["start", (r) => plain(r.start)],
  ["end", (r) => plain(r.end)],
  ["quote", (r) => text(r.exact)],
  ["prefix", (r) => text(r.prefix)],
  ["suffix", (r) => text(r.suffix)],
  ["speaker", (r) => text(r.speaker)],
  ["cue", (r) => text(r.cue)],
  ["status", (r) => plain(r.status)],
  ["rationale", (r) => text(r.rationale)],
  ["reason", (r) => text(r.reason)],
  ["sources", (r) => text(r.sourcesText)],
  ["source_urls", (r) => text(r.sourceUrls)],
  ["reviewer_name", (r) => text(r.reviewerName)],
  ["reviewer_email", (r) => text(r.reviewerEmail)],
  ["verdict_at", (r) => plain(r.verdictAt)],
  ["claim_created_at", (r) => plain(r.createdAt)],
  ["version", (r) => plain(r.version)],
];

/** The columns whose cells are neutralised (free text); the others are ours and never formula-like. */
export const CSV_TEXT_COLUMNS = [
  "document_title",
  "document_url",
  "quote",
  "prefix",
  "suffix",
  "speaker",
  "cue",
  "rationale",
  "reason",
  "sources",
  "source_urls",
  "reviewer_name",
  "reviewer_email",
] as const;

/** The BOM and the header record. */
export function csvHeader(): string {
  return CSV_BOM + CSV_COLUMNS.map(([name]) => name).join(",") + CSV_EOL;
}

/** One claim's record, with its CRLF. */
export function csvRecord(row: CsvExportRow): string {
  let line = "";
  for (let i = 0; i < CSV_COLUMNS.length; i++) line += (i ? "," : "") + CSV_COLUMNS[i]![1](row);
  return line + CSV_EOL;
}

/** Any number of records as one string (one chunk of the stream). */
export function csvRecords(rows: readonly CsvExportRow[]): string {
  let out = "";
  for (const row of rows) out += csvRecord(row);
  return out;
}
