import { describe, expect, it } from "vitest";
import { describeDocumentEvent, type DocumentEventLike } from "@/lib/domain/document-events";

const e = (kind: DocumentEventLike["kind"], data: unknown = {}, reason: string | null = null, actor: string | null = "Ana"): DocumentEventLike => ({ kind, actor, reason, data });

describe("describeDocumentEvent", () => {
  it("says who approved the document and how many verdicts were signed off with it", () => {
    expect(describeDocumentEvent(e("APPROVED", { claimsApproved: 12 }))).toBe("Ana approved the document (12 verdicts signed off with it)");
    expect(describeDocumentEvent(e("APPROVED", { claimsApproved: 1 }))).toBe("Ana approved the document (1 verdict signed off with it)");
    expect(describeDocumentEvent(e("APPROVED", { claimsApproved: 0 }))).toBe("Ana approved the document");
  });
  it("gives the reason of a reopening", () => {
    expect(describeDocumentEvent(e("REOPENED", {}, "a reader sent a correction", "Ben"))).toBe("Ben reopened it: a reader sent a correction");
  });
  it("names the reviewer, the claims by their numbers then, and the due day of an assignment", () => {
    expect(describeDocumentEvent(e("ASSIGNED", { reviewerId: 3, reviewer: "Cy", range: { start: 10, end: 90, first: 3, last: 9 }, dueOn: "2026-12-10" }))).toBe(
      "Ana assigned it to Cy, claims 3–9, due 2026-12-10",
    );
    expect(describeDocumentEvent(e("ASSIGNED", { reviewer: "Cy", range: { start: 10, end: 20, first: 4, last: 4 }, dueOn: null }))).toBe("Ana assigned it to Cy, claim 4");
    expect(describeDocumentEvent(e("ASSIGNED", { reviewer: "Cy", range: null, dueOn: null }))).toBe("Ana assigned it to Cy");
    expect(describeDocumentEvent(e("UNASSIGNED", { reviewer: "Cy" }))).toBe("Ana took the assignment back from Cy");
    expect(describeDocumentEvent(e("UNASSIGNED", { reviewer: "Cy", memberRemoved: true }))).toBe("Ana removed Cy from the team, which ended their assignment");
  });
  it("describes second reviews and adjudications from whatever data they carry", () => {
    expect(describeDocumentEvent(e("SECOND_REVIEW_REQUESTED", { reviewerId: 4, reviewer: "Dee", percent: 40, claims: [1, 2, 3, 4, 5] }))).toBe(
      "Ana requested a blind second review from Dee (40 % sample, 5 claims)",
    );
    expect(describeDocumentEvent(e("SECOND_REVIEW_REQUESTED", { reviewer: "Dee", claims: 7 }))).toBe("Ana requested a blind second review from Dee (7 claims)");
    expect(describeDocumentEvent(e("SECOND_REVIEW_SUBMITTED", { claims: 5, disagreements: 2 }, null, "Dee"))).toBe("Dee submitted the second review: 2 disagreements");
    expect(describeDocumentEvent(e("SECOND_REVIEW_SUBMITTED", { disagreements: 0 }, null, "Dee"))).toBe("Dee submitted the second review: no disagreements");
    expect(describeDocumentEvent(e("SECOND_REVIEW_CANCELLED", { reviewer: "Dee" }, "wrong sample"))).toBe("Ana cancelled the second review by Dee — wrong sample");
    expect(describeDocumentEvent(e("ADJUDICATED", { claimId: 7, choice: "FIRST" }, "the source is primary"))).toBe("Claim #7 adjudicated by Ana: kept the first verdict — the source is primary");
    expect(describeDocumentEvent(e("ADJUDICATED", { claimId: 7, choice: "SECOND" }))).toBe("Claim #7 adjudicated by Ana: took the second reviewer’s verdict");
    expect(describeDocumentEvent(e("ADJUDICATED", { claimId: 7, choice: "OWN" }))).toBe("Claim #7 adjudicated by Ana: recorded a verdict of their own");
  });
  it("still reads as a sentence with data missing, malformed, or no actor", () => {
    expect(describeDocumentEvent(e("ASSIGNED", null, null, null))).toBe("Someone assigned it to a former member");
    expect(describeDocumentEvent(e("ADJUDICATED", ["x"]))).toBe("A claim adjudicated by Ana: decided the disagreement");
    expect(describeDocumentEvent(e("APPROVED", { claimsApproved: "12" }))).toBe("Ana approved the document");
    expect(describeDocumentEvent(e("SECOND_REVIEW_SUBMITTED", "oops"))).toBe("Ana submitted the second review");
  });
});
