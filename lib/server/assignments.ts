import "server-only";
import { Prisma, type ClaimStatus } from "@prisma/client";
import { documentState, type DocumentState } from "@/lib/domain/document-state";
import type { AssignmentCreate } from "@/lib/schemas/assignments";
import { audit } from "./audit";
import { db, type Tx } from "./db";
import { recordDocumentEvent } from "./document-events";
import { workflowFacts } from "./document-history";
import { progressFor, tallyProgress } from "./documents";
import { NO_WORKFLOW, type Progress } from "./dto";
import { notify, quoteShort } from "./notifications";
import { invalid, notFound } from "./errors";
import { blindReviewOf, maskProgress, mySecondReviews } from "./second-review";
import type { Member } from "./session";

// Editors assign documents to reviewers; each member's queue lists what is assigned to them
// (issue 12). Every query names the member's team: another team's documents, members and
// assignments are not found (docs/decisions/0005-authorization-in-the-query.md).

export type AssignmentDto = {
  id: number;
  document: { id: number; title: string; state: DocumentState };
  reviewer: { userId: number; name: string };
  assignedBy: string | null;
  dueOn: string | null;
  note: string | null;
  createdAt: string;
  progress: Progress;
  /** The claims assigned, when not the whole document: offsets and how many claims that is. */
  range: { start: number; end: number } | null;
};

const select = {
  id: true,
  documentId: true,
  assignedById: true,
  dueOn: true,
  note: true,
  rangeStart: true,
  rangeEnd: true,
  createdAt: true,
  document: { select: { id: true, title: true, approvedAt: true } },
  reviewer: { select: { userId: true, user: { select: { name: true } } } },
} satisfies Prisma.AssignmentSelect;
type Row = Prisma.AssignmentGetPayload<{ select: typeof select }>;

/** The progress of each ranged assignment: the claims wholly inside its range, in one query for all of them. */
async function rangeProgress(teamId: number, assignmentIds: number[]): Promise<Map<number, Progress>> {
  const rows = assignmentIds.length
    ? await db.$queryRaw<{ key: number; status: ClaimStatus; n: number }[]>`
        SELECT a.id AS key, c.status, count(*)::int AS n
        FROM "Assignment" a
        JOIN "Claim" c ON c."documentId" = a."documentId" AND c."teamId" = a."teamId"
        WHERE a.id = ANY(${assignmentIds}::int[]) AND a."teamId" = ${teamId}
          AND c."dismissedAt" IS NULL AND c.start >= a."rangeStart" AND c."end" <= a."rangeEnd"
        GROUP BY a.id, c.status`
    : [];
  return tallyProgress(assignmentIds, rows);
}

async function dtos(teamId: number, rows: Row[]): Promise<AssignmentDto[]> {
  // Every document's whole progress: an unranged assignment's progress, and each document's state.
  const documentIds = [...new Set(rows.map((r) => r.documentId))];
  const [progress, workflow] = await Promise.all([progressFor(teamId, documentIds), workflowFacts(teamId, documentIds)]);
  const ranged = await rangeProgress(teamId, rows.filter((r) => r.rangeStart !== null).map((r) => r.id));
  const byIds = [...new Set(rows.flatMap((r) => (r.assignedById === null ? [] : [r.assignedById])))];
  const names = new Map((byIds.length ? await db.user.findMany({ where: { id: { in: byIds } }, select: { id: true, name: true } }) : []).map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    id: r.id,
    document: {
      id: r.document.id,
      title: r.document.title,
      state: documentState({ approvedAt: r.document.approvedAt, judgedClaims: progress.get(r.documentId)!.reviewed, ...(workflow.get(r.documentId) ?? NO_WORKFLOW) }),
    },
    reviewer: { userId: r.reviewer.userId, name: r.reviewer.user.name },
    assignedBy: r.assignedById === null ? null : (names.get(r.assignedById) ?? null),
    dueOn: r.dueOn ? r.dueOn.toISOString().slice(0, 10) : null,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    progress: ranged.get(r.id) ?? progress.get(r.documentId)!,
    range: r.rangeStart !== null && r.rangeEnd !== null ? { start: r.rangeStart, end: r.rangeEnd } : null,
  }));
}

