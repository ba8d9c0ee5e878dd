import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Role } from "@prisma/client";
import { decode } from "next-auth/jwt";
import { db } from "./db";
import { AppError } from "./errors";
import { BLIND_ON } from "./membership-sql";
import { appQuery } from "./pg-pool";
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
  /** Documents of this team the member is blind on (an OPEN second review of theirs), read with the membership. */
  blindOn?: readonly number[];
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

export type SignedInUser = {
  id: number;
  email: string;
  name: string;
  sessionId: string;
  memberships: { teamId: number; role: Role; team: { name: string }; blindOn: number[] }[];
};

// The session cookie Auth.js writes (lib/server/auth.ts): a JWE whose key is derived from
// AUTH_SECRET with the cookie's name as salt. "__Secure-" when the app is served over https.
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

type CookieJar = { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] };

/** The cookie's value, joined when Auth.js had to split a large one into name.0, name.1, ... */
function sessionCookie(jar: CookieJar) {
  for (const name of SESSION_COOKIES) {
    const whole = jar.get(name)?.value;
    if (whole) return { name, value: whole };
    const chunks = jar
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
    if (chunks.length) return { name, value: chunks.map((c) => c.value).join("") };
  }
  return null;
}

type SessionClaims = { uid: number; sid: string; exp: number };
// Decrypting the JWE (key derivation, AES) costs more CPU than the database check; a cookie is
// sent unchanged on every request of its session, so each is decrypted once per process. The
// cache only saves the decryption: the session row is still read on every request (sign-out and
// revocation take effect at once on every instance), and an entry is dropped at its expiry.
const DECODED_MAX = 5_000;
const decoded = new Map<string, SessionClaims>();

async function sessionClaims(cookie: { name: string; value: string }): Promise<SessionClaims | null> {
  const key = `${cookie.name}=${cookie.value}`;
  const known = decoded.get(key);
  if (known) {
    if (known.exp * 1000 > Date.now()) return known;
    decoded.delete(key);
    return null;
  }
  let claims: SessionClaims | null = null;
  try {
    const payload = await decode({ token: cookie.value, secret: authSecret(), salt: cookie.name });
    const uid = Number(payload?.uid);
    const sid = payload?.sid;
    const exp = Number(payload?.exp);
    if (Number.isInteger(uid) && uid > 0 && typeof sid === "string" && sid && Number.isFinite(exp)) claims = { uid, sid, exp };
  } catch {
    return null; // not ours, tampered with, or expired: no session (not kept: anyone can send those)
  }
  if (!claims) return null;
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, claims);
  return claims;
}

function authSecret(): string[] {
  // As Auth.js reads it: AUTH_SECRET (or NEXTAUTH_SECRET); AUTH_SECRET_1, _2... during a rotation.
  const secret = process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: it must be the same long random value on every instance.");
  const rotated = [1, 2, 3].map((i) => process.env[`AUTH_SECRET_${i}`]).filter((x): x is string => !!x);
  return [secret, ...rotated];
}

type SessionRow = { id: number; name: string; email: string; memberships: { teamId: number; role: Role; teamName: string; blindOn: number[] }[] };

// The session row, its user and their memberships with team names, and for each team the
// documents the user is blind on (lib/server/second-review.ts blindDocumentIds), in one statement.
const SESSION_SQL = `
  SELECT u.id, u.name, u.email,
         COALESCE(json_agg(json_build_object('teamId', m."teamId", 'role', m.role, 'teamName', t.name, 'blindOn', ${BLIND_ON}) ORDER BY m."createdAt", m.id)
                  FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships
  FROM "UserSession" s
  JOIN "User" u ON u.id = s."userId"
  LEFT JOIN "Membership" m ON m."userId" = u.id
  LEFT JOIN "Team" t ON t.id = m."teamId"
  WHERE s.id = $1 AND s."userId" = $2 AND s."revokedAt" IS NULL
  GROUP BY u.id`;

/**
 * The signed-in user, even one who belongs to no team yet (the invite page needs that), or null.
 * The session row is read from the database on every request, so signing out or a password
 * change (which revokes rows) takes effect at once on every instance: one round trip, with the
 * user's memberships (docs/decisions/0025-lean-hot-path.md).
 */
export async function getSignedInUser(): Promise<SignedInUser | null> {
  return signedInUser(await cookies());
}

async function signedInUser(jar: CookieJar): Promise<SignedInUser | null> {
  const cookie = sessionCookie(jar);
  const claims = cookie && (await sessionClaims(cookie));
  if (!claims) return null;
  const [row] = await appQuery<SessionRow>(SESSION_SQL, [claims.sid, claims.uid], "claimdesk-session");
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    sessionId: claims.sid,
    memberships: row.memberships.map((m) => ({ teamId: m.teamId, role: m.role, team: { name: m.teamName }, blindOn: m.blindOn })),
  };
}

/**
 * The signed-in user and the team every query of this request is scoped to, or null.
 * Memberships are read on every request too, so a removed member loses the team at once.
 */
export async function getMember(): Promise<Member | null> {
  return memberOf(await cookies(), ipFrom(await headers()));
}

async function memberOf(jar: CookieJar, ip: string | null): Promise<Member | null> {
  const user = await signedInUser(jar);
  if (!user?.memberships.length) return null;
  const wanted = Number(jar.get(TEAM_COOKIE)?.value);
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
    ip,
    blindOn: m.blindOn,
  };
}

/**
 * A request's cookies read from its Cookie header, as Next's `cookies()` reads them (a later
 * cookie of the same name wins; a value that does not %-decode is left out). API routes read the request's
 * own headers, so a request Next never parsed (lib/server/direct.ts) is authenticated the same way.
 */
export function cookiesOf(header: string | null): CookieJar {
  const jar = new Map<string, { name: string; value: string }>();
  for (const part of (header ?? "").split(/; */)) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq);
    try {
      jar.set(name, { name, value: decodeURIComponent(part.slice(eq + 1)) });
    } catch {
      // a value that is not valid %-encoding is left out, as Next does
    }
  }
  return { get: (name) => jar.get(name), getAll: () => [...jar.values()] };
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
export async function requireApiMember(req: { headers: { get(name: string): string | null } }): Promise<Member> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const m = token ? await membershipForToken(token) : null;
    if (!m) throw new AppError("UNAUTHENTICATED", "This API token is not valid: it is unknown, revoked or expired. Create a new one in Settings.");
    return { userId: m.userId, teamId: m.teamId, role: m.role, name: m.user.name, email: m.user.email, teamName: m.team.name, via: "token", ip: ipFrom(req.headers), blindOn: m.blindOn };
  }
  const member = await memberOf(cookiesOf(req.headers.get("cookie")), ipFrom(req.headers));
  if (!member) throw new AppError("UNAUTHENTICATED", "Sign in first: this request has no valid session.");
  return member;
}

/** For pages: to the sign-in page without a session, then back. */
export async function requirePageMember(returnTo: string): Promise<Member> {
  const member = await getMember();
  if (!member) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return member;
}
