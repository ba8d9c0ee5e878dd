import type { ClaimReview } from "@/lib/schemas/export";
import type { ClaimStatus } from "@/lib/domain/verdicts";
import type { ExportDocumentMeta, JsonExportRow } from "./row";

// schema.org ClaimReview (JSON-LD) for publishing verdicts, one per SOURCED or DISPUTED claim
// (docs/decisions/0008-export-formats.md). OPINION is not a rating of truth: an opinion is neither
// true nor false, and a ClaimReview with any ratingValue would tell search engines and readers we
// rated it. Unreviewed claims have nothing to publish. Both are left out.

/** Our labels on schema.org's 1..5 scale (best 5, worst 1). */
export const CLAIMREVIEW_RATINGS = {
  SOURCED: { ratingValue: 5, alternateName: "Supported" },
  DISPUTED: { ratingValue: 1, alternateName: "Disputed" },
} as const;
export const BEST_RATING = 5;
export const WORST_RATING = 1;

export type ReviewableLabel = keyof typeof CLAIMREVIEW_RATINGS;
export const REVIEWABLE: readonly ClaimStatus[] = ["SOURCED", "DISPUTED"];
export const isReviewable = (status: ClaimStatus): status is ReviewableLabel => status === "SOURCED" || status === "DISPUTED";

// Words that mark a speaker as an organisation rather than a person. A heuristic: the claim has no
// "speaker kind" field (yet), and schema.org wants Person or Organization. Wrong guesses are
// harmless to readers (the name is what shows) and an editor can fix the speaker's wording.
const ORGANISATION_WORDS =
  /\b(ministry|ministries|minister's office|government|agency|agencies|office|department|council|committee|commission|parliament|senate|congress|assembly|army|armed forces|forces|military|navy|air force|police|court|tribunal|university|institute|institution|bank|company|corporation|corp|inc|ltd|llc|plc|gmbh|group|association|union|party|federation|press|news|media|times|post|herald|gazette|tribune|service|services|bureau|authority|administration|embassy|kremlin|pentagon|white house|foundation|organisation|organization|center|centre|board|fund|network|coalition|alliance|campaign|staff|spokespeople|officials|observatory)\b/i;
const ACRONYM = /^[A-Z][A-Z0-9&.]{1,7}$/; // NATO, UN, WHO, EU, IMF, U.N.

export function speakerType(name: string): "Person" | "Organization" {
  const n = name.trim();
  return ORGANISATION_WORDS.test(n) || ACRONYM.test(n) ? "Organization" : "Person";
}

type Who = { "@type": "Person" | "Organization"; name: string };

/**
 * Who made the claim: its attributed speaker, or, when the article says it in its own voice, the
 * article's author (a Person) or else its publisher (an Organization). Unknown: left out.
 */
export function claimAuthor(speaker: string | null, doc: Pick<ExportDocumentMeta, "author" | "publisher">): Who | undefined {
  if (speaker?.trim()) return { "@type": speakerType(speaker), name: speaker.trim() };
  if (doc.author?.trim()) return { "@type": "Person", name: doc.author.trim() };
  if (doc.publisher?.trim()) return { "@type": "Organization", name: doc.publisher.trim() };
  return undefined;
}

/** Why the rating: the reviewer's rationale, else (SOURCED needs no rationale) the sources it rests on. */
export function ratingExplanation(r: Pick<JsonExportRow, "rationale" | "sources" | "verdictLabel">): string {
  if (r.rationale?.trim()) return r.rationale.trim();
  const sources = r.sources ?? [];
  if (sources.length)
    return `Supported by ${sources.length === 1 ? "this source" : `these ${sources.length} sources`}: ${sources.map((s) => (s.title ? `${s.title} (${s.url})` : s.url)).join("; ")}.`;
  return r.verdictLabel === "DISPUTED" ? "Disputed by the fact-check." : "Supported by the fact-check.";
}

export type ClaimReviewContext = {
  /** Where Claimdesk runs, e.g. https://claimdesk.example.org (no trailing slash). */
  origin: string;
  /** The fact-checking organisation: the team. */
  teamName: string;
};

/** The ClaimReview of one claim, or null when its status is not a factual rating (OPINION, UNREVIEWED). */
export function claimReview(row: JsonExportRow, doc: ExportDocumentMeta, ctx: ClaimReviewContext): ClaimReview | null {
  if (!isReviewable(row.status) || row.verdictLabel !== row.status || !row.verdictAt) return null;
  const rating = CLAIMREVIEW_RATINGS[row.status];
  const author = claimAuthor(row.speaker, doc);
  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url: `${ctx.origin}/documents/${doc.id}#claim-${row.id}`,
    claimReviewed: row.exact,
    datePublished: row.verdictAt.slice(0, 10),
    author: { "@type": "Organization", name: ctx.teamName },
    reviewRating: {
      "@type": "Rating",
      ratingValue: rating.ratingValue,
      bestRating: BEST_RATING,
      worstRating: WORST_RATING,
      alternateName: rating.alternateName,
      ratingExplanation: ratingExplanation(row),
    },
    itemReviewed: {
      "@type": "Claim",
      ...(author ? { author } : {}),
      ...(doc.publishedAt ? { datePublished: doc.publishedAt } : {}),
      appearance: { "@type": "CreativeWork", ...(doc.sourceUrl ? { url: doc.sourceUrl } : {}), headline: doc.title },
    },
  };
}
