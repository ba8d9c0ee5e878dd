import type { VerdictLabel } from "@/lib/domain/verdicts";

export type SourceDraft = { url: string; title: string; publisher: string; quote: string; accessedAt: string };
export type VerdictDraft = { label: VerdictLabel | null; rationale: string; reason: string; sources: SourceDraft[] };
export const emptySource = (): SourceDraft => ({ url: "", title: "", publisher: "", quote: "", accessedAt: "" });
