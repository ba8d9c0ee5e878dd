// ClaimReview (schema.org) for publishing: every required property, ratings per label, and never
// a rating for an OPINION or an unreviewed claim.
import { describe, expect, it } from "vitest";
import { CLAIMREVIEW_RATINGS, claimAuthor, claimReview, ratingExplanation, speakerType } from "@/lib/domain/exports/claimreview";
import type { ExportDocumentMeta, JsonExportRow } from "@/lib/domain/exports/row";
import { claimReviewSchema } from "@/lib/schemas/export";

const doc: ExportDocumentMeta = {
  id: 12,
  title: "Kyiv summit, day two",
  sourceUrl: "https://news.example.org/kyiv-summit",
  publisher: "Example News",
  author: "Olena Petrenko",
  publishedAt: "2026-11-20",
  importedAt: "2026-11-21T09:00:00.000Z",
  sha256: "a".repeat(64),
  length: 500,
};
const ctx = { origin: "https://claimdesk.example.org", teamName: "Demo Fact Desk" };

function row(status: JsonExportRow["status"], extra: Partial<JsonExportRow> = {}): JsonExportRow {
  const judged = status !== "UNREVIEWED";
  return {
    id: 345,
    documentId: doc.id,
    documentTitle: doc.title,
    documentUrl: doc.sourceUrl,
    start: 10,
    end: 40,
    exact: "The mayor said 40 percent of buses run on time.",
    prefix: "",
    suffix: "",
    speaker: "The mayor",
    cue: "said",
    status,
    origin: "SEGMENTER",
    version: judged ? 2 : 1,
    createdAt: "2026-11-21T09:00:00.000Z",
    verdictLabel: judged ? (status as JsonExportRow["verdictLabel"]) : null,
    verdictVersion: judged ? 2 : null,
    rationale: status === "DISPUTED" ? "The transport office's own figures say 22 percent." : null,
    reason: null,
    verdictAt: judged ? "2026-11-22T15:30:00.000Z" : null,
    reviewerId: judged ? 3 : null,
    reviewerName: judged ? "Rita" : null,
    reviewerEmail: judged ? "rita@example.org" : null,
    sources:
      status === "SOURCED"
        ? [
            { position: 0, url: "https://stats.example.org/buses", title: "Bus punctuality, October", publisher: null, quote: "40.2% on time", accessedAt: "2026-11-22" },
            { position: 1, url: "https://city.example.org/report", title: null, publisher: null, quote: null, accessedAt: null },
          ]
        : null,
    ...extra,
  };
}

describe("claimReview", () => {
  it("maps SOURCED to 5 “Supported” and DISPUTED to 1 “Disputed”, with every required property", () => {
    for (const status of ["SOURCED", "DISPUTED"] as const) {
      const review = claimReview(row(status), doc, ctx);
      expect(review).not.toBeNull();
      const parsed = claimReviewSchema.parse(review);
      expect(parsed.reviewRating.ratingValue).toBe(CLAIMREVIEW_RATINGS[status].ratingValue);
      expect(parsed.reviewRating.alternateName).toBe(status === "SOURCED" ? "Supported" : "Disputed");
      expect(parsed.reviewRating.ratingValue).toBe(status === "SOURCED" ? 5 : 1);
      expect(parsed.reviewRating).toMatchObject({ "@type": "Rating", bestRating: 5, worstRating: 1 });
      expect(parsed.url).toBe("https://claimdesk.example.org/documents/12#claim-345");
      expect(parsed.claimReviewed).toBe("The mayor said 40 percent of buses run on time.");
      expect(parsed.datePublished).toBe("2026-11-22");
      expect(parsed.author).toEqual({ "@type": "Organization", name: "Demo Fact Desk" });
      expect(parsed.itemReviewed).toEqual({
        "@type": "Claim",
        author: { "@type": "Person", name: "The mayor" },
        datePublished: "2026-11-20",
        appearance: { "@type": "CreativeWork", url: "https://news.example.org/kyiv-summit", headline: "Kyiv summit, day two" },
      });
    }
  });

  it("never rates an OPINION or an unreviewed claim", () => {
    expect(claimReview(row("OPINION"), doc, ctx)).toBeNull();
    expect(claimReview(row("UNREVIEWED"), doc, ctx)).toBeNull();
    expect(Object.keys(CLAIMREVIEW_RATINGS)).toEqual(["SOURCED", "DISPUTED"]);
  });

  it("explains a rating with the rationale, else with the sources", () => {
    expect(ratingExplanation(row("DISPUTED"))).toBe("The transport office's own figures say 22 percent.");
    expect(ratingExplanation(row("SOURCED"))).toBe(
      "Supported by these 2 sources: Bus punctuality, October (https://stats.example.org/buses); https://city.example.org/report.",
    );
  });

  it("leaves out what the document does not say", () => {
    const bare = { ...doc, sourceUrl: null, publishedAt: null, author: null, publisher: null };
    const review = claimReviewSchema.parse(claimReview(row("SOURCED", { speaker: null }), bare, ctx));
    expect(review.itemReviewed).toEqual({ "@type": "Claim", appearance: { "@type": "CreativeWork", headline: "Kyiv summit, day two" } });
  });
});

describe("who made the claim", () => {
  it.each([
    ["Dmitry Peskov", "Person"],
    ["The mayor", "Person"],
    ["Ukraine's Defence Ministry", "Organization"],
    ["NATO", "Organization"],
    ["U.N.", "Organization"],
    ["the city council", "Organization"],
    ["Reuters News", "Organization"],
  ] as const)("%s is a %s", (name, type) => {
    expect(speakerType(name)).toBe(type);
  });

  it("is the article's author, else its publisher, when the article says it in its own voice", () => {
    expect(claimAuthor(null, doc)).toEqual({ "@type": "Person", name: "Olena Petrenko" });
    expect(claimAuthor(null, { ...doc, author: null })).toEqual({ "@type": "Organization", name: "Example News" });
    expect(claimAuthor(null, { ...doc, author: null, publisher: null })).toBeUndefined();
    expect(claimAuthor("  ", { ...doc, author: " " })).toEqual({ "@type": "Organization", name: "Example News" });
  });
});
