import "server-only";
import type { Prisma } from "@prisma/client";
import { isCheckworthy, isSubjective, type ClaimHints } from "@/lib/domain/assist/claims";
import { HINT_TASKS } from "@/lib/domain/assist/learn/team";
import { documentState, type DocumentStateFacts } from "@/lib/domain/document-state";

// Shapes the API returns. Never a raw Prisma row: no hashes, no internals.

export const verdictInclude = {
  reviewer: { select: { id: true, name: true } },
  sources: { orderBy: { position: "asc" } },
} satisfies Prisma.VerdictInclude;
type VerdictRow = Prisma.VerdictGetPayload<{ include: typeof verdictInclude }>;

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** What a reused verdict cites: the earlier verdict, as it was when reused. */
export type ReusedFrom = { verdictId: number; claimId: number; documentId: number; documentTitle: string; exact: string; similarity: number };

export function verdictDto(v: VerdictRow) {
  return {
    id: v.id,
    label: v.label,
    rationale: v.rationale,
    reason: v.reason,
    version: v.version,
    reviewer: v.reviewer,
    reusedFrom: (v.reusedFrom ?? null) as ReusedFrom | null,
    createdAt: v.createdAt.toISOString(),
    sources: v.sources.map((s) => ({
      url: s.url,
      title: s.title,
      publisher: s.publisher,
      quote: s.quote,
      accessedAt: day(s.accessedAt),
    })),
  };
}
export type VerdictDto = ReturnType<typeof verdictDto>;

export const claimInclude = {
  verdicts: { orderBy: { version: "desc" }, take: 1, include: verdictInclude },
} satisfies Prisma.ClaimInclude;
type ClaimRow = Prisma.ClaimGetPayload<{ include: typeof claimInclude }>;

type AssistRow = Pick<
  ClaimRow,
  "speaker" | "cue" | "speakerStart" | "speakerEnd" | "cueStart" | "cueEnd" | "quoted" | "subjectivity" | "checkworthiness"
> & { hints: unknown; hintLabels?: unknown };

const span = (start: number | null, end: number | null) => (start !== null && end !== null ? { start, end } : null);

/** Who said the claim and the detectors' suggestions: hints are null until computed. */
export function assistDto(c: AssistRow, attributionBy: ClaimRow["attributionBy"]) {
  const notes = (c.hints ?? {}) as Partial<ClaimHints>;
  return {
    speaker: c.speaker,
    cue: c.cue,
    speakerSpan: span(c.speakerStart, c.speakerEnd),
    cueSpan: span(c.cueStart, c.cueEnd),
    quoted: c.quoted,
    attributionBy,
    hints:
      c.subjectivity === null || c.checkworthiness === null
        ? null
        : {
            subjectivity: round(c.subjectivity),
            subjective: isSubjective(c.subjectivity),
            subjectivityCues: notes.subjectivityCues ?? [],
            checkworthiness: round(c.checkworthiness),
            checkworthy: isCheckworthy(c.checkworthiness),
            checkReasons: notes.checkReasons ?? [],
            // The hints a reviewer said were wrong ("w"): labels for the team's next model.
            wrong: HINT_TASKS.filter((t) => typeof (c.hintLabels as Record<string, unknown> | undefined)?.[t] === "boolean"),
          },
  };
}
const round = (x: number) => Math.round(x * 1000) / 1000;

export function claimDto(c: ClaimRow) {
  const current = c.verdicts[0];
  return {
    id: c.id,
    documentId: c.documentId,
    start: c.start,
    end: c.end,
    exact: c.exact,
    prefix: c.prefix,
    suffix: c.suffix,
    ...assistDto(c, c.attributionBy),
    status: c.status,
    version: c.version,
    origin: c.origin,
    dismissed: c.dismissedAt !== null,
    updatedAt: c.updatedAt.toISOString(),
    verdict: current ? verdictDto(current) : null,
    // An editor's sign-off of the current verdict (null while there is no verdict).
    signoff:
      c.status === "UNREVIEWED"
        ? null
        : { state: c.signoff, by: c.signoffBy, at: c.signoffAt ? c.signoffAt.toISOString() : null, note: c.signoffNote },
  };
}
export type ClaimDto = ReturnType<typeof claimDto>;

/** A document's own metadata, without its text or the importer (exports need no join). */
export const documentMetaSelect = {
  id: true,
  title: true,
  sourceUrl: true,
  publisher: true,
  author: true,
  publishedAt: true,
  length: true,
  sha256: true,
  importedAt: true,
  approvedAt: true,
  approvedBy: true,
} satisfies Prisma.DocumentSelect;

export const documentSelect = {
  ...documentMetaSelect,
  importedBy: { select: { id: true, name: true } },
} satisfies Prisma.DocumentSelect;
type DocumentRow = Prisma.DocumentGetPayload<{ select: typeof documentSelect }>;

export type Progress = { total: number; reviewed: number; counts: Record<"UNREVIEWED" | "SOURCED" | "DISPUTED" | "OPINION", number> };

/** What a document's state needs beside its row and progress (lib/server/document-history.ts reads it for many at once). */
export type WorkflowFacts = Pick<DocumentStateFacts, "secondReview" | "lastApproval">;
export const NO_WORKFLOW: WorkflowFacts = { secondReview: null, lastApproval: null };

export function documentDto(d: DocumentRow, progress: Progress, workflow: WorkflowFacts) {
  return {
    id: d.id,
    title: d.title,
    sourceUrl: d.sourceUrl,
    publisher: d.publisher,
    author: d.author,
    publishedAt: day(d.publishedAt),
    length: d.length,
    sha256: d.sha256,
    importedAt: d.importedAt.toISOString(),
    importedBy: d.importedBy,
    approval: d.approvedAt ? { by: d.approvedBy, at: d.approvedAt.toISOString() } : null,
    // Derived on every read, never stored (docs/decisions/0024-document-states.md).
    state: documentState({ approvedAt: d.approvedAt, judgedClaims: progress.reviewed, ...workflow }),
    progress,
  };
}
export type DocumentDto = ReturnType<typeof documentDto>;
