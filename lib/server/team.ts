import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma, Role } from "@prisma/client";
import { ROLE_NAMES } from "@/lib/domain/permissions";
import { passwordProblem } from "@/lib/domain/password-policy";
import type { InvitationAccept, InvitationCreate } from "@/lib/schemas/team";
import { audit } from "./audit";
import { db, type Tx } from "./db";
import { AppError, invalid, notFound } from "./errors";
import { hashPassword } from "./passwords";
import type { Member, SignedInUser } from "./session";
import { hashToken } from "./tokens";
import { recordDocumentEvent } from "./document-events";

// Members and invitations of the caller's team. Every query names member.teamId in its `where`
// (docs/decisions/0005-authorization-in-the-query.md): another team's ids are simply not found.
// The role checks (who may call these) are in the routes, via apiRoute's action.

const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Members

const memberSelect = {
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { name: true, email: true } },
} satisfies Prisma.MembershipSelect;
type MemberRow = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>;

export function memberDto(m: MemberRow) {
  return { userId: m.userId, name: m.user.name, email: m.user.email, role: m.role, joinedAt: m.createdAt.toISOString() };
}
export type MemberDto = ReturnType<typeof memberDto>;

export async function listMembers(member: Member): Promise<MemberDto[]> {
  const rows = await db.membership.findMany({ where: { teamId: member.teamId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: memberSelect });
  return rows.map(memberDto);
}

/**
 * Serialises every change to a team's memberships and invitations. Without it two admins demoting
 * each other at the same moment would each still count two admins, and the team would end with none.
 */
async function lockTeam(tx: Tx, teamId: number) {
  await tx.$executeRaw`SELECT 1 FROM "Team" WHERE "id" = ${teamId} FOR UPDATE`;
}

const memberNotFound = () => notFound("That member");

async function lastAdminProblem(tx: Tx, member: Member, target: MemberRow, doing: "demote" | "remove"): Promise<string | null> {
  if (target.role !== "ADMIN") return null;
  const admins = await tx.membership.count({ where: { teamId: member.teamId, role: "ADMIN" } });
  if (admins > 1) return null;
  const self = target.userId === member.userId;
  if (doing === "remove")
    return self
      ? `You are the last admin of ${member.teamName}, so you cannot leave it. Make another member an admin first.`
      : `${target.user.name} is the last admin of ${member.teamName} and cannot be removed. Make another member an admin first.`;
  return self
    ? `You are the last admin of ${member.teamName}. Make another member an admin first; they can then change your role.`
    : `${target.user.name} is the last admin of ${member.teamName}. Make another member an admin first.`;
}

export async function changeRole(member: Member, userId: number, role: Role): Promise<MemberDto> {
  return db.$transaction(async (tx) => {
    await lockTeam(tx, member.teamId);
    const target = await tx.membership.findUnique({ where: { userId_teamId: { userId, teamId: member.teamId } }, select: memberSelect });
    if (!target) throw memberNotFound();
    if (role !== "ADMIN") {
      const problem = await lastAdminProblem(tx, member, target, "demote");
      if (problem) throw new AppError("CONFLICT", problem);
    }
    // Checked after the last-admin rule so that a sole admin learns what to do first.
    if (userId === member.userId)
      throw new AppError("FORBIDDEN", `You cannot change your own role. Ask another admin of ${member.teamName} to change it.`);
    if (target.role === role) return memberDto(target);
    const updated = await tx.membership.update({
      where: { userId_teamId: { userId, teamId: member.teamId } },
      data: { role },
      select: memberSelect,
    });
    await audit(
      {
        teamId: member.teamId,
        actorId: member.userId,
        action: "member.role_change",
        targetType: "user",
        targetId: userId,
        ip: member.ip,
        data: { email: target.user.email, from: target.role, to: role },
      },
      tx,
    );
    return memberDto(updated);
  });
}

/**
 * Deletes the membership. The person's sessions stay valid but no longer reach this team: the
 * membership is read on every request (lib/server/session.ts). Their API tokens for this team go
 * with the membership (ON DELETE CASCADE).
 */
export async function removeMember(member: Member, userId: number): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockTeam(tx, member.teamId);
    const target = await tx.membership.findUnique({ where: { userId_teamId: { userId, teamId: member.teamId } }, select: memberSelect });
    if (!target) throw memberNotFound();
    const problem = await lastAdminProblem(tx, member, target, "remove");
    if (problem) throw new AppError("CONFLICT", problem);
    // Their assignments go with the membership (cascade); each document's history says so.
    const assigned = await tx.assignment.findMany({ where: { teamId: member.teamId, reviewerId: userId }, select: { documentId: true }, orderBy: { id: "asc" } });
    for (const a of assigned)
      await recordDocumentEvent(tx, member, a.documentId, "UNASSIGNED", { data: { reviewerId: userId, reviewer: target.user.name, memberRemoved: true } });
    await tx.membership.delete({ where: { userId_teamId: { userId, teamId: member.teamId } } });
    await audit(
      {
        teamId: member.teamId,
        actorId: member.userId,
        action: "member.remove",
        targetType: "user",
        targetId: userId,
        ip: member.ip,
        data: { email: target.user.email, name: target.user.name, role: target.role },
      },
      tx,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Invitations

export const INVITATION_STATUSES = ["PENDING", "ACCEPTED", "REVOKED", "EXPIRED"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

type InvitationDates = { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date };

export function invitationStatus(inv: InvitationDates, now = new Date()): InvitationStatus {
  if (inv.acceptedAt) return "ACCEPTED";
  if (inv.revokedAt) return "REVOKED";
  if (inv.expiresAt <= now) return "EXPIRED";
  return "PENDING";
}

const invitationSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedBy: { select: { id: true, name: true } },
} satisfies Prisma.InvitationSelect;
type InvitationRow = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

/** Never the token or its hash: the token is shown once, when the invitation is created. */
export function invitationDto(inv: InvitationRow) {
  return {
    id: inv.id,
    email: inv.email,
    role: inv.role,
    createdAt: inv.createdAt.toISOString(),
    expiresAt: inv.expiresAt.toISOString(),
    acceptedAt: inv.acceptedAt?.toISOString() ?? null,
    revokedAt: inv.revokedAt?.toISOString() ?? null,
    status: invitationStatus(inv),
    invitedBy: { userId: inv.invitedBy.id, name: inv.invitedBy.name },
  };
}
export type InvitationDto = ReturnType<typeof invitationDto>;

/** Newest first. Old ones stay listed (with their status) as a record of who was let in. */
export async function listInvitations(member: Member, take = 200): Promise<InvitationDto[]> {
  const rows = await db.invitation.findMany({
    where: { teamId: member.teamId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: invitationSelect,
  });
  return rows.map(invitationDto);
}

const longDate = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export async function createInvitation(member: Member, input: InvitationCreate): Promise<{ invitation: InvitationDto; token: string }> {
  // 256 random bits; only the sha256 is stored, so a database dump cannot be turned into links.
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + input.expiresInDays * DAY_MS);
  const invitation = await db.$transaction(async (tx) => {
    await lockTeam(tx, member.teamId);
    const already = await tx.membership.findFirst({ where: { teamId: member.teamId, user: { email: input.email } }, select: { id: true } });
    if (already) throw new AppError("CONFLICT", `${input.email} is already a member of ${member.teamName}. Change their role in the members list instead.`, { email: "Already a member." });
    const pending = await tx.invitation.findFirst({
      where: { teamId: member.teamId, email: input.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { expiresAt: true },
    });
    if (pending)
      throw new AppError(
        "CONFLICT",
        `${input.email} already has a pending invitation (valid until ${longDate(pending.expiresAt)}). Revoke it first if you need a new link.`,
        { email: "Already invited." },
      );
    const created = await tx.invitation.create({
      data: { teamId: member.teamId, email: input.email, role: input.role, tokenHash: hashToken(token), invitedById: member.userId, expiresAt },
      select: invitationSelect,
    });
    await audit(
      {
        teamId: member.teamId,
        actorId: member.userId,
        action: "invitation.create",
        targetType: "invitation",
        targetId: created.id,
        ip: member.ip,
        data: { email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
      },
      tx,
    );
    return created;
  });
  return { invitation: invitationDto(invitation), token };
}

/** Revoking twice is not an error: the answer is the invitation, revoked (one audit row). */
export async function revokeInvitation(member: Member, id: number): Promise<InvitationDto> {
  return db.$transaction(async (tx) => {
    await lockTeam(tx, member.teamId);
    const inv = await tx.invitation.findFirst({ where: { id, teamId: member.teamId }, select: invitationSelect });
    if (!inv) throw notFound("That invitation");
    if (inv.acceptedAt)
      throw new AppError("CONFLICT", `${inv.email} already accepted this invitation. To take away their access, remove them from the members list.`);
    if (inv.revokedAt) return invitationDto(inv);
    const revoked = await tx.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() }, select: invitationSelect });
    await audit(
      {
        teamId: member.teamId,
        actorId: member.userId,
        action: "invitation.revoke",
        targetType: "invitation",
        targetId: inv.id,
        ip: member.ip,
        data: { email: inv.email, role: inv.role, wasExpired: invitationStatus(inv) === "EXPIRED" },
      },
      tx,
    );
    return invitationDto(revoked);
  });
}

// ---------------------------------------------------------------------------------------------
// Accepting an invitation (the invitee, who may have no account and no session yet)

type TokenInvitation = InvitationDates & { id: number; teamId: number; email: string; role: Role; team: { name: string } };

async function invitationForToken(token: string, tx: Tx = db): Promise<TokenInvitation | null> {
  if (!token || token.length > 200) return null;
  return tx.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, teamId: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, team: { select: { name: true } } },
  });
}