/** Soonest due first; no due date last; then oldest first. */
const order = [{ dueOn: { sort: "asc", nulls: "last" } }, { id: "asc" }] satisfies Prisma.AssignmentOrderByWithRelationInput[];

export async function documentAssignments(member: Member, documentId: number): Promise<AssignmentDto[]> {
  const doc = await db.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { id: true } });
  if (!doc) throw notFound("The document");
  const [list, blind] = await Promise.all([dtos(member.teamId, await db.assignment.findMany({ where: { documentId, teamId: member.teamId }, select, orderBy: order })), blindReviewOf(member, documentId)]);
  return blind ? list.map((a) => ({ ...a, progress: maskProgress(a.progress) })) : list;
}

/**
 * Assigns the document to each reviewer (members of the team, any role); assigning someone again
 * updates the due date and note. Returns the document's assignments.
 */
export async function assignDocument(member: Member, documentId: number, input: AssignmentCreate): Promise<AssignmentDto[]> {
  const doc = await db.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { id: true, title: true, length: true } });
  if (!doc) throw notFound("The document");
  if (input.range && input.range.end > doc.length) throw invalid({ "range.end": `range.end is past the end of the text (${doc.length} characters).` });
  const ids = [...new Set(input.reviewerIds)];
  const members = await db.membership.findMany({ where: { teamId: member.teamId, userId: { in: ids } }, select: { userId: true, user: { select: { name: true } } } });
  const missing = ids.filter((id) => !members.some((m) => m.userId === id));
  if (missing.length) throw invalid({ reviewerIds: `No member of this team has the user id ${missing.join(", ")}. Pick reviewers from the team's member list.` });
  const dueOn = input.dueOn ? new Date(`${input.dueOn}T00:00:00Z`) : null;
  const note = input.note || null;
  const range = { rangeStart: input.range?.start ?? null, rangeEnd: input.range?.end ?? null };
  await db.$transaction(async (tx) => {
    // The range as claim numbers when it was assigned (reading order, open claims): what history says.
    const numbers = input.range ? await claimNumbers(tx, member.teamId, documentId, input.range) : null;
    for (const reviewerId of ids) {
      await tx.assignment.upsert({
        where: { documentId_reviewerId: { documentId, reviewerId } },
        create: { teamId: member.teamId, documentId, reviewerId, assignedById: member.userId, dueOn, note, ...range },
        update: { assignedById: member.userId, dueOn, note, ...range },
      });
      const reviewer = members.find((m) => m.userId === reviewerId)!.user.name;
      await recordDocumentEvent(tx, member, documentId, "ASSIGNED", {
        data: { reviewerId, reviewer, range: input.range ? { ...input.range, ...numbers } : null, dueOn: input.dueOn ?? null },
      });
    }
    const due = input.dueOn ? `, due ${input.dueOn}` : "";
    await notify(
      tx,
      member.userId,
      ids.map((userId) => ({ teamId: member.teamId, userId, kind: "ASSIGNED" as const, documentId, text: `${member.name} assigned you ${input.range ? "part of " : ""}${quoteShort(doc.title)}${due}${note ? `: ${note}` : "."}` })),
    );
    await audit(
      { teamId: member.teamId, actorId: member.userId, action: "assignment.create", targetType: "document", targetId: documentId, ip: member.ip, data: { reviewerIds: ids, dueOn: input.dueOn ?? null } },
      tx,
    );
  });
  return documentAssignments(member, documentId);
}

