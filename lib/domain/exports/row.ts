import type { ClaimStatus, VerdictLabel } from "@/lib/domain/verdicts";

// One claim as the export query returns it (lib/server/exports.ts): the claim, its document's
// title and link, its current verdict (the newest, null when unreviewed) with the reviewer, and
// that verdict's sources, already joined by the database. Times are ISO 8601 UTC strings.

export type ExportSourceRow = {
  position: number;
  url: string;
  title: string | null;
  publisher: string | null;
  quote: string | null;
  accessedAt: string | null;
};

export type ExportRow = {
  id: number;
  documentId: number;
  documentTitle: string;
  documentUrl: string | null;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  speaker: string | null;
  cue: string | null;
  status: ClaimStatus;
  origin: "SEGMENTER" | "MANUAL" | "SPLIT" | "MERGE";
  version: number;
  createdAt: string;
  verdictLabel: VerdictLabel | null;
  verdictVersion: number | null;
  rationale: string | null;
  reason: string | null;
  verdictAt: string | null;
  reviewerId: number | null;
  reviewerName: string | null;
  reviewerEmail: string | null;
};

/** CSV rows carry the sources as two ready-made cells (string_agg in SQL, see csv.ts). */
export type CsvExportRow = ExportRow & { sourcesText: string | null; sourceUrls: string | null };

/** JSON and ClaimReview rows carry the sources as an array (json_agg in SQL), in position order. */
export type JsonExportRow = ExportRow & { sources: ExportSourceRow[] | null };

/** What ClaimReview and the NDJSON document lines need to know about a document. */
export type ExportDocumentMeta = {
  id: number;
  title: string;
  sourceUrl: string | null;
  publisher: string | null;
  author: string | null;
  publishedAt: string | null;
  importedAt: string;
  sha256: string;
  length: number;
};
