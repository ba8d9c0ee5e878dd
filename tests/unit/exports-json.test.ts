// The versioned JSON export: the zod schema accepts what the builders write and rejects broken
// records; file names.
import { describe, expect, it } from "vitest";
import { attachment, exportFilename, slugify } from "@/lib/domain/exports/http";
import { claimRecord, documentJson, teamJson } from "@/lib/domain/exports/json";
import type { ExportDocumentMeta, JsonExportRow } from "@/lib/domain/exports/row";
import { documentExportSchema, EXPORT_SCHEMA_VERSION, exportClaimSchema, teamExportSchema } from "@/lib/schemas/export";

const text = "Kyiv 🇺🇦 hosted the summit. The mayor said 40 percent of buses run on time!";
const doc: ExportDocumentMeta & { text: string } = {
  id: 5,
  title: "Summit",
  sourceUrl: null,
  publisher: "Example News",
  author: null,
  publishedAt: "2026-11-20",
  importedAt: "2026-11-21T09:00:00.000Z",
  sha256: "0123456789abcdef".repeat(4),
  length: Array.from(text).length,
  text,
};
const team = { id: 1, name: "Demo", slug: "demo" };

function rowFor(exact: string, status: JsonExportRow["status"], id: number): JsonExportRow {
  const cps = Array.from(text);
  const start = Array.from(text.slice(0, text.indexOf(exact))).length;
  const end = start + Array.from(exact).length;
  const judged = status !== "UNREVIEWED";
  return {
    id,
    documentId: doc.id,
    documentTitle: doc.title,
    documentUrl: null,
    start,
    end,
    exact,
    prefix: cps.slice(Math.max(0, start - 32), start).join(""),
    suffix: cps.slice(end, end + 32).join(""),
    speaker: null,
    cue: null,
    status,
    origin: "SEGMENTER",
    version: judged ? 2 : 1,
    createdAt: "2026-11-21T09:00:00.000Z",
    verdictLabel: judged ? (status as JsonExportRow["verdictLabel"]) : null,
    verdictVersion: judged ? 2 : null,
    rationale: null,
    reason: null,
    verdictAt: judged ? "2026-11-22T15:30:00.000Z" : null,
    reviewerId: judged ? 3 : null,
    reviewerName: judged ? "Rita" : null,
    reviewerEmail: judged ? "rita@example.org" : null,
    sources: status === "SOURCED" ? [{ position: 0, url: "https://stats.example.org/", title: "T", publisher: null, quote: "q", accessedAt: null }] : null,
  };
}

const rows = [rowFor("Kyiv 🇺🇦 hosted the summit.", "SOURCED", 1), rowFor("The mayor said 40 percent of buses run on time!", "UNREVIEWED", 2)];

