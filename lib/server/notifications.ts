import "server-only";
import type { NotificationKind } from "@prisma/client";
import { db, type Tx } from "./db";
import type { Member } from "./session";

// In-app notifications (issue 12): written in the same transaction as what they announce, read by
// the bell in the top bar and the /notifications page. Every query names the member and team.
// No e-mail: nothing here needs a mail server.

export type NotificationDto = { id: number; kind: NotificationKind; text: string; documentId: number | null; claimId: number | null; createdAt: string; read: boolean };
export type NewNotification = { teamId: number; userId: number; kind: NotificationKind; text: string; documentId?: number; claimId?: number; dedupe?: string };

/** Writes notifications (a repeated `dedupe` key is skipped); nobody is notified of their own action. */
export async function notify(tx: Tx | typeof db, actorId: number | null, rows: readonly NewNotification[]) {
  const data = rows.filter((r) => r.userId !== actorId);
  if (data.length) await tx.notification.createMany({ data, skipDuplicates: true });
}

/** "“A long title that goes…”": titles and claims quoted short enough for one line. */
export const quoteShort = (s: string, max = 80) => `“${s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s}”`;

/**
 * Assignments of the member due today or tomorrow and not yet done become one DUE_SOON
 * notification each (per due day), the first time the member's notifications are read.
 */
async function noteDueSoon(member: Member) {
  const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
  const tomorrow = new Date(today.getTime() + 86_400_000);
  const due = await db.assignment.findMany({
    where: { teamId: member.teamId, reviewerId: member.userId, dueOn: { gte: today, lte: tomorrow } },
    select: { id: true, dueOn: true, documentId: true, document: { select: { title: true } } },
  });
  if (!due.length) return;
  const open = await db.claim.groupBy({
    by: ["documentId"],
    where: { teamId: member.teamId, documentId: { in: due.map((d) => d.documentId) }, dismissedAt: null, status: "UNREVIEWED" },
    _count: { _all: true },
  });
  const left = new Map(open.map((o) => [o.documentId, o._count._all]));
  const rows = due.flatMap((d) => {
    const n = left.get(d.documentId) ?? 0;
    if (!n) return [];
    const day = d.dueOn!.toISOString().slice(0, 10);
    const when = d.dueOn!.getTime() === today.getTime() ? "today" : "tomorrow";
    return [{ teamId: member.teamId, userId: member.userId, kind: "DUE_SOON" as const, documentId: d.documentId, dedupe: `due:${d.id}:${day}`, text: `${quoteShort(d.document.title)} is due ${when} (${day}); ${n} claim(s) still have no verdict.` }];
  });
  await notify(db, null, rows);
}

const countUnread = (member: Member) => db.notification.count({ where: { teamId: member.teamId, userId: member.userId, readAt: null } });

export async function unreadCount(member: Member): Promise<number> {
  await noteDueSoon(member);
  return countUnread(member);
}

/** The member's latest 50 notifications, newest first, and how many are unread. */
export async function listNotifications(member: Member): Promise<{ unread: number; notifications: NotificationDto[] }> {
  const unread = await unreadCount(member);
  const rows = await db.notification.findMany({ where: { teamId: member.teamId, userId: member.userId }, orderBy: { id: "desc" }, take: 50 });
  return {
    unread,
    notifications: rows.map((n) => ({ id: n.id, kind: n.kind, text: n.text, documentId: n.documentId, claimId: n.claimId, createdAt: n.createdAt.toISOString(), read: n.readAt !== null })),
  };
}

/** Marks the given notifications of the member read (all of them when `ids` is absent). */
export async function markRead(member: Member, ids?: readonly number[]): Promise<{ unread: number }> {
  await db.notification.updateMany({ where: { teamId: member.teamId, userId: member.userId, readAt: null, ...(ids ? { id: { in: [...ids] } } : {}) }, data: { readAt: new Date() } });
  return { unread: await countUnread(member) };
}
