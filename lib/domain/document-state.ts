// A document's workflow state (issue 12), derived from what is stored rather than stored itself
// (docs/decisions/0024-document-states.md): the approval, any second review in progress, the newest
// approval or reopening in the document's history, and whether its claims have verdicts.

export const DOCUMENT_STATES = ["TO_DO", "IN_REVIEW", "IN_SECOND_REVIEW", "IN_ADJUDICATION", "APPROVED", "REOPENED"] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** The facts a state is derived from, one row of a query per document. */
export type DocumentStateFacts = {
  /** When an editor approved the whole document; null while it is not approved. */
  approvedAt: Date | string | null;
  /** The state of the document's second review in progress (at most one, by a unique index), or null. */
  secondReview: "OPEN" | "ADJUDICATION" | null;
  /** The kind of its newest APPROVED or REOPENED history event, or null when it has none. */
  lastApproval: "APPROVED" | "REOPENED" | null;
  /** Claims not dismissed whose status is not UNREVIEWED. */
  judgedClaims: number;
};

/** The first rule that holds wins: an approval outranks a second review, which outranks a reopening, which outranks progress. */
export function documentState(f: DocumentStateFacts): DocumentState {
  if (f.approvedAt) return "APPROVED";
  if (f.secondReview === "ADJUDICATION") return "IN_ADJUDICATION";
  if (f.secondReview === "OPEN") return "IN_SECOND_REVIEW";
  if (f.lastApproval === "REOPENED") return "REOPENED";
  if (f.judgedClaims > 0) return "IN_REVIEW";
  return "TO_DO";
}

/** What each state is called on screen: a word, never a colour alone. */
export const DOCUMENT_STATE_NAMES: Record<DocumentState, string> = {
  TO_DO: "To do",
  IN_REVIEW: "In review",
  IN_SECOND_REVIEW: "In second review",
  IN_ADJUDICATION: "In adjudication",
  APPROVED: "Approved",
  REOPENED: "Reopened",
};
