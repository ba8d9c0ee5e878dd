import { z } from "zod";
import { blankAsAbsent, queryDay, queryId } from "./query-params";
import { CLAIM_STATUSES, VERDICT_LABELS } from "@/lib/domain/verdicts";

// Exports (docs/decisions/0008-export-formats.md): the query strings of the two export routes, and
// the versioned JSON schema of what they write. The same schema documents the JSON format, and the
// tests validate every exported record with it.

export const EXPORT_FORMATS = ["csv", "json", "claimreview"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Bump when a field is removed, renamed or changes meaning; adding an optional field keeps /1. */
export const EXPORT_SCHEMA_VERSION = "claimdesk.export/1";

const format = z.enum(EXPORT_FORMATS, { error: "format must be one of csv, json or claimreview." });


/** ?proposed=1: ClaimReview also lists verdicts no editor has approved yet (not a filter of CSV/JSON). */
export const proposedQuery = z.preprocess(
  blankAsAbsent,
  z.enum(["0", "1"], { error: "proposed must be 1 (include verdicts not yet approved) or 0." }).optional().transform((v) => v === "1"),
);

/** GET /api/documents/:id/export: every value arrives as text. */
export const documentExportQuery = z.object({ format, proposed: proposedQuery });
export type DocumentExportQuery = z.infer<typeof documentExportQuery>;

/**
 * GET /api/exports. from/to are UTC days (to inclusive) on the time of each claim's current
 * verdict, so a date range selects judged claims only. verdict is the claim's status.
 */
export const teamExportQuery = z
  .object({
    format,
    proposed: proposedQuery,
    from: queryDay("from"),
    to: queryDay("to"),
    verdict: z.preprocess(
      blankAsAbsent,
      z.enum(CLAIM_STATUSES, { error: `verdict must be one of ${CLAIM_STATUSES.join(", ")}.` }).optional(),
    ),
    reviewer: queryId("reviewer"),
    document: queryId("document"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], error: "The “to” date is before the “from” date: swap them." });
export type TeamExportQuery = z.infer<typeof teamExportQuery>;
export type ExportFilters = Omit<TeamExportQuery, "format" | "proposed">;

// ---------------------------------------------------------------------------------------------
// The JSON export, schema claimdesk.export/1.

const isoTime = z.iso.datetime({ error: "must be an ISO 8601 UTC time." });
const isoDay = z.iso.date({ error: "must be a date written YYYY-MM-DD." });
const nonNegative = z.number().int().min(0);

export const exportSourceSchema = z.strictObject({
  position: nonNegative,
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().nullable(),
  publisher: z.string().nullable(),
  quote: z.string().nullable(),
  accessedAt: isoDay.nullable(),
});

export const exportVerdictSchema = z.strictObject({
  label: z.enum(VERDICT_LABELS),
  /** The claim version this verdict produced; the current verdict is the one with the highest. */
  version: z.number().int().min(1),
  rationale: z.string().nullable(),
  /** Why this verdict replaced the previous one (null for a first verdict). */
  reason: z.string().nullable(),
  reviewer: z.strictObject({ id: z.number().int().positive(), name: z.string(), email: z.string() }),
  createdAt: isoTime,
  /** In the order the reviewer gave them. */
  sources: z.array(exportSourceSchema),
});

/** A W3C Web Annotation TextPositionSelector + TextQuoteSelector pair, in code points (decision 0002). */
export const exportAnchorSchema = z
  .strictObject({
    unit: z.literal("codepoint"),
    start: nonNegative,
    end: nonNegative,
    exact: z.string().min(1),
    prefix: z.string(),
    suffix: z.string(),
  })
  .refine((a) => a.end > a.start, { path: ["end"], error: "end must be after start." })
  .refine((a) => Array.from(a.exact).length === a.end - a.start, { path: ["exact"], error: "exact must be end - start code points long." });

const claimShape = {
  id: z.number().int().positive(),
  documentId: z.number().int().positive(),
  anchor: exportAnchorSchema,
  /** Who said it; speaker null = the article's own voice. */
  attribution: z.strictObject({ speaker: z.string().nullable(), cue: z.string().nullable() }),
  status: z.enum(CLAIM_STATUSES),
  origin: z.enum(["SEGMENTER", "MANUAL", "SPLIT", "MERGE"]),
  /** The claim's version (optimistic lock): it grows with every change. */
  version: z.number().int().min(1),
  createdAt: isoTime,
  /** The current verdict (the newest), or null for an unreviewed claim. */
  verdict: exportVerdictSchema.nullable(),
};
const verdictMatchesStatus = (c: { status: string; verdict: { label: string } | null }) =>
  c.status === "UNREVIEWED" ? c.verdict === null : c.verdict?.label === c.status;
export const exportClaimSchema = z
  .strictObject(claimShape)
  .refine(verdictMatchesStatus, { path: ["verdict"], error: "verdict must match status (null when UNREVIEWED)." });
export type ExportClaim = z.infer<typeof exportClaimSchema>;

export const exportDocumentSchema = z.strictObject({
  id: z.number().int().positive(),
  title: z.string(),
  sourceUrl: z.string().nullable(),
  publisher: z.string().nullable(),
  author: z.string().nullable(),
  publishedAt: isoDay.nullable(),
  importedAt: isoTime,
  /** Of the UTF-8 text, hex: lets a tool check it holds the very text the offsets count in. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** In code points. */
  length: nonNegative,
});
export type ExportDocument = z.infer<typeof exportDocumentSchema>;

export const exportTeamSchema = z.strictObject({ id: z.number().int().positive(), name: z.string(), slug: z.string() });

const filtersSchema = z.strictObject({
  from: isoDay.optional(),
  to: isoDay.optional(),
  verdict: z.enum(CLAIM_STATUSES).optional(),
  reviewer: z.number().int().positive().optional(),
  document: z.number().int().positive().optional(),
});

/** GET /api/documents/:id/export?format=json: one JSON object. */
export const documentExportSchema = z
  .strictObject({
    exportSchemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
    exportedAt: isoTime,
    team: exportTeamSchema,
    document: exportDocumentSchema.extend({ text: z.string() }),
    claims: z.array(exportClaimSchema),
  })
  .refine((d) => d.claims.every((c) => c.documentId === d.document.id), { path: ["claims"], error: "every claim must belong to the document." });
export type DocumentExport = z.infer<typeof documentExportSchema>;

/**
 * GET /api/exports?format=json: one JSON document, streamed. Each document of the team that has
 * matching claims, in import order, with its claims nested in text order (no text: fetch the
 * per-document export for that, and check it by sha256). counts comes last, so a file that was cut
 * short fails to parse rather than looking complete.
 */
export const teamExportSchema = z
  .strictObject({
    exportSchemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
    exportedAt: isoTime,
    team: exportTeamSchema,
    filters: filtersSchema,
    documents: z.array(exportDocumentSchema.extend({ claims: z.array(exportClaimSchema) })),
    counts: z.strictObject({ documents: nonNegative, claims: nonNegative }),
  })
  .refine((t) => t.documents.every((d) => d.claims.every((c) => c.documentId === d.id)), { path: ["documents"], error: "every claim must sit under its document." })
  .refine((t) => t.counts.documents === t.documents.length && t.counts.claims === t.documents.reduce((n, d) => n + d.claims.length, 0), {
    path: ["counts"],
    error: "counts must match the documents and claims in the file.",
  });
export type TeamExport = z.infer<typeof teamExportSchema>;

// ---------------------------------------------------------------------------------------------
// ClaimReview (schema.org) JSON-LD: the properties we always write, checked in the tests.

const thing = z.object({ "@type": z.enum(["Person", "Organization"]), name: z.string().min(1) });

export const claimReviewSchema = z.object({
  "@context": z.literal("https://schema.org"),
  "@type": z.literal("ClaimReview"),
  url: z.url(),
  claimReviewed: z.string().min(1),
  datePublished: isoDay,
  author: z.object({ "@type": z.literal("Organization"), name: z.string().min(1) }),
  reviewRating: z.object({
    "@type": z.literal("Rating"),
    ratingValue: z.number().int(),
    bestRating: z.literal(5),
    worstRating: z.literal(1),
    alternateName: z.enum(["Supported", "Disputed"]),
    ratingExplanation: z.string().min(1),
  }),
  itemReviewed: z.object({
    "@type": z.literal("Claim"),
    author: thing.optional(),
    datePublished: isoDay.optional(),
    appearance: z.object({ "@type": z.literal("CreativeWork"), url: z.url().optional(), headline: z.string() }),
  }),
});
export type ClaimReview = z.infer<typeof claimReviewSchema>;
