import { z } from "zod";
import { VERDICT_LABELS } from "@/lib/domain/verdicts";
import { sourceInput } from "./claims";
import { bodyId, int4, optionalDate, optionalText, requiredText, version } from "./common";

/** POST /api/documents/:id/second-review: ask a member for a blind second review. */
export const secondReviewCreate = z.object({
  reviewerId: bodyId("reviewerId must be the user id of the team member who reviews a second time (a positive whole number)."),
  percent: int4("percent must be the share of the judged claims to sample, a whole number from 1 to 100.", 1)
    .max(100, { error: "percent must be the share of the judged claims to sample, a whole number from 1 to 100." })
    .optional(),
  dueOn: optionalDate("The due date"),
  note: optionalText(2_000, "The note"),
});
export type SecondReviewCreate = z.infer<typeof secondReviewCreate>;

const label = z.enum(VERDICT_LABELS, { error: "label must be one of SOURCED, DISPUTED or OPINION." });
const sources = z.array(sourceInput).max(20, { error: "At most 20 sources per verdict." });

/** PUT /api/second-reviews/:id/claims/:claimId: the second reviewer's verdict on one sampled claim. */
export const secondVerdictPut = z.object({
  label,
  rationale: optionalText(20_000, "Rationale"),
  sources: sources.optional().default([]),
});
export type SecondVerdictPut = z.infer<typeof secondVerdictPut>;

/** POST /api/second-reviews/:id/cancel */
export const secondReviewCancel = z.object({ reason: optionalText(2_000, "The reason") });

/** POST /api/second-reviews/:id/claims/:claimId/adjudicate: the editor's final verdict on a disagreement. */
export const adjudicationInput = z
  .object({
    choice: z.enum(["FIRST", "SECOND", "OWN"], { error: "choice must be FIRST (keep the first verdict), SECOND (take the second) or OWN (write your own)." }),
    reason: requiredText(2_000, "The reason"),
    label: label.optional(),
    rationale: optionalText(20_000, "Rationale"),
    sources: sources.optional(),
    expectedVersion: version,
  })
  .refine((a) => a.choice !== "OWN" || a.label, { path: ["label"], error: "Your own verdict needs a label: SOURCED, DISPUTED or OPINION." });
export type AdjudicationInput = z.infer<typeof adjudicationInput>;
