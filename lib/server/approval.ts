import "server-only";
import { Prisma } from "@prisma/client";
import { audit } from "./audit";
import { db, type Tx } from "./db";
import { recordDocumentEvent } from "./document-events";
import { AppError, invalid, notFound } from "./errors";
import { notify, quoteShort } from "./notifications";
import type { Member } from "./session";

// Approving a whole document, which locks it, and reopening it (issue 12, decision 0021).
// Locking works by row locks on the document: every claim write takes FOR SHARE on it (assertOpen)
// and approval takes FOR UPDATE, so the two serialize. Either the write commits first and the
// approval then sees (and approves) its verdict, or the approval commits first and the write gets
// a 409: never an approved document holding a newer verdict that nobody approved.

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The document's approval, its row locked for the rest of the transaction (SHARE by writers, UPDATE by approval). */
async function lockDocument(tx: Tx, member: Member, documentId: number, mode: "SHARE" | "UPDATE") {
  const [doc] = await tx.$queryRaw<{ approvedAt: Date | null; approvedBy: string | null; blind: boolean }[]>`
    SELECT d."approvedAt", d."approvedBy",
           EXISTS (SELECT 1 FROM "SecondReview" s WHERE s."documentId" = d.id AND s."reviewerId" = ${member.userId} AND s.state = 'OPEN') AS blind
    FROM "Document" d WHERE d.id = ${documentId} AND d."teamId" = ${member.teamId} FOR ${Prisma.raw(mode)} OF d`;
  if (!doc) throw notFound("The document");
  if (doc.blind && mode === "UPDATE") throw blindWrite();
  return doc;
}

export const blindWrite = () =>
  new AppError(
    "FORBIDDEN",
    "You are this document's blind second reviewer: record your verdicts in your second review (they stay apart from the first ones until you submit), not on the claims themselves.",
    undefined,
    { blind: true },
  );

/**
 * Throws 409 when the claim's document is approved, and 403 to its blind second reviewer (their
 * verdicts go to the second review, decision 0022); holds a share lock on it until the transaction ends.
 */
export async function assertOpen(tx: Tx, member: Member, documentId: number) {
  const doc = await lockDocument(tx, member, documentId, "SHARE");
  if (doc.blind) throw blindWrite();
  if (doc.approvedAt) throw documentLocked(doc.approvedBy, day(doc.approvedAt));
}

/** 409 for a write on an approved document (`approvedDay`: YYYY-MM-DD). */
export const documentLocked = (approvedBy: string | null, approvedDay: string | null) =>
  new AppError(
    "CONFLICT",
    `This document was approved by ${approvedBy ?? "an editor"} on ${approvedDay} and is locked. An editor can reopen it, with a reason, to change it.`,
    undefined,
    { locked: true },
  );

/**
 * Approves the document: every claim must have a verdict, none returned to its reviewer; every
 * verdict still PROPOSED is approved with it (a claim event each), and the document is locked.
 */
export async function approveDocument(member: Member, documentId: number) {
  return db.$transaction(async (tx) => {
    const doc = await lockDocument(tx, member, documentId, "UPDATE");
    if (doc.approvedAt) throw new AppError("CONFLICT", "This document is already approved.");
    const open = { documentId, teamId: member.teamId, dismissedAt: null };
    const [undecided, returned] = await Promise.all([
      tx.claim.count({ where: { ...open, status: "UNREVIEWED" } }),
      tx.claim.count({ where: { ...open, status: { not: "UNREVIEWED" }, signoff: "RETURNED" } }),
    ]);
    if (undecided) throw new AppError("CONFLICT", `${undecided} claim(s) have no verdict yet. Every claim needs a verdict (or dismiss those that are not claims) before the document can be approved.`);
    if (returned) throw new AppError("CONFLICT", `${returned} verdict(s) are returned to their reviewers. Wait for their new verdicts, or approve those claims one by one, then approve the document.`);
    const now = new Date();
    const approved = await tx.$queryRaw<{ id: number; version: number; status: string }[]>`
      UPDATE "Claim" SET signoff = 'APPROVED', "signoffById" = ${member.userId}, "signoffBy" = ${member.name}, "signoffAt" = ${now},
             "signoffNote" = NULL, version = version + 1
      WHERE "documentId" = ${documentId} AND "teamId" = ${member.teamId} AND "dismissedAt" IS NULL AND signoff = 'PROPOSED'
      RETURNING id, version, status::text`;
    if (approved.length)
      await tx.claimEvent.createMany({ data: approved.map((c) => ({ claimId: c.id, kind: "APPROVED" as const, version: c.version, actorId: member.userId, data: { label: c.status, document: true } })) });
    await tx.document.updateMany({ where: { id: documentId, teamId: member.teamId }, data: { approvedAt: now, approvedById: member.userId, approvedBy: member.name } });
    await notifyApproved(tx, member, documentId);
    await recordDocumentEvent(tx, member, documentId, "APPROVED", { data: { claimsApproved: approved.length } });
    await audit({ teamId: member.teamId, actorId: member.userId, action: "document.approve", targetType: "document", targetId: documentId, ip: member.ip, data: { claimsApproved: approved.length } }, tx);
    return { approval: { by: member.name, at: now.toISOString() }, claimsApproved: approved.length };
  });
}

/** Everyone assigned to the document or with a verdict on it hears that it is approved. */
async function notifyApproved(tx: Tx, member: Member, documentId: number) {
  const [doc, assigned, judged] = await Promise.all([
    tx.document.findFirstOrThrow({ where: { id: documentId, teamId: member.teamId }, select: { title: true } }),
    tx.assignment.findMany({ where: { documentId, teamId: member.teamId }, select: { reviewerId: true } }),
    tx.verdict.findMany({ where: { teamId: member.teamId, claim: { documentId } }, select: { reviewerId: true }, distinct: ["reviewerId"] }),
  ]);
  // Only current members: a former reviewer's verdicts stay, their notifications do not.
  const ids = [...new Set([...assigned.map((a) => a.reviewerId), ...judged.map((v) => v.reviewerId)])];
  const members = await tx.membership.findMany({ where: { teamId: member.teamId, userId: { in: ids } }, select: { userId: true } });
  const text = `${member.name} approved ${quoteShort(doc.title)}: its report can be published, and it is locked.`;
  await notify(tx, member.userId, members.map((m) => ({ teamId: member.teamId, userId: m.userId, kind: "APPROVED" as const, documentId, text })));
}

/** Reopens an approved document, with a reason (in its history and the audit log); its verdicts keep their sign-off. */
export async function reopenDocument(member: Member, documentId: number, input: { reason?: string }) {
  const reason = input.reason?.trim();
  if (!reason) throw invalid({ reason: "Say why the document is reopened: the reason is kept in its history and the audit log." });
  return db.$transaction(async (tx) => {
    const doc = await lockDocument(tx, member, documentId, "UPDATE");
    if (!doc.approvedAt) throw new AppError("CONFLICT", "This document is not approved, so there is nothing to reopen.");
    await tx.document.updateMany({ where: { id: documentId, teamId: member.teamId }, data: { approvedAt: null, approvedById: null, approvedBy: null } });
    await recordDocumentEvent(tx, member, documentId, "REOPENED", { reason });
    await audit({ teamId: member.teamId, actorId: member.userId, action: "document.reopen", targetType: "document", targetId: documentId, ip: member.ip, data: { reason } }, tx);
    return { approval: null };
  });
}