/** Why this token cannot be used, as a sentence the invitee can act on; null when it can. */
export function unusableReason(inv: TokenInvitation | null, now = new Date()): string | null {
  if (!inv) return "This invitation link is not valid. Check that you copied the whole link, or ask an admin of your team for a new invitation.";
  switch (invitationStatus(inv, now)) {
    case "ACCEPTED":
      return `This invitation to ${inv.team.name} has already been used. Sign in with the account that accepted it, or ask an admin of ${inv.team.name} for a new invitation.`;
    case "REVOKED":
      return `This invitation to ${inv.team.name} was withdrawn by an admin. Ask an admin of ${inv.team.name} for a new one if you still need access.`;
    case "EXPIRED":
      return `This invitation to ${inv.team.name} expired on ${longDate(inv.expiresAt)}. Ask an admin of ${inv.team.name} for a new one.`;
    case "PENDING":
      return null;
  }
}

/** What the invite page shows for a token. */
export type InvitationView =
  | { usable: false; reason: string; teamName: string | null }
  | {
      usable: true;
      email: string;
      role: Role;
      roleName: string;
      teamName: string;
      expiresAt: string;
      /** An account with the invited email exists: the invitee signs in instead of creating one. */
      accountExists: boolean;
      /** Only when the invited account is the one signed in. */
      alreadyMember: boolean;
    };

