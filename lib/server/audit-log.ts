import "server-only";
import type { Prisma } from "@prisma/client";
import type { AuditQuery } from "@/lib/schemas/account";
import { db } from "./db";
import { blindDocumentIds } from "./second-review";
import type { Member } from "./session";

// Reading the audit log (admins only; the route and page check audit.read). There is no write or
// delete path here on purpose: rows are appended by lib/server/audit and a trigger refuses changes.

export const AUDIT_PAGE_SIZE = 50;

const DAY_MS = 24 * 60 * 60 * 1000;

export type AuditEventDto = {
  id: string;
  at: string;
  action: string;
  actor: { id: number; name: string; email: string } | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  data: Prisma.JsonValue;
};

/** The current members of the member's team, for the actor filter and the log's scope. */
export async function teamMembers(member: Member) {
  const rows = await db.membership.findMany({
    where: { teamId: member.teamId },
    orderBy: { user: { name: "asc" } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((r) => r.user);
}

/**
 * One page of the team's audit log, newest first. The team's log is its own events plus the
 * events outside any team (sign-ins, sign-outs, password changes) of its current members.
 * Pages are keyed by id (`before`), so new events arriving between pages never shift a page.
 */
/** A blind second reviewer (an admin may be one) reads no audit row about their document's claims (decision 0022). */
async function hiddenClaimRows(member: Member): Promise<Prisma.AuditEventWhereInput> {
  const hidden = await blindDocumentIds(member);
  if (!hidden.length) return {};
  const claims = await db.claim.findMany({ where: { teamId: member.teamId, documentId: { in: hidden } }, select: { id: true } });
  return { NOT: { targetType: "claim", targetId: { in: claims.map((c) => String(c.id)) } } };
}

export async function listAuditEvents(member: Member, query: AuditQuery): Promise<{ events: AuditEventDto[]; nextBefore: string | null }> {
  const memberIds = (await db.membership.findMany({ where: { teamId: member.teamId }, select: { userId: true } })).map((m) => m.userId);
  const createdAt: Prisma.DateTimeFilter = {};
  if (query.from) createdAt.gte = new Date(`${query.from}T00:00:00Z`);
  if (query.to) createdAt.lt = new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS); // the whole "to" day
  const where: Prisma.AuditEventWhereInput = {
    AND: [
      { OR: [{ teamId: member.teamId }, { teamId: null, actorId: { in: memberIds } }] },
      query.action ? { action: query.action } : {},
      query.actor ? { actorId: query.actor } : {},
      query.from || query.to ? { createdAt } : {},
      query.before ? { id: { lt: query.before } } : {},
      await hiddenClaimRows(member),
    ],
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: AUDIT_PAGE_SIZE + 1 });
  const page = rows.slice(0, AUDIT_PAGE_SIZE);

  const actorIds = [...new Set(page.map((r) => r.actorId).filter((id): id is number => id !== null))];
  const actors = new Map(
    (await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]),
  );
  return {
    events: page.map((r) => ({
      id: r.id.toString(),
      at: r.createdAt.toISOString(),
      action: r.action,
      actor: r.actorId === null ? null : (actors.get(r.actorId) ?? null),
      actorEmail: r.actorEmail,
      targetType: r.targetType,
      targetId: r.targetId,
      ip: r.ip,
      data: r.data,
    })),
    nextBefore: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id.toString() : null,
  };
}
