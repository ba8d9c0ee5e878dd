import { describe, expect, it } from "vitest";
import { DOCUMENT_STATE_NAMES, DOCUMENT_STATES, documentState, type DocumentStateFacts } from "@/lib/domain/document-state";

const fresh: DocumentStateFacts = { approvedAt: null, secondReview: null, lastApproval: null, judgedClaims: 0 };
const at = new Date("2026-12-07T10:00:00Z");

describe("documentState", () => {
  it("is TO_DO while no claim has a verdict", () => {
    expect(documentState(fresh)).toBe("TO_DO");
  });
  it("is IN_REVIEW once a claim has a verdict", () => {
    expect(documentState({ ...fresh, judgedClaims: 1 })).toBe("IN_REVIEW");
  });
  it("is APPROVED while approvedAt is set, as a Date or an ISO string, whatever else holds", () => {
    expect(documentState({ ...fresh, approvedAt: at, judgedClaims: 3, lastApproval: "APPROVED" })).toBe("APPROVED");
    expect(documentState({ ...fresh, approvedAt: at.toISOString() })).toBe("APPROVED");
    // approvedAt is the truth: a stale history row, or a second review, does not outrank it.
    expect(documentState({ ...fresh, approvedAt: at, lastApproval: "REOPENED", secondReview: "ADJUDICATION" })).toBe("APPROVED");
  });
  it("is REOPENED when the newest approval event is a reopening, verdicts or not", () => {
    expect(documentState({ ...fresh, lastApproval: "REOPENED", judgedClaims: 4 })).toBe("REOPENED");
    expect(documentState({ ...fresh, lastApproval: "REOPENED" })).toBe("REOPENED");
  });
  it("falls back to the claims when the newest approval event is an approval but approvedAt is not set", () => {
    expect(documentState({ ...fresh, lastApproval: "APPROVED", judgedClaims: 2 })).toBe("IN_REVIEW");
    expect(documentState({ ...fresh, lastApproval: "APPROVED" })).toBe("TO_DO");
  });
  it("is IN_SECOND_REVIEW while a second review is open, over a reopening and over progress", () => {
    expect(documentState({ ...fresh, secondReview: "OPEN", judgedClaims: 5 })).toBe("IN_SECOND_REVIEW");
    expect(documentState({ ...fresh, secondReview: "OPEN", lastApproval: "REOPENED" })).toBe("IN_SECOND_REVIEW");
  });
  it("is IN_ADJUDICATION while a submitted second review waits for an editor", () => {
    expect(documentState({ ...fresh, secondReview: "ADJUDICATION", judgedClaims: 5 })).toBe("IN_ADJUDICATION");
    expect(documentState({ ...fresh, secondReview: "ADJUDICATION", lastApproval: "REOPENED" })).toBe("IN_ADJUDICATION");
  });
  it("gives every combination of facts exactly one state, with a name", () => {
    const seen = new Set<string>();
    for (const approvedAt of [null, at])
      for (const secondReview of [null, "OPEN", "ADJUDICATION"] as const)
        for (const lastApproval of [null, "APPROVED", "REOPENED"] as const)
          for (const judgedClaims of [0, 1, 40]) {
            const state = documentState({ approvedAt, secondReview, lastApproval, judgedClaims });
            expect(DOCUMENT_STATES).toContain(state);
            seen.add(state);
          }
    expect([...seen].sort()).toEqual([...DOCUMENT_STATES].sort());
    for (const s of DOCUMENT_STATES) expect(DOCUMENT_STATE_NAMES[s]).toMatch(/^[A-Z][a-z ]+$/);
  });
});
