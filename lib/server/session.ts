import "server-only";
import { redirect } from "next/navigation";
import type { Role } from "@prisma/client";
import { auth } from "./auth";
import { db } from "./db";
import { AppError } from "./errors";

export type Member = { userId: number; teamId: number; role: Role; name: string; email: string; teamName: string };

/**
 * The signed-in user and the team every query of this request is scoped to, or null.
 * The user's membership is read from the database on every request, so a removed member
 * loses access at once even while their session cookie lives.
 */
export async function getMember(): Promise<Member | null> {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!Number.isInteger(userId) || userId <= 0) return null;
  const membership = await db.membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { teamId: true, role: true, user: { select: { name: true, email: true } }, team: { select: { name: true } } },
  });
  if (!membership) return null;
  return {
    userId,
    teamId: membership.teamId,
    role: membership.role,
    name: membership.user.name,
    email: membership.user.email,
    teamName: membership.team.name,
  };
}

/** For API routes: 401 without a session. */
export async function requireApiMember(): Promise<Member> {
  const member = await getMember();
  if (!member) throw new AppError("UNAUTHENTICATED", "Sign in first: this request has no valid session.");
  return member;
}

/** For pages: to the sign-in page without a session, then back. */
export async function requirePageMember(returnTo: string): Promise<Member> {
  const member = await getMember();
  if (!member) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return member;
}
