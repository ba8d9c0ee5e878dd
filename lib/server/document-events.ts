import "server-only";
import type { DocumentEventKind, Prisma } from "@prisma/client";
import type { Tx } from "./db";
import type { Member } from "./session";

/**
 * Appends one row to a document's own history (DocumentEvent, append-only). Pass the transaction
 * of the change it records, so both commit or neither does.
 */
export async function recordDocumentEvent(
  tx: Tx,
  member: Pick<Member, "teamId" | "userId">,
  documentId: number,
  kind: DocumentEventKind,
  extra: { data?: Prisma.InputJsonValue; reason?: string | null } = {},
) {
  await tx.documentEvent.create({
    data: { teamId: member.teamId, documentId, kind, actorId: member.userId, data: extra.data ?? {}, reason: extra.reason ?? null },
  });
}
