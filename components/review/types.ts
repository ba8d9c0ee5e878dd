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
export type MatchesState = { state: "loading" } | { state: "error" } | { state: "ok"; byClaim: Record<number, ClaimMatch[]> };

export const percent = (similarity: number) => `${Math.round(similarity * 100)}%`;
