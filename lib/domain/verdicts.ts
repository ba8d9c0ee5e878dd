// What each verdict needs before it can be recorded. Pure: used by the zod schemas (server) and
// by the review panel (browser) so both say the same thing.

export const VERDICT_LABELS = ["SOURCED", "DISPUTED", "OPINION"] as const;
export type VerdictLabel = (typeof VERDICT_LABELS)[number];
export const CLAIM_STATUSES = ["UNREVIEWED", ...VERDICT_LABELS] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export type VerdictDraft = {
  label: VerdictLabel;
  rationale?: string | undefined;
  sources: { url?: string | undefined }[];
  reason?: string | undefined;
};

export type FieldProblem = { path: (string | number)[]; message: string };

/**
 * SOURCED needs a source with a URL; DISPUTED needs a rationale; OPINION needs nothing more.
 * Replacing an earlier verdict needs a reason, so the history says why it changed.
 */
export function verdictProblems(draft: VerdictDraft, opts: { replacesVerdict: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (draft.label === "SOURCED" && !draft.sources.some((s) => s.url && s.url.trim() !== ""))
    problems.push({ path: ["sources"], message: "A SOURCED verdict needs at least one source with a URL." });
  if (draft.label === "DISPUTED" && !draft.rationale?.trim())
    problems.push({ path: ["rationale"], message: "A DISPUTED verdict needs a rationale: say what contradicts the claim." });
  if (opts.replacesVerdict && !draft.reason?.trim())
    problems.push({ path: ["reason"], message: "This claim already has a verdict: give a reason for the change." });
  return problems;
}

export const LABEL_NAMES: Record<ClaimStatus, string> = {
  UNREVIEWED: "Unreviewed",
  SOURCED: "Sourced",
  DISPUTED: "Disputed",
  OPINION: "Opinion",
};
