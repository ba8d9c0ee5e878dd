// The CSV export's cells: whatever a claim holds must come back unchanged through a real CSV
// parser (csv-parse), apart from the documented apostrophe in front of formula-like text.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_BOM, CSV_COLUMNS, CSV_TEXT_COLUMNS, csvField, csvHeader, csvRecords, formatSources, neutralise, unneutralise } from "@/lib/domain/exports/csv";
import type { CsvExportRow } from "@/lib/domain/exports/row";

const TRICKY = [
  "plain words",
  'He said "no", twice.',
  "commas, everywhere, here",
  "line one\nline two",
  "carriage\r\nreturn and\rlone CR",
  "Kyiv 🇺🇦 hosted 👨‍👩‍👧 and café",
  "=1+1",
  "+SUM(A1:A9)",
  "-2",
  "@cmd",
  "\tstarts with a tab",
  "\rstarts with a CR",
  "  =1+1 after spaces",
  "\t\t@SUM(A1) after tabs",
  " \u00A0-2 after a no-break space",
  "\n=cmd after a line break",
  "  plain after spaces",
  "=cmd|' /C calc'!A0",
  "'=already quoted",
  "''+twice",
  "'Tis the season",
  "a trailing quote\"",
  '"',
  "-",
  " =not at the start",
  "ends with a comma,",
];

function row(i: number, value: string): CsvExportRow {
  return {
    id: 1000 + i,
    documentId: 7,
    documentTitle: value,
    documentUrl: `https://news.example.org/a?x=${i}`,
    start: i * 10,
    end: i * 10 + 5,
    exact: value,
    prefix: value,
    suffix: value,
    speaker: value,
    cue: value,
    status: "SOURCED",
    origin: "SEGMENTER",
    version: 3,
    createdAt: "2026-11-23T18:36:14.358Z",
    verdictLabel: "SOURCED",
    verdictVersion: 3,
    rationale: value,
    reason: value,
    verdictAt: "2026-11-24T08:00:00.000Z",
    reviewerId: 4,
    reviewerName: value,
    reviewerEmail: "rita@example.org",
    sourcesText: value,
    sourceUrls: "https://a.example.org/1 https://b.example.org/2",
  };
}

const parseCsv = (text: string): Record<string, string>[] => parse(text, { bom: true, columns: true, record_delimiter: "\r\n", relax_quotes: false });

describe("CSV records", () => {
  const rows = TRICKY.map((v, i) => row(i, v));
  const text = csvHeader() + csvRecords(rows);

  it("start with a BOM and the header, and end every record with CRLF", () => {
    expect(text.startsWith(CSV_BOM + "document_id,document_title,document_url,claim_id,start,end,quote,")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    const parsed = parseCsv(text);
    expect(parsed).toHaveLength(rows.length);
    expect(Object.keys(parsed[0]!)).toEqual(CSV_COLUMNS.map(([name]) => name));
  });

  it("round-trip every tricky value through csv-parse, neutralised text cells starting with an apostrophe", () => {
    const parsed = parseCsv(text);
    for (const [i, value] of TRICKY.entries()) {
      const got = parsed[i]!;
      for (const column of ["document_title", "quote", "prefix", "suffix", "speaker", "cue", "rationale", "reason", "sources", "reviewer_name"]) {
        const cell = got[column]!;
        expect(unneutralise(cell), `${column} of ${JSON.stringify(value)}`).toBe(value);
        const formulaLike = /^'*(?:[\t\r\n]|\s*[=+\-@])/.test(value);
        expect(cell.startsWith("'"), `${column} of ${JSON.stringify(value)} neutralised`).toBe(formulaLike || value.startsWith("'"));
        if (formulaLike) expect(cell).toBe(`'${value}`);
      }
      // Our own columns are never touched.
      expect(got.claim_id).toBe(String(1000 + i));
      expect(got.start).toBe(String(i * 10));
      expect(got.end).toBe(String(i * 10 + 5));
      expect(got.status).toBe("SOURCED");
      expect(got.version).toBe("3");
      expect(got.verdict_at).toBe("2026-11-24T08:00:00.000Z");
      expect(got.source_urls).toBe("https://a.example.org/1 https://b.example.org/2");
    }
  });

  it("leave null as an empty field", () => {
    const empty = { ...row(0, "x"), speaker: null, cue: null, rationale: null, reason: null, sourcesText: null, sourceUrls: null, documentUrl: null };
    const [got] = parseCsv(csvHeader() + csvRecords([empty]));
    for (const c of ["speaker", "cue", "rationale", "reason", "sources", "source_urls", "document_url"]) expect(got![c]).toBe("");
  });

  it("name every free-text column as neutralised, and only those", () => {
    const hostile = "=HYPERLINK(\"http://evil.example\")";
    const all: CsvExportRow = {
      ...row(0, hostile),
      documentUrl: hostile,
      reviewerEmail: hostile,
      sourceUrls: hostile,
    };
    const [got] = parseCsv(csvHeader() + csvRecords([all]));
    for (const c of CSV_TEXT_COLUMNS) expect(got![c], c).toBe(`'${hostile}`);
    const others = CSV_COLUMNS.map(([n]) => n).filter((n) => !(CSV_TEXT_COLUMNS as readonly string[]).includes(n));
    for (const c of others) expect(got![c]!.startsWith("'"), c).toBe(false);
  });
});

describe("neutralise / unneutralise", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+SUM(A1)", "'+SUM(A1)"],
    ["-2", "'-2"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["\nx", "'\nx"],
    ["  =1+1", "'  =1+1"],
    [" \t+SUM(A1)", "' \t+SUM(A1)"],
    ["\u00A0@cmd", "'\u00A0@cmd"],
    ["\u2003\u3000=cmd", "'\u2003\u3000=cmd"],
    ["\uFEFF+1", "'\uFEFF+1"],
    ["   -2", "'   -2"],
    ["' =x", "'' =x"],
    ["  plain", "  plain"],
    [" a=b", " a=b"],
    ["'=x", "''=x"],
    ["'Tis", "'Tis"],
    ["plain", "plain"],
    ["", ""],
    ["a=b", "a=b"],
  ])("%j → %j and back", (value, cell) => {
    expect(neutralise(value)).toBe(cell);
    expect(unneutralise(cell)).toBe(value);
  });
});

describe("csvField", () => {
  it("quotes only what needs it and doubles inner quotes", () => {
    expect(csvField("abc")).toBe("abc");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField("a\rb")).toBe('"a\rb"');
    expect(csvField("🇺🇦")).toBe("🇺🇦");
  });
});

describe("formatSources", () => {
  it("writes title <url> “quote”, leaving out what is missing, joined by ' | '", () => {
    expect(
      formatSources([
        { url: "https://a.example.org/", title: 'Report, "final"', quote: "It rose." },
        { url: "https://b.example.org/x", title: null, quote: null },
        { url: "https://c.example.org/", title: "Only title", quote: null },
      ]),
    ).toBe('Report, "final" <https://a.example.org/> “It rose.” | <https://b.example.org/x> | Only title <https://c.example.org/>');
    expect(formatSources([])).toBe("");
  });
});
