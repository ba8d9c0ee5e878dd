import { EXPORT_SCHEMA_VERSION, type ExportClaim, type ExportDocument, type ExportFilters } from "@/lib/schemas/export";
import type { ExportDocumentMeta, JsonExportRow } from "./row";

// The JSON export, schema claimdesk.export/1 (lib/schemas/export.ts defines and validates it).
// Every claim carries its anchor in code points plus exact/prefix/suffix, so another tool can find
// it again in the document's text even where it counts characters differently (decision 0002).

export function claimRecord(r: JsonExportRow): ExportClaim {
  return {
    id: r.id,
    documentId: r.documentId,
    anchor: { unit: "codepoint", start: r.start, end: r.end, exact: r.exact, prefix: r.prefix, suffix: r.suffix },
    attribution: { speaker: r.speaker, cue: r.cue },
    status: r.status,
    origin: r.origin,
    version: r.version,
    createdAt: r.createdAt,
    verdict:
      r.verdictLabel === null
        ? null
        : {
            label: r.verdictLabel,
            version: r.verdictVersion!,
            rationale: r.rationale,
            reason: r.reason,
            reviewer: { id: r.reviewerId!, name: r.reviewerName!, email: r.reviewerEmail! },
            createdAt: r.verdictAt!,
            sources: r.sources ?? [],
          },
  };
}

export function documentRecord(d: ExportDocumentMeta): ExportDocument {
  return {
    id: d.id,
    title: d.title,
    sourceUrl: d.sourceUrl,
    publisher: d.publisher,
    author: d.author,
    publishedAt: d.publishedAt,
    importedAt: d.importedAt,
    sha256: d.sha256,
    length: d.length,
  };
}

export type ExportTeam = { id: number; name: string; slug: string };

/**
 * The per-document JSON file is one object; it is written in three parts around the claims so the
 * server never holds all of them: head() + claims joined by "," + tail().
 */
export const documentJson = {
  head(team: ExportTeam, doc: ExportDocumentMeta & { text: string }, exportedAt: string): string {
    const document = { ...documentRecord(doc), text: doc.text };
    return `{"exportSchemaVersion":${JSON.stringify(EXPORT_SCHEMA_VERSION)},"exportedAt":${JSON.stringify(exportedAt)},"team":${JSON.stringify(team)},"document":${JSON.stringify(document)},"claims":[\n`;
  },
  tail(): string {
    return "\n]}\n";
  },
};

/**
 * The team-wide JSON file (lib/schemas/export.ts, teamExportSchema) is one object streamed in
 * pieces: head, then for each document open() and its claims, close() before the next document,
 * and tail(). Claims arrive ordered by document, so nothing is held back. Each claim sits on a line
 * of its own, which keeps the file readable and line-oriented tools usable.
 */
export function teamJson(team: ExportTeam, filters: ExportFilters, exportedAt: string) {
  let documents = 0;
  let claims = 0;
  let open = false;
  let firstClaim = true;
  const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
  return {
    head: `{"exportSchemaVersion":${JSON.stringify(EXPORT_SCHEMA_VERSION)},"exportedAt":${JSON.stringify(exportedAt)},"team":${JSON.stringify(team)},"filters":${JSON.stringify(clean)},"documents":[`,
    /** Starts a document's object; closes the previous one. */
    document(d: ExportDocumentMeta): string {
      const record = JSON.stringify(documentRecord(d));
      const out = `${open ? "\n]},\n" : "\n"}${record.slice(0, -1)},"claims":[\n`;
      open = true;
      firstClaim = true;
      documents++;
      return out;
    },
    claim(r: JsonExportRow): string {
      const out = (firstClaim ? "" : ",\n") + JSON.stringify(claimRecord(r));
      firstClaim = false;
      claims++;
      return out;
    },
    tail(): string {
      return `${open ? "\n]}\n" : ""}],"counts":{"documents":${documents},"claims":${claims}}}\n`;
    },
  };
}
