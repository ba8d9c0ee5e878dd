// Blind second reviews written straight into the database, as the second-review workflow leaves
// them (the agreement suites need figures, not that workflow): first verdicts, a review in a given
// state, and its second verdicts, each compared with a first verdict from submission on.
import type { SecondReviewState, VerdictLabel } from "@prisma/client";
import { db } from "@/lib/server/db";

/** A verdict on a claim (the claim's row is not touched: the agreement figures read verdicts only). */
export async function recordVerdict(teamId: number, claimId: number, label: VerdictLabel, reviewerId: number): Promise<number> {
  const last = await db.verdict.findFirst({ where: { claimId }, orderBy: { version: "desc" }, select: { version: true } });
  const version = (last?.version ?? 1) + 1;
  const rationale = label === "DISPUTED" ? "Contradicted by the ministry's figures." : null;
  return (await db.verdict.create({ data: { teamId, claimId, label, reviewerId, version, rationale }, select: { id: true } })).id;
}

export type SecondRating = { claimId: number; label: VerdictLabel; firstVerdictId: number | null };

/** A second review of `ratings`' claims; submittedAt is set for every state but OPEN and CANCELLED. */
export async function createSecondReview(opts: {
  teamId: number;
  documentId: number;
  reviewerId: number;
  requestedById?: number;
  state: SecondReviewState;
  submittedAt?: Date;
  ratings: SecondRating[];
}): Promise<number> {
  const submitted = opts.state === "ADJUDICATION" || opts.state === "DONE";
  const review = await db.secondReview.create({
    data: {
      teamId: opts.teamId,
      documentId: opts.documentId,
      reviewerId: opts.reviewerId,
      requestedById: opts.requestedById ?? null,
      percent: 100,
      claimIds: opts.ratings.map((r) => r.claimId),
      state: opts.state,
      submittedAt: submitted ? (opts.submittedAt ?? new Date()) : null,
      closedAt: opts.state === "DONE" || opts.state === "CANCELLED" ? (opts.submittedAt ?? new Date()) : null,
    },
    select: { id: true },
  });
  await db.secondVerdict.createMany({
    data: opts.ratings.map((r) => ({
      reviewId: review.id,
      claimId: r.claimId,
      label: r.label,
      rationale: r.label === "DISPUTED" ? "The second reviewer found a contradicting source." : null,
      firstVerdictId: r.firstVerdictId,
    })),
  });
  return review.id;
}
