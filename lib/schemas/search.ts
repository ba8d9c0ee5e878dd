import { z } from "zod";
import { blankAsAbsent, queryDay, queryId } from "./query-params";
import { CLAIM_STATUSES } from "@/lib/domain/verdicts";
import { storableText } from "./common";

// GET /api/search (docs/decisions/0011-search.md). Every value arrives as text from the query
// string; status may repeat (?status=SOURCED&status=DISPUTED).

export const SEARCH_MAX_QUERY = 200;
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 100;
/** Matches counted and ranked at most: the total reads "1,000+" beyond, and pages stop there. */
export const SEARCH_MAX_RESULTS = 1_000;


const whole = (what: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    blankAsAbsent,
    z
      .string({ error: `${what} must be a whole number from ${min} to ${max}.` })
      .regex(/^[0-9]{1,7}$/, { error: `${what} must be a whole number from ${min} to ${max}.` })
      .transform(Number)
      .refine((n) => n >= min && n <= max, { error: `${what} must be a whole number from ${min} to ${max}.` })
      .default(fallback),
  );

export const searchQuery = z
  .object({
    q: z.preprocess(
      (v) => (v === null ? undefined : v),
      storableText("The search")
        .optional()
        .transform((s) => s?.trim() ?? "")
        .refine((s) => s.length > 0, { error: "Type a word or phrase to search for (the q parameter is empty)." })
        .refine((s) => s.length <= SEARCH_MAX_QUERY, { error: `The search is too long: shorten it to at most ${SEARCH_MAX_QUERY} characters.` }),
    ),
    status: z
      .array(z.enum(CLAIM_STATUSES, { error: `status must be one of ${CLAIM_STATUSES.join(", ")}; repeat it for several.` }))
      .max(CLAIM_STATUSES.length, { error: `status can be given at most ${CLAIM_STATUSES.length} times.` })
      .transform((s) => [...new Set(s)]),
    reviewer: queryId("reviewer"),
    from: queryDay("from"),
    to: queryDay("to"),
    document: queryId("document"),
    limit: whole("limit", 1, SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT),
    offset: whole("offset", 0, SEARCH_MAX_RESULTS - 1, 0),
    dismissed: z.preprocess(blankAsAbsent, z.enum(["0", "1"], { error: "dismissed must be 0 (leave dismissed candidates out) or 1 (include them)." }).default("0")),
  })
  .refine((s) => !s.from || !s.to || s.from <= s.to, { path: ["to"], error: "The “to” date is before the “from” date: swap them." });

export type SearchQuery = z.infer<typeof searchQuery>;

/** The query string as the route reads it (repeated status values kept). */
export function searchParamsInput(params: URLSearchParams) {
  return {
    q: params.get("q"),
    status: params.getAll("status").flatMap((s) => s.split(",")).filter(Boolean),
    reviewer: params.get("reviewer"),
    from: params.get("from"),
    to: params.get("to"),
    document: params.get("document"),
    limit: params.get("limit"),
    offset: params.get("offset"),
    dismissed: params.get("dismissed"),
  };
}

// ---------------------------------------------------------------------------------------------
// The response.

export const highlightFragmentSchema = z.strictObject({ text: z.string(), hit: z.boolean() });

export const searchHitSchema = z.strictObject({
  claimId: z.number().int().positive(),
  documentId: z.number().int().positive(),
  documentTitle: z.string(),
  exact: z.string(),
  status: z.enum(CLAIM_STATUSES),
  dismissed: z.boolean(),
  reviewer: z.strictObject({ id: z.number().int().positive(), name: z.string() }).nullable(),
  /** ISO 8601 UTC time of the current verdict, null when unreviewed. */
  judgedAt: z.string().nullable(),
  /** The claim (or, for a very long one, up to three passages joined by " … ") in fragments; hit = matched. */
  highlight: z.array(highlightFragmentSchema),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchDocumentSchema = z.strictObject({
  id: z.number().int().positive(),
  title: z.string(),
  publisher: z.string().nullable(),
  author: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type SearchDocument = z.infer<typeof searchDocumentSchema>;

export const searchResultSchema = z.strictObject({
  query: z.strictObject({
    q: z.string(),
    /** The word also matched as part of a word (substring), if any. */
    partial: z.string().nullable(),
  }),
  /** count is exact up to SEARCH_MAX_RESULTS; capped = there are more ("1,000+"). */
  total: z.strictObject({ count: z.number().int().min(0), capped: z.boolean() }),
  hits: z.array(searchHitSchema),
  /** Documents whose title, publisher or author match: first page only, at most 5. */
  documents: z.array(searchDocumentSchema),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
  /** The offset of the next page, or null at the end (or at the 1,000-result cap). */
  nextOffset: z.number().int().min(0).nullable(),
  /** Set when the query left nothing to search for (e.g. only very short or stop words). */
  notice: z.string().nullable(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