export async function removeAssignment(member: Member, id: number): Promise<void> {
  const row = await db.assignment.findFirst({ where: { id, teamId: member.teamId }, select: { documentId: true, reviewerId: true, reviewer: { select: { user: { select: { name: true } } } } } });
  if (!row) throw notFound("The assignment");
  await db.$transaction(async (tx) => {
    // Of two editors taking it back at once, only the one whose DELETE found the row records it.
    const { count } = await tx.assignment.deleteMany({ where: { id, teamId: member.teamId } });
    if (!count) throw notFound("The assignment");
    await recordDocumentEvent(tx, member, row.documentId, "UNASSIGNED", { data: { reviewerId: row.reviewerId, reviewer: row.reviewer.user.name } });
    await audit({ teamId: member.teamId, actorId: member.userId, action: "assignment.remove", targetType: "document", targetId: row.documentId, ip: member.ip, data: { reviewerId: row.reviewerId } }, tx);
  });
}

/** The numbers (from 1, reading order, dismissed claims left out) of the first and last claim wholly inside the range. */
async function claimNumbers(tx: Tx, teamId: number, documentId: number, range: { start: number; end: number }): Promise<{ first: number | null; last: number | null }> {
  const [row] = await tx.$queryRaw<{ first: number | null; last: number | null }[]>`
    SELECT min(n)::int AS first, max(n)::int AS last FROM (
      SELECT row_number() OVER (ORDER BY start, "end", id) AS n, start, "end"
      FROM "Claim" WHERE "documentId" = ${documentId} AND "teamId" = ${teamId} AND "dismissedAt" IS NULL
    ) c WHERE c.start >= ${range.start} AND c."end" <= ${range.end}`;
  return { first: row?.first ?? null, last: row?.last ?? null };
}

/**
 * What is assigned to the member: documents with verdicts returned to them first, then soonest due
 * first; for those who assign (editors, admins), also
 * every reviewer's open load: assignments and claims still without a verdict.
 */
export async function queue(member: Member, withLoad: boolean) {
  const [rows, secondReviews] = await Promise.all([db.assignment.findMany({ where: { teamId: member.teamId, reviewerId: member.userId }, select, orderBy: order }), mySecondReviews(member)]);
  // A document I review blind a second time shows no one's progress to me (decision 0022).
  const blind = new Set(secondReviews.map((r) => r.documentId));
  const assigned = (await dtos(member.teamId, rows)).map((a) => (blind.has(a.document.id) ? { ...a, progress: maskProgress(a.progress) } : a));
  // Verdicts an editor returned to this reviewer come first: they are waiting on them.
  const returnedRows = assigned.length
    ? await db.claim.groupBy({
        by: ["documentId"],
        where: { teamId: member.teamId, reviewerId: member.userId, signoff: "RETURNED", dismissedAt: null, documentId: { in: assigned.map((a) => a.document.id) } },
        _count: { _all: true },
      })
    : [];
  const returned = new Map(returnedRows.map((r) => [r.documentId, r._count._all]));
  const mine = assigned.map((a) => ({ ...a, returned: returned.get(a.document.id) ?? 0 })).sort((x, y) => Number(y.returned > 0) - Number(x.returned > 0));
  if (!withLoad) return { assignments: mine, secondReviews, load: null };
  const all = await dtos(member.teamId, await db.assignment.findMany({ where: { teamId: member.teamId }, select, orderBy: order, take: 5_000 }));
  const load = new Map<number, { userId: number; name: string; assignments: number; open: number; overdue: number }>();
  const today = new Date().toISOString().slice(0, 10);
  for (const a of all) {
    const l = load.get(a.reviewer.userId) ?? { ...a.reviewer, assignments: 0, open: 0, overdue: 0 };
    l.assignments++;
    l.open += a.progress.total - a.progress.reviewed;
    if (a.dueOn && a.dueOn < today && a.progress.reviewed < a.progress.total) l.overdue++;
    load.set(a.reviewer.userId, l);
  }
  return { assignments: mine, secondReviews, load: [...load.values()].sort((a, b) => b.open - a.open || a.name.localeCompare(b.name)) };
}