export async function invitationView(token: string, signedIn: SignedInUser | null): Promise<InvitationView> {
  const inv = await invitationForToken(token);
  const reason = unusableReason(inv);
  if (!inv || reason) return { usable: false, reason: reason ?? "", teamName: inv?.team.name ?? null };
  const account = await db.user.findUnique({ where: { email: inv.email }, select: { id: true } });
  const alreadyMember =
    !!account &&
    signedIn?.id === account.id &&
    !!(await db.membership.findUnique({ where: { userId_teamId: { userId: account.id, teamId: inv.teamId } }, select: { id: true } }));
  return {
    usable: true,
    email: inv.email,
    role: inv.role,
    roleName: ROLE_NAMES[inv.role],
    teamName: inv.team.name,
    expiresAt: inv.expiresAt.toISOString(),
    accountExists: !!account,
    alreadyMember,
  };
}

/**
 * Accepts an invitation: a new account (name + password) when none exists for the invited email,
 * else a membership for the signed-in account with that email. The token is spent by a conditional
 * UPDATE in the same transaction as the membership, so two clicks at once make one membership.
 */
export async function acceptInvitation(input: InvitationAccept, signedIn: SignedInUser | null, ip: string | null): Promise<{ teamId: number; teamName: string; userId: number; newAccount: boolean }> {
  const inv = await invitationForToken(input.token);
  const reason = unusableReason(inv);
  if (!inv || reason) throw new AppError("NOT_FOUND", reason ?? "This invitation link is not valid.");
  const teamName = inv.team.name;

  const existing = await db.user.findUnique({ where: { email: inv.email }, select: { id: true } });
  // Someone else's session never accepts, not even for a new account: it would be easy to mix up
  // who joined, and the invitee's browser would stay signed in as another person.
  if (signedIn && signedIn.id !== existing?.id)
    throw new AppError(
      "FORBIDDEN",
      existing
        ? `This invitation is for ${inv.email}, but you are signed in as ${signedIn.email}. Sign out, sign in as ${inv.email}, and open the invitation link again.`
        : `This invitation is for ${inv.email}, but you are signed in as ${signedIn.email}. Sign out, then open the invitation link again to create the account for ${inv.email}.`,
    );
  let newAccount: { name: string; passwordHash: string } | null = null;
  if (existing) {
    if (!signedIn)
      throw new AppError("UNAUTHENTICATED", `An account for ${inv.email} already exists. Sign in as ${inv.email}, then open the invitation link again to join ${teamName}.`);
  } else {
    const fields: Record<string, string> = {};
    if (!input.name) fields.name = "Enter your name as your team will see it.";
    const problem = input.password ? passwordProblem(input.password, { email: inv.email }) : "Choose a password of at least 12 characters.";
    if (problem) fields.password = problem;
    if (Object.keys(fields).length) throw invalid(fields);
    // Hashing takes a moment of CPU: do it before the transaction holds any lock.
    newAccount = { name: input.name!, passwordHash: await hashPassword(input.password!) };
  }

  const userId = await db.$transaction(async (tx) => {
    const now = new Date();
    const spent = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    // Revoked, used or expired since it was read above: say which.
    if (spent.count !== 1) throw new AppError("NOT_FOUND", unusableReason(await invitationForToken(input.token, tx), now) ?? "This invitation can no longer be used.");
    let id: number;
    if (existing) {
      const member = await tx.membership.findUnique({ where: { userId_teamId: { userId: existing.id, teamId: inv.teamId } }, select: { id: true } });
      if (member) throw new AppError("CONFLICT", `You are already a member of ${teamName}. Open your documents instead; the invitation stays unused.`);
      id = existing.id;
    } else {
      id = (await tx.user.create({ data: { email: inv.email, name: newAccount!.name, passwordHash: newAccount!.passwordHash }, select: { id: true } })).id;
    }
    await tx.membership.create({ data: { userId: id, teamId: inv.teamId, role: inv.role } });
    await tx.invitation.update({ where: { id: inv.id }, data: { acceptedById: id } });
    await audit(
      {
        teamId: inv.teamId,
        actorId: id,
        actorEmail: inv.email,
        action: "invitation.accept",
        targetType: "invitation",
        targetId: inv.id,
        ip,
        data: { email: inv.email, role: inv.role, newAccount: !existing },
      },
      tx,
    );
    return id;
  });
  return { teamId: inv.teamId, teamName, userId, newAccount: !existing };
}
