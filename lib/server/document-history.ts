import "server-only";
import type { DocumentEventKind, Prisma } from "@prisma/client";
import { db } from "./db";
import type { WorkflowFacts } from "./dto";
import { notFound } from "./errors";
import type { Member } from "./session";

// Reading a document's own history (DocumentEvent rows, written by recordDocumentEvent in the
// transaction of each change) and the workflow facts its state is derived from (lib/domain/document-state.ts).

export type DocumentHistoryEntry = {
  id: number;
  kind: DocumentEventKind;
  at: string;
  /** The actor's name; null when the event has no actor. */
  actor: string | null;
  reason: string | null;
  data: Prisma.JsonValue;
};

/**
 * The document's events, newest first, with each actor's name joined in. The team is in the WHERE:
 * another team's document, like a missing one, is 404 (decision 0005).
 */
export async function documentHistory(member: Member, documentId: number): Promise<{ history: DocumentHistoryEntry[] }> {
  // One row per event, or one row of nulls for a document without events: no row at all means not found.
  const rows = await db.$queryRaw<{ id: number | null; kind: DocumentEventKind | null; at: Date | null; actor: string | null; reason: string | null; data: Prisma.JsonValue }[]>`
    SELECT e.id, e.kind::text AS kind, e."createdAt" AS at, u.name AS actor, e.reason, e.data
    FROM "Document" d
    LEFT JOIN "DocumentEvent" e ON e."documentId" = d.id AND e."teamId" = d."teamId"
    LEFT JOIN "User" u ON u.id = e."actorId"
    WHERE d.id = ${documentId} AND d."teamId" = ${member.teamId}
    ORDER BY e.id DESC`;
  if (!rows.length) throw notFound("The document");
  return {
    history: rows.flatMap((r) => (r.id === null || r.kind === null || r.at === null ? [] : [{ id: r.id, kind: r.kind, at: r.at.toISOString(), actor: r.actor, reason: r.reason, data: r.data ?? {} }])),
  };
}

/**
 * For each document: its second review in progress (at most one, a unique index says so) and the
 * kind of its newest approval or reopening. One query for the whole list, each subquery on an index
 * ((documentId, state) and (documentId, id)).
 */
export async function workflowFacts(teamId: number, documentIds: number[]): Promise<Map<number, WorkflowFacts>> {
  const rows = documentIds.length
    ? await db.$queryRaw<{ id: number; secondReview: WorkflowFacts["secondReview"]; lastApproval: WorkflowFacts["lastApproval"] }[]>`
        SELECT d.id,
          (SELECT r.state::text FROM "SecondReview" r
            WHERE r."documentId" = d.id AND r."teamId" = d."teamId" AND r.state IN ('OPEN', 'ADJUDICATION')
            ORDER BY r.id DESC LIMIT 1) AS "secondReview",
          (SELECT e.kind::text FROM "DocumentEvent" e
            WHERE e."documentId" = d.id AND e."teamId" = d."teamId" AND e.kind IN ('APPROVED', 'REOPENED')
            ORDER BY e.id DESC LIMIT 1) AS "lastApproval"
        FROM "Document" d
        WHERE d.id = ANY(${documentIds}::int[]) AND d."teamId" = ${teamId}`
    : [];
  return new Map(rows.map((r) => [r.id, { secondReview: r.secondReview, lastApproval: r.lastApproval }]));
}
