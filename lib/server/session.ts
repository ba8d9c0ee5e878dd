import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Role } from "@prisma/client";
import { auth } from "./auth";
import { db } from "./db";
import { AppError } from "./errors";
import { ipFrom } from "./request";
import { membershipForToken } from "./tokens";

export type Member = {
  userId: number;
  teamId: number;
  role: Role;
  name: string;
  email: string;
  teamName: string;
  /** How this request authenticated: a browser session, or an API token. */
  via?: "session" | "token";
  sessionId?: string;
  ip?: string | null;
};

export const TEAM_COOKIE = "claimdesk-team";

/** Makes a team the current one for this browser (the value is checked against memberships on every request). */
export function teamCookie(teamId: number) {
  return {
    name: TEAM_COOKIE,
    value: String(teamId),
    options: { path: "/", httpOnly: true, sameSite: "lax" as const, maxAge: 365 * 24 * 60 * 60, secure: process.env.AUTH_URL?.startsWith("https://") === true },
  };
}

export type SignedInUser = { id: number; email: string; name: string; sessionId: string; memberships: { teamId: number; role: Role; team: { name: string } }[] };

/**
 * The signed-in user, even one who belongs to no team yet (the invite page needs that), or null.
 * The session row is read from the database on every request, so signing out or a password
 * change (which revokes rows) takes effect at once on every instance.
 */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  const session = await auth();
  const userId = Number(session?.user?.id);
  const sid = session?.sid;
  if (!Number.isInteger(userId) || userId <= 0 || !sid) return null;
  const row = await db.userSession.findFirst({
    where: { id: sid, userId, revokedAt: null },
    select: {
      user: {
        select: {
          id: true,
          name: true,
          email: true,
          memberships: { orderBy: { createdAt: "asc" }, select: { teamId: true, role: true, team: { select: { name: true } } } },
        },
      },
    },
  });
  return row ? { ...row.user, sessionId: sid } : null;
}

/**
 * The signed-in user and the team every query of this request is scoped to, or null.
 * Memberships are read on every request too, so a removed member loses the team at once.
 */
export async function getMember(): Promise<Member | null> {
  const user = await getSignedInUser();
  if (!user?.memberships.length) return null;
  const wanted = Number((await cookies()).get(TEAM_COOKIE)?.value);
  const m = user.memberships.find((x) => x.teamId === wanted) ?? user.memberships[0]!;
  return {
    userId: user.id,
    teamId: m.teamId,
    role: m.role,
    name: user.name,
    email: user.email,
    teamName: m.team.name,
    via: "session",
    sessionId: user.sessionId,
    ip: ipFrom(await headers()),
  };
}

/** Every team the signed-in user belongs to, for the team switcher. */
export async function teamsOf(userId: number) {
  const rows = await db.membership.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { teamId: true, role: true, team: { select: { name: true } } } });
  return rows.map((r) => ({ id: r.teamId, name: r.team.name, role: r.role }));
}

/**
 * For API routes: an API token (Authorization: Bearer) or the session cookie; 401 without either.
 * A token that is present but unknown, revoked or expired is a 401 too, never a fall-back to cookies.
 */
export async function requireApiMember(req: Request): Promise<Member> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const m = token ? await membershipForToken(token) : null;
    if (!m) throw new AppError("UNAUTHENTICATED", "This API token is not valid: it is unknown, revoked or expired. Create a new one in Settings.");
    return { userId: m.userId, teamId: m.teamId, role: m.role, name: m.user.name, email: m.user.email, teamName: m.team.name, via: "token", ip: ipFrom(req.headers) };
  }
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