describe("the JSON export schema", () => {
  it("accepts the per-document file the builders write", () => {
    const file = documentJson.head(team, doc, "2026-11-23T10:00:00.000Z") + rows.map((r) => JSON.stringify(claimRecord(r))).join(",\n") + documentJson.tail();
    const parsed = documentExportSchema.parse(JSON.parse(file));
    expect(parsed.exportSchemaVersion).toBe(EXPORT_SCHEMA_VERSION);
    expect(parsed.document.text).toBe(text);
    for (const c of parsed.claims) expect(Array.from(text).slice(c.anchor.start, c.anchor.end).join("")).toBe(c.anchor.exact);
  });

  it("accepts an empty per-document file", () => {
    const file = documentJson.head(team, doc, "2026-11-23T10:00:00.000Z") + documentJson.tail();
    expect(documentExportSchema.parse(JSON.parse(file)).claims).toEqual([]);
  });

  it("accepts the team file the builders write, documents holding their claims", () => {
    const other = { ...doc, id: 6, title: "Second" };
    const json = teamJson(team, { verdict: "SOURCED", from: undefined }, "2026-11-23T10:00:00.000Z");
    const file =
      json.head +
      json.document(doc) +
      rows.map((r) => json.claim(r)).join("") +
      json.document(other) +
      json.claim({ ...rows[1]!, id: 3, documentId: 6 }) +
      json.tail();
    const parsed = teamExportSchema.parse(JSON.parse(file));
    expect(parsed.filters).toEqual({ verdict: "SOURCED" });
    expect(parsed.documents.map((d) => [d.id, d.claims.map((c) => c.id)])).toEqual([
      [5, [1, 2]],
      [6, [3]],
    ]);
    expect(parsed.counts).toEqual({ documents: 2, claims: 3 });
    expect("text" in parsed.documents[0]!).toBe(false);
    // One claim per line.
    expect(file.split("\n").filter((l) => l.startsWith('{"id":') && l.includes('"anchor"'))).toHaveLength(3);
  });

  it("accepts an empty team file", () => {
    const json = teamJson(team, {}, "2026-11-23T10:00:00.000Z");
    expect(teamExportSchema.parse(JSON.parse(json.head + json.tail()))).toMatchObject({ documents: [], counts: { documents: 0, claims: 0 } });
  });

  it("rejects broken records", () => {
    const good = claimRecord(rows[0]!);
    expect(exportClaimSchema.safeParse(good).success).toBe(true);
    const broken: unknown[] = [
      { ...good, status: "OPINION" }, // status and verdict disagree
      { ...good, verdict: null }, // SOURCED without its verdict
      { ...good, anchor: { ...good.anchor, end: good.anchor.end + 1 } }, // exact is not end - start code points
      { ...good, anchor: { ...good.anchor, unit: "utf16" } },
      { ...good, anchor: { ...good.anchor, start: -1 } },
      { ...good, extra: 1 }, // unknown field
      { ...good, createdAt: "yesterday" },
      { ...good, verdict: { ...good.verdict!, sources: [{ ...good.verdict!.sources[0]!, url: "javascript:alert(1)" }] } },
      Object.fromEntries(Object.entries(good).filter(([k]) => k !== "attribution")), // a field missing
    ];
    for (const b of broken) expect(exportClaimSchema.safeParse(b).success, JSON.stringify(b).slice(0, 200)).toBe(false);
    const json = teamJson(team, {}, "2026-11-23T10:00:00.000Z");
    const file = JSON.parse(json.head + json.document(doc) + json.claim(rows[0]!) + json.tail());
    expect(teamExportSchema.safeParse(file).success).toBe(true);
    expect(teamExportSchema.safeParse({ ...file, counts: { documents: 1, claims: 2 } }).success).toBe(false);
    expect(teamExportSchema.safeParse({ ...file, documents: [{ ...file.documents[0], id: 99 }] }).success).toBe(false); // a claim under another document
  });
});

describe("file names", () => {
  const date = new Date("2026-11-23T12:00:00Z");
  it("say whose, what, which format and when", () => {
    expect(exportFilename({ subject: "demo", fallback: "team-1", format: "csv", date })).toBe("claimdesk-demo-claims-2026-11-23.csv");
    expect(exportFilename({ subject: "demo", fallback: "team-1", format: "json", date })).toBe("claimdesk-demo-claims-2026-11-23.json");
    expect(exportFilename({ subject: "Café talks: “Peace” 🇺🇦!", fallback: "document-5", format: "json", date })).toBe(
      "claimdesk-cafe-talks-peace-claims-2026-11-23.json",
    );
    expect(exportFilename({ subject: "🇺🇦🇺🇦", fallback: "document-5", format: "claimreview", date })).toBe(
      "claimdesk-document-5-claimreview-2026-11-23.jsonld",
    );
  });
  it("are short and header-safe", () => {
    expect(slugify("a".repeat(30) + " " + "b".repeat(40))).toBe("a".repeat(30));
    expect(slugify("x".repeat(100))).toHaveLength(60);
    expect(attachment('a"b\r\n.csv')).toBe('attachment; filename="ab.csv"');
  });
});
