import { z } from "zod";
import { HINT_TASKS } from "@/lib/domain/assist/learn/team";
import { VERDICT_LABELS } from "@/lib/domain/verdicts";
import { bodyId, httpUrl, int4, optionalDate, optionalText, version } from "./common";

const offset = (name: string) => int4(`${name} must be a whole number of characters from the start of the text (0 or more).`, 0);

export const claimCreate = z.object({ start: offset("start"), end: offset("end") });

export const sourceInput = z.object({
  url: httpUrl("Source URL"),
  title: optionalText(500, "Source title"),
  publisher: optionalText(200, "Source publisher"),
  quote: optionalText(10_000, "Quoted evidence"),
  accessedAt: optionalDate("Accessed date"),
});

export const verdictPut = z.object({
  label: z.enum(VERDICT_LABELS, { error: "label must be one of SOURCED, DISPUTED or OPINION." }),
  rationale: optionalText(20_000, "Rationale"),
  sources: z.array(sourceInput).max(20, { error: "At most 20 sources per verdict." }).optional().default([]),
  reason: optionalText(2_000, "Reason"),
  expectedVersion: version,
});
export type VerdictPut = z.infer<typeof verdictPut>;

export const attributionPut = z.object({
  speaker: optionalText(200, "Speaker"),
  cue: optionalText(200, "Cue"),
  expectedVersion: version,
});

export const claimDismiss = z.object({ reason: optionalText(2_000, "Reason"), expectedVersion: version });
export const claimRestore = z.object({ expectedVersion: version });
/** POST /api/claims/:id/revert: make one of the claim's earlier verdicts its current one again. */
export const claimRevert = z.object({
  verdictId: bodyId("verdictId must be the id of one of this claim's earlier verdicts (from its history)."),
  reason: optionalText(2_000, "Reason"),
  expectedVersion: version,
});
/** POST /api/claims/:id/approve: an editor signs off the current verdict. */
export const claimApprove = z.object({ expectedVersion: version });
/** POST /api/claims/:id/return: an editor sends the verdict back, saying what to change. */
export const claimReturn = z.object({ comment: optionalText(2_000, "The comment"), expectedVersion: version });
/** PUT /api/claims/:id/hint: the hint of `task` was wrong (true), or that is taken back (false). */
export const claimHint = z.object({
  task: z.enum(HINT_TASKS, { error: `task must be one of ${HINT_TASKS.join(" or ")}: the hint that was wrong.` }),
  wrong: z.boolean({ error: "wrong must be true (the hint was wrong) or false (take that back)." }),
});
export const claimSplit = z.object({ at: offset("at"), expectedVersion: version });
export const claimMerge = z.object({ withClaimId: bodyId("withClaimId must be the id of the next claim (a positive whole number)."), expectedVersion: version });
export const claimReuse = z.object({
  verdictId: bodyId("verdictId must be the id of the earlier verdict to reuse (from the claim's matches)."),
  reason: optionalText(2_000, "Reason"),
  expectedVersion: version,
});
