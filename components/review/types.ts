import type { VerdictLabel } from "@/lib/domain/verdicts";
import type { VerdictDto } from "@/lib/server/dto";

export type SourceDraft = { url: string; title: string; publisher: string; quote: string; accessedAt: string };
export type VerdictDraft = { label: VerdictLabel | null; rationale: string; reason: string; sources: SourceDraft[] };
export const emptySource = (): SourceDraft => ({ url: "", title: "", publisher: "", quote: "", accessedAt: "" });

/** An earlier judged claim of the team whose text is close to this one (GET …/matches). */
export type ClaimMatch = {
  claimId: number;
  documentId: number;
  documentTitle: string;
  exact: string;
  similarity: number;
  status: string;
  verdict: VerdictDto;
};
/** Matches per claim of the open document: still loading, loaded, or failed (with a retry). */
/**
 * The document's known-claim matches. `matching`: the background job is still matching this
 * many of its claims (0 while it is queued and the count is not known yet); absent once done.
 */
export type MatchesState = { state: "loading" } | { state: "error" } | { state: "ok"; byClaim: Record<number, ClaimMatch[]>; matching?: number };

export const percent = (similarity: number) => `${Math.round(similarity * 100)}%`;
