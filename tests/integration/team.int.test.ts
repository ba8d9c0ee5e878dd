// Teams and security: invitations (create, accept as a new or an existing account, expiry,
// revocation, single use), role changes and removals with the last-admin rule, who may do what,
// team scoping of every id, the audit rows each change writes, and bad input.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@prisma/client";
import { db } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/passwords";
import type { Member } from "@/lib/server/session";
import { teamWith, PASSWORD } from "../helpers/factories";
import { anonymous, signIn, type Client } from "../helpers/http";
import { expectError, importSample, tag } from "../helpers/claimdesk";

const NEW_PASSWORD = "lantern orbit gravel quietly";
const DAY_MS = 24 * 60 * 60 * 1000;
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

let team: Awaited<ReturnType<typeof teamWith>>;
let admin: Member;
let editor: Member;
let reviewer: Member;
let asAdmin: Client;
let asEditor: Client;
let asReviewer: Client;

beforeAll(async () => {
  team = await teamWith(["ADMIN", "EDITOR", "REVIEWER"]);
  [admin, editor, reviewer] = team.members as [Member, Member, Member];
  [asAdmin, asEditor, asReviewer] = await Promise.all([signIn(admin.email, PASSWORD), signIn(editor.email, PASSWORD), signIn(reviewer.email, PASSWORD)]);
});

async function invite(client: Client, email: string, role: Role = "REVIEWER", extra: Record<string, unknown> = {}) {
  const res = await client.request("POST", "/api/team/invitations", { email, role, ...extra });
  expect(res.status, JSON.stringify(res.json).slice(0, 500)).toBe(201);
  return res.json as { invitation: any; token: string; url: string };
}

/** A new invitation for this email, revoking any still pending (the API allows one at a time). */
async function freshInvite(email: string, role: Role) {
  const pending = await db.invitation.findMany({ where: { teamId: admin.teamId, email, acceptedAt: null, revokedAt: null } });
  for (const p of pending) expect((await asAdmin.request("DELETE", `/api/team/invitations/${p.id}`)).status).toBe(200);
  return invite(asAdmin, email, role);
}

const accept = (body: Record<string, unknown>, client: Client = anonymous()) => client.request("POST", "/api/invitations/accept", body);

const auditRows = (teamId: number, action: string, targetId?: number) =>
  db.auditEvent.findMany({ where: { teamId, action, ...(targetId === undefined ? {} : { targetId: String(targetId) }) }, orderBy: { id: "asc" } });

/** What a refused request must leave untouched. */
const teamState = (teamId: number) =>
  Promise.all([
    db.membership.findMany({ where: { teamId }, orderBy: { id: "asc" } }),
    db.invitation.findMany({ where: { teamId }, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: { teamId } }),
  ]);

const newEmail = (label: string) => `${label}-${tag()}@example.test`;

describe("the invitation lifecycle", () => {
  it("creates an invitation, accepts it as a new account, and the new account signs in with the invited role", async () => {
    const email = newEmail("newcomer");
    const before = Date.now();
    const created = await invite(asAdmin, email.toUpperCase().replace("@EXAMPLE.TEST", "@Example.test"));
    // The token: long, random, in the link, and stored only as its sha256.
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(created.url).toMatch(new RegExp(`^https?://[^/]+/invite/${created.token}$`));
    expect(created.invitation).toMatchObject({ email, role: "REVIEWER", status: "PENDING", invitedBy: { userId: admin.userId, name: admin.name } });
    const expiresIn = Date.parse(created.invitation.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(expiresIn).toBeLessThan(7 * DAY_MS + 60_000);
    const row = await db.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(row.tokenHash).toBe(sha256(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    // Listed for admins without the token or its hash.
    const list = await asAdmin.request("GET", "/api/team/invitations");
    expect(list.status).toBe(200);
    const listed = list.json.invitations.find((i: any) => i.id === created.invitation.id);
    expect(listed).toMatchObject({ email, role: "REVIEWER", status: "PENDING" });
    expect(Object.keys(listed)).toEqual(expect.arrayContaining(["id", "email", "role", "createdAt", "expiresAt", "status", "invitedBy"]));
    expect(JSON.stringify(list.json)).not.toContain(created.token);
    expect(JSON.stringify(list.json)).not.toContain(row.tokenHash);

    // The invite page offers to create the account.
    const page = await anonymous().request("GET", `/invite/${created.token}`);
    expect(page.status).toBe(200);
    expect(page.json.raw).toContain("Create your account");
    expect(page.json.raw).toContain(email);

    const res = await accept({ token: created.token, name: "  Nadia Newcomer ", password: NEW_PASSWORD });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toEqual({ teamId: admin.teamId, teamName: admin.teamName });

    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.name).toBe("Nadia Newcomer");
    expect(user.passwordHash).not.toContain(NEW_PASSWORD);
    expect(user.memberships.map((m) => [m.teamId, m.role])).toEqual([[admin.teamId, "REVIEWER"]]);
    const accepted = await db.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(accepted.acceptedAt).not.toBeNull();
    expect(accepted.acceptedById).toBe(user.id);
    const after = await asAdmin.request("GET", "/api/team/invitations");
    expect(after.json.invitations.find((i: any) => i.id === created.invitation.id).status).toBe("ACCEPTED");

    // Sign-in works, with the invited role's rights.
    const asNew = await signIn(email, NEW_PASSWORD);
    expect((await asNew.request("GET", "/api/documents")).status).toBe(200);
    expectError(await asNew.request("POST", "/api/documents", { title: "Not mine to import", text: "Some text here that is long enough." }), 403, "FORBIDDEN");
    const members = await asNew.request("GET", "/api/team/members");
    expect(members.status).toBe(200);
    expect(members.json.members.find((m: any) => m.userId === user.id)).toMatchObject({ name: "Nadia Newcomer", email, role: "REVIEWER" });

    // Audit: the creation by the admin, the acceptance by the new account.
    const [createdRow] = await auditRows(admin.teamId, "invitation.create", created.invitation.id);
    expect(createdRow).toMatchObject({ actorId: admin.userId, targetType: "invitation", data: { email, role: "REVIEWER" } });
    const [acceptedRow] = await auditRows(admin.teamId, "invitation.accept", created.invitation.id);
    expect(acceptedRow).toMatchObject({ actorId: user.id, targetType: "invitation", data: { email, role: "REVIEWER", newAccount: true } });
  });

  it("refuses a used token: nothing more is created, and the page says it was used", async () => {
    const email = newEmail("once");
    const { token } = await invite(asAdmin, email, "EDITOR");
    expect((await accept({ token, name: "First Use", password: NEW_PASSWORD })).status).toBe(200);
    const before = await teamState(admin.teamId);
    const again = expectError(await accept({ token, name: "Second Use", password: "another fine passphrase" }), 404, "NOT_FOUND");
    expect(again.message).toMatch(/already been used/);
    expect(await teamState(admin.teamId)).toEqual(before);
    expect((await db.user.findUniqueOrThrow({ where: { email } })).name).toBe("First Use");
    expect((await anonymous().request("GET", `/invite/${token}`)).json.raw).toContain("already been used");
  });

  it("refuses an expired token, creating nothing", async () => {
    const email = newEmail("late");
    const { invitation, token } = await invite(asAdmin, email, "EDITOR", { expiresInDays: 1 });
    await db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const before = await teamState(admin.teamId);
    const error = expectError(await accept({ token, name: "Too Late", password: NEW_PASSWORD }), 404, "NOT_FOUND");
    expect(error.message).toMatch(/expired on .*Ask an admin/);
    expect(await teamState(admin.teamId)).toEqual(before);
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    const list = await asAdmin.request("GET", "/api/team/invitations");
    expect(list.json.invitations.find((i: any) => i.id === invitation.id).status).toBe("EXPIRED");
    const page = await anonymous().request("GET", `/invite/${token}`);
    expect(page.status).toBe(200);
    expect(page.json.raw).toContain("This invitation cannot be used");
    expect(page.json.raw).toContain("expired on");
    expect(page.json.raw).not.toContain("Create your account");
  });

  it("revokes a pending invitation (once), after which its token is refused and creates nothing", async () => {
    const email = newEmail("revoked");
    const { invitation, token } = await invite(asAdmin, email);
    const res = await asAdmin.request("DELETE", `/api/team/invitations/${invitation.id}`);
    expect(res.status).toBe(200);
    expect(res.json.invitation).toMatchObject({ id: invitation.id, email, status: "REVOKED" });
    expect(await auditRows(admin.teamId, "invitation.revoke", invitation.id)).toEqual([
      expect.objectContaining({ actorId: admin.userId, targetType: "invitation", data: expect.objectContaining({ email }) }),
    ]);
    // Revoking again answers the same and writes no second row.
    const again = await asAdmin.request("DELETE", `/api/team/invitations/${invitation.id}`);
    expect(again.status).toBe(200);
    expect(again.json.invitation.status).toBe("REVOKED");
    expect(await auditRows(admin.teamId, "invitation.revoke", invitation.id)).toHaveLength(1);

    const before = await teamState(admin.teamId);
    const error = expectError(await accept({ token, name: "Revoked Person", password: NEW_PASSWORD }), 404, "NOT_FOUND");
    expect(error.message).toMatch(/withdrawn/);
    expect(await teamState(admin.teamId)).toEqual(before);
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    expect((await anonymous().request("GET", `/invite/${token}`)).json.raw).toContain("withdrawn");
  });

  it("cannot revoke an accepted invitation: the member is removed instead", async () => {
    const { invitation, token } = await invite(asAdmin, newEmail("kept"));
    expect((await accept({ token, name: "Kept Member", password: NEW_PASSWORD })).status).toBe(200);
    const error = expectError(await asAdmin.request("DELETE", `/api/team/invitations/${invitation.id}`), 409, "CONFLICT");
    expect(error.message).toMatch(/remove them/);
  });

  it("refuses a token that never existed, or a mangled one", async () => {
    for (const token of ["not-a-real-token", "x".repeat(43), "%00"]) {
      const error = expectError(await accept({ token, name: "Nobody", password: NEW_PASSWORD }), 404, "NOT_FOUND");
      expect(error.message).toMatch(/not valid/);
    }
    expect((await anonymous().request("GET", "/invite/not-a-real-token")).json.raw).toContain("not valid");
  });

  it("spends a token once even when two people accept it at the same moment", async () => {
    const email = newEmail("race");
    const { invitation, token } = await invite(asAdmin, email);
    const results = await Promise.all([
      accept({ token, name: "Racer One", password: NEW_PASSWORD }),
      accept({ token, name: "Racer Two", password: "another fine passphrase" }),
    ]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The loser found the token spent (404) or the account just created (409).
    expect([404, 409]).toContain(statuses.find((s) => s !== 200));
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await db.membership.count({ where: { teamId: admin.teamId, user: { email } } })).toBe(1);
    expect(await auditRows(admin.teamId, "invitation.accept", invitation.id)).toHaveLength(1);
  });

  it("refuses a second pending invitation for the same email, and an invitation for a member", async () => {
    const email = newEmail("twice");
    await invite(asAdmin, email);
    const before = await teamState(admin.teamId);
    expect(expectError(await asAdmin.request("POST", "/api/team/invitations", { email, role: "EDITOR" }), 409, "CONFLICT").message).toMatch(
      /already has a pending invitation.*Revoke it first/,
    );
    expect(expectError(await asAdmin.request("POST", "/api/team/invitations", { email: editor.email, role: "ADMIN" }), 409, "CONFLICT").message).toMatch(
      /already a member/,
    );
    expect(await teamState(admin.teamId)).toEqual(before);
  });
});

describe("accepting with an existing account", () => {
  let other: Awaited<ReturnType<typeof teamWith>>;
  let outsider: Member; // an editor of another team, invited into ours
  let asOutsider: Client;

  beforeAll(async () => {
    other = await teamWith(["EDITOR"]);
    outsider = other.members[0]!;
    asOutsider = await signIn(outsider.email, PASSWORD);
  });

  it("asks to sign in first, and a password sent without a session changes nothing", async () => {
    const { token } = await freshInvite(outsider.email, "EDITOR");
    const hashBefore = (await db.user.findUniqueOrThrow({ where: { id: outsider.userId } })).passwordHash;
    const before = await teamState(admin.teamId);
    const error = expectError(await accept({ token, name: "Hijacker", password: "taken over account now" }), 401, "UNAUTHENTICATED");
    expect(error.message).toContain(`Sign in as ${outsider.email}`);
    expect(await teamState(admin.teamId)).toEqual(before);
    const user = await db.user.findUniqueOrThrow({ where: { id: outsider.userId } });
    expect(user.passwordHash).toBe(hashBefore);
    expect(user.name).toBe(outsider.name);
    // The page links to sign-in and back to the invitation.
    const page = await anonymous().request("GET", `/invite/${token}`);
    expect(page.json.raw).toContain(`/signin?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`);
  });

  it("refuses a session of another email, for existing and for new accounts alike", async () => {
    const { token } = await freshInvite(outsider.email, "EDITOR");
    const before = await teamState(admin.teamId);
    const error = expectError(await accept({ token }, asReviewer), 403, "FORBIDDEN");
    expect(error.message).toContain(`This invitation is for ${outsider.email}, but you are signed in as ${reviewer.email}`);
    const page = await asReviewer.request("GET", `/invite/${token}`);
    expect(page.json.raw).toContain("Sign out");

    const fresh = newEmail("fresh");
    const { token: freshToken } = await invite(asAdmin, fresh);
    const before2 = await teamState(admin.teamId);
    expectError(await accept({ token: freshToken, name: "Fresh Person", password: NEW_PASSWORD }, asReviewer), 403, "FORBIDDEN");
    expect(await db.user.findUnique({ where: { email: fresh } })).toBeNull();
    expect((await teamState(admin.teamId))[0]).toEqual(before2[0]);
    expect((await teamState(admin.teamId))[0]).toEqual(before[0]);
  });

  it("joins with the invited account's session, keeping its other team, and switches to the new team", async () => {
    const { invitation, token } = await freshInvite(outsider.email, "EDITOR");
    const page = await asOutsider.request("GET", `/invite/${token}`);
    expect(page.json.raw).toContain(`Join ${admin.teamName}`);

    const res = await accept({ token }, asOutsider);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toEqual({ teamId: admin.teamId, teamName: admin.teamName });
    const memberships = await db.membership.findMany({ where: { userId: outsider.userId }, orderBy: { teamId: "asc" } });
    expect(memberships.map((m) => [m.teamId, m.role]).sort()).toEqual(
      [
        [outsider.teamId, "EDITOR"],
        [admin.teamId, "EDITOR"],
      ].sort(),
    );
    const [row] = await auditRows(admin.teamId, "invitation.accept", invitation.id);
    expect(row).toMatchObject({ actorId: outsider.userId, data: { newAccount: false } });

    // The answer selects the team just joined.
    const teamCookie = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("claimdesk-team="));
    expect(teamCookie).toBe(`claimdesk-team=${admin.teamId}`);
    const inNewTeam = anonymous(`${asOutsider.cookie}; ${teamCookie}`);
    const members = await inNewTeam.request("GET", "/api/team/members");
    expect(members.json.members.map((m: any) => m.userId)).toContain(admin.userId);

    // A second invitation for someone already in the team is refused up front.
    expectError(await asAdmin.request("POST", "/api/team/invitations", { email: outsider.email, role: "REVIEWER" }), 409, "CONFLICT");
  });

  it("works for a signed-in account that belongs to no team at all", async () => {
    const email = newEmail("teamless");
    const user = await db.user.create({ data: { email, name: "Teamless Tina", passwordHash: await hashPassword(PASSWORD) } });
    const asTeamless = await signIn(email, PASSWORD);
    expectError(await asTeamless.request("GET", "/api/documents"), 401, "UNAUTHENTICATED");
    const { token } = await invite(asAdmin, email, "REVIEWER");
    const res = await accept({ token }, asTeamless);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect((await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId).toBe(admin.teamId);
    expect((await asTeamless.request("GET", "/api/documents")).status).toBe(200);
  });
});

describe("roles and removal", () => {
  it("keeps the last admin: neither demoted nor removed, until another admin exists", async () => {
    const { members } = await teamWith(["ADMIN", "EDITOR"]);
    const [a, e] = members as [Member, Member];
    const [asA, asE] = await Promise.all([signIn(a.email, PASSWORD), signIn(e.email, PASSWORD)]);
    const before = await teamState(a.teamId);
    expect(expectError(await asA.request("PATCH", `/api/team/members/${a.userId}`, { role: "EDITOR" }), 409, "CONFLICT").message).toMatch(
      /last admin.*Make another member an admin first/,
    );
    expect(expectError(await asA.request("DELETE", `/api/team/members/${a.userId}`), 409, "CONFLICT").message).toMatch(/last admin/);
    expect(await teamState(a.teamId)).toEqual(before);

    // Another admin: now either may demote or remove the other, never change their own role.
    const promoted = await asA.request("PATCH", `/api/team/members/${e.userId}`, { role: "ADMIN" });
    expect(promoted.status).toBe(200);
    expect(promoted.json.member).toMatchObject({ userId: e.userId, name: e.name, email: e.email, role: "ADMIN" });
    expect(await auditRows(a.teamId, "member.role_change", e.userId)).toEqual([
      expect.objectContaining({ actorId: a.userId, targetType: "user", data: { email: e.email, from: "EDITOR", to: "ADMIN" } }),
    ]);
    expect(expectError(await asA.request("PATCH", `/api/team/members/${a.userId}`, { role: "EDITOR" }), 403, "FORBIDDEN").message).toMatch(
      /own role/,
    );
    const demoted = await asE.request("PATCH", `/api/team/members/${a.userId}`, { role: "REVIEWER" });
    expect(demoted.status).toBe(200);
    expect(demoted.json.member.role).toBe("REVIEWER");
    // e is the last admin now.
    expect(expectError(await asE.request("DELETE", `/api/team/members/${e.userId}`), 409, "CONFLICT").message).toMatch(/last admin/);
    const removed = await asE.request("DELETE", `/api/team/members/${a.userId}`);
    expect(removed.status).toBe(200);
    expect(removed.json).toEqual({ removed: true });
    expect(await db.membership.count({ where: { teamId: a.teamId } })).toBe(1);
    expect(await auditRows(a.teamId, "member.remove", a.userId)).toEqual([
      expect.objectContaining({ actorId: e.userId, targetType: "user", data: { email: a.email, name: a.name, role: "REVIEWER" } }),
    ]);
  });

  it("leaves exactly one admin when two admins demote each other at the same moment", async () => {
    const { members } = await teamWith(["ADMIN", "ADMIN"]);
    const [a, b] = members as [Member, Member];
    const [asA, asB] = await Promise.all([signIn(a.email, PASSWORD), signIn(b.email, PASSWORD)]);
    const results = await Promise.all([
      asA.request("PATCH", `/api/team/members/${b.userId}`, { role: "EDITOR" }),
      asB.request("PATCH", `/api/team/members/${a.userId}`, { role: "EDITOR" }),
    ]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The loser was either still an admin when it asked (409, last admin) or already demoted (403).
    expect([403, 409]).toContain(statuses.find((s) => s !== 200));
    expect(await db.membership.count({ where: { teamId: a.teamId, role: "ADMIN" } })).toBe(1);
  });

  it("a role change takes effect on the next request: an editor demoted to reviewer cannot import", async () => {
    const { members } = await teamWith(["ADMIN", "EDITOR"]);
    const [a, e] = members as [Member, Member];
    const [asA, asE] = await Promise.all([signIn(a.email, PASSWORD), signIn(e.email, PASSWORD)]);
    await importSample(asE);
    expect((await asA.request("PATCH", `/api/team/members/${e.userId}`, { role: "REVIEWER" })).status).toBe(200);
    const error = expectError(await asE.request("POST", "/api/documents", { title: `After ${tag()}`, text: `A sentence long enough to be a claim here. ${tag()}` }), 403, "FORBIDDEN");
    expect(error.message).toMatch(/Reviewer/);
    expect((await asE.request("GET", "/api/documents")).status).toBe(200);
    // The same role again is a no-op: no second audit row.
    expect((await asA.request("PATCH", `/api/team/members/${e.userId}`, { role: "REVIEWER" })).status).toBe(200);
    expect(await auditRows(a.teamId, "member.role_change", e.userId)).toHaveLength(1);
  });

  it("a removed member loses the team at once: 401 without another team, 404 on its ids with one", async () => {
    const { members } = await teamWith(["ADMIN", "EDITOR", "REVIEWER"]);
    const [a, e, r] = members as [Member, Member, Member];
    const [asA, asE, asR] = await Promise.all([signIn(a.email, PASSWORD), signIn(e.email, PASSWORD), signIn(r.email, PASSWORD)]);
    const { doc } = await importSample(asE);
    // e also belongs to another team, which stays theirs.
    const elsewhere = await teamWith(["ADMIN"]);
    await db.membership.create({ data: { userId: e.userId, teamId: elsewhere.team.id, role: "REVIEWER" } });

    expect((await asR.request("GET", `/api/documents/${doc.id}`)).status).toBe(200);
    expect((await asA.request("DELETE", `/api/team/members/${r.userId}`)).status).toBe(200);
    expect((await asA.request("DELETE", `/api/team/members/${e.userId}`)).status).toBe(200);

    expectError(await asR.request("GET", "/api/documents"), 401, "UNAUTHENTICATED");
    expectError(await asR.request("GET", `/api/documents/${doc.id}`), 401, "UNAUTHENTICATED");
    expectError(await asR.request("PUT", `/api/claims/${doc.claims[0].id}/verdict`, { label: "OPINION", expectedVersion: 1 }), 401, "UNAUTHENTICATED");
    expectError(await asE.request("GET", `/api/documents/${doc.id}`), 404, "NOT_FOUND");
    const listed = await asE.request("GET", "/api/documents");
    expect(listed.status).toBe(200);
    expect(listed.json.documents.map((d: any) => d.id)).not.toContain(doc.id);
    // The removed ones are gone from the list, and removing again is a 404.
    const list = await asA.request("GET", "/api/team/members");
    expect(list.json.members.map((m: any) => m.userId)).toEqual([a.userId]);
    expectError(await asA.request("DELETE", `/api/team/members/${r.userId}`), 404, "NOT_FOUND");
  });
});

describe("who may do what", () => {
  let invitationId: number;
  beforeAll(async () => {
    invitationId = (await invite(asAdmin, newEmail("target"))).invitation.id;
  });

  const adminRoutes = (): [string, string, unknown?][] => [
    ["GET", "/api/team/invitations"],
    ["POST", "/api/team/invitations", { email: newEmail("sneaky"), role: "ADMIN" }],
    ["DELETE", `/api/team/invitations/${invitationId}`],
    ["PATCH", `/api/team/members/${reviewer.userId}`, { role: "ADMIN" }],
    ["PATCH", `/api/team/members/${editor.userId}`, { role: "ADMIN" }],
    ["DELETE", `/api/team/members/${admin.userId}`],
    ["DELETE", `/api/team/members/${reviewer.userId}`],
  ];

  it("editors and reviewers get 403 on every admin route, and nothing changes", async () => {
    const before = await teamState(admin.teamId);
    for (const client of [asEditor, asReviewer])
      for (const [method, path, body] of adminRoutes()) {
        const error = expectError(await client.request(method, path, body), 403, "FORBIDDEN");
        expect(error.message, `${method} ${path}`).toMatch(/cannot do this.*Ask an admin/);
      }
    expect(await teamState(admin.teamId)).toEqual(before);
  });

  it("every member may list the team's members", async () => {
    for (const client of [asAdmin, asEditor, asReviewer]) {
      const res = await client.request("GET", "/api/team/members");
      expect(res.status).toBe(200);
      for (const m of [admin, editor, reviewer])
        expect(res.json.members).toContainEqual({ userId: m.userId, name: m.name, email: m.email, role: m.role, joinedAt: expect.any(String) });
      expect(JSON.stringify(res.json)).not.toMatch(/passwordHash|argon2/);
    }
  });

  it("without a session every team route is 401", async () => {
    const anon = anonymous();
    for (const [method, path, body] of [["GET", "/api/team/members"] as [string, string, unknown?], ...adminRoutes()])
      expectError(await anon.request(method, path, body), 401, "UNAUTHENTICATED");
  });

  it("refuses a cross-site accept", async () => {
    const { token } = await invite(asAdmin, newEmail("csrf"));
    const res = await anonymous().request("POST", "/api/invitations/accept", { token, name: "Cross Site", password: NEW_PASSWORD }, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expectError(res, 403, "FORBIDDEN");
  });
});

describe("another team's ids", () => {
  it("are 404 for an admin of another team, exactly like ids that do not exist, and change nothing", async () => {
    const otherTeam = await teamWith(["ADMIN"]);
    const asOther = await signIn(otherTeam.members[0]!.email, PASSWORD);
    const { invitation } = await invite(asAdmin, newEmail("foreign"));
    const before = await teamState(admin.teamId);
    const pairs: [string, string, string, unknown?][] = [
      ["PATCH", `/api/team/members/${editor.userId}`, `/api/team/members/2147483647`, { role: "ADMIN" }],
      ["DELETE", `/api/team/members/${editor.userId}`, `/api/team/members/2147483647`],
      ["DELETE", `/api/team/invitations/${invitation.id}`, `/api/team/invitations/2147483647`],
    ];
    for (const [method, foreign, missing, body] of pairs) {
      const f = await asOther.request(method, foreign, body);
      expectError(f, 404, "NOT_FOUND");
      expect(f.json, `${method} ${foreign}`).toEqual((await asOther.request(method, missing, body)).json);
      expect(JSON.stringify(f.json)).not.toContain(editor.email);
    }
    expectError(await asOther.request("DELETE", "/api/team/members/abc"), 404, "NOT_FOUND");
    expectError(await asOther.request("DELETE", "/api/team/invitations/0"), 404, "NOT_FOUND");
    expect(await teamState(admin.teamId)).toEqual(before);
    // Lists show one's own team only.
    const members = await asOther.request("GET", "/api/team/members");
    expect(members.json.members.map((m: any) => m.userId)).toEqual([otherTeam.members[0]!.userId]);
    const invitations = await asOther.request("GET", "/api/team/invitations");
    expect(invitations.json.invitations).toEqual([]);
  });
});

describe("audit rows", () => {
  it("record who did it and from where, in the same transaction as the change", async () => {
    const ip = "203.0.113.9";
    const email = newEmail("audited");
    const res = await asAdmin.request("POST", "/api/team/invitations", { email, role: "EDITOR", expiresInDays: 30 }, { "x-forwarded-for": ip });
    expect(res.status).toBe(201);
    const [row] = await auditRows(admin.teamId, "invitation.create", res.json.invitation.id);
    expect(row).toMatchObject({ teamId: admin.teamId, actorId: admin.userId, targetType: "invitation", targetId: String(res.json.invitation.id), ip });
    expect(Date.parse((row!.data as any).expiresAt) - Date.now()).toBeGreaterThan(29 * DAY_MS);
    // A refused change writes no row.
    const count = await db.auditEvent.count({ where: { teamId: admin.teamId } });
    await asAdmin.request("POST", "/api/team/invitations", { email, role: "EDITOR" });
    await asAdmin.request("PATCH", `/api/team/members/${admin.userId}`, { role: "EDITOR" });
    expect(await db.auditEvent.count({ where: { teamId: admin.teamId } })).toBe(count);
  });
});

describe("bad input", () => {
  async function rejected(res: { status: number; json: any }, fields: string[], message?: RegExp) {
    const error = expectError(res, 422, "INVALID");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual([...fields].sort());
    for (const f of fields) expect(error.fields[f].length).toBeGreaterThan(5);
    if (message) expect(error.message).toMatch(message);
  }

  it("invitations: a bad email, an unknown role or validity outside 1–30 days is 422 on that field, and nothing is stored", async () => {
    const before = await teamState(admin.teamId);
    const post = (body: unknown) => asAdmin.request("POST", "/api/team/invitations", body);
    await rejected(await post({ email: "not-an-email", role: "REVIEWER" }), ["email"], /full email address/);
    await rejected(await post({ email: "", role: "REVIEWER" }), ["email"]);
    await rejected(await post({ email: 42, role: "REVIEWER" }), ["email"]);
    await rejected(await post({ email: newEmail("ok"), role: "OWNER" }), ["role"], /ADMIN, EDITOR or REVIEWER/);
    await rejected(await post({ email: newEmail("ok"), role: "admin" }), ["role"]);
    for (const days of [0, 31, 2.5, "seven", -1]) await rejected(await post({ email: newEmail("ok"), role: "EDITOR", expiresInDays: days }), ["expiresInDays"]);
    await rejected(await post({}), ["email", "role"]);
    expectError(await asAdmin.request("POST", "/api/team/invitations", "email=x", { "content-type": "application/x-www-form-urlencoded" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectError(await asAdmin.request("POST", "/api/team/invitations", "{oops", { "content-type": "application/json" }), 400, "BAD_REQUEST");
    expect(await teamState(admin.teamId)).toEqual(before);
  });

  it("role changes: an unknown or missing role is 422", async () => {
    const before = await teamState(admin.teamId);
    await rejected(await asAdmin.request("PATCH", `/api/team/members/${editor.userId}`, { role: "SUPERUSER" }), ["role"]);
    await rejected(await asAdmin.request("PATCH", `/api/team/members/${editor.userId}`, {}), ["role"]);
    expect(await teamState(admin.teamId)).toEqual(before);
  });

  it("accepting: a short, common or missing password, or a missing name, is 422 and the token stays usable", async () => {
    const email = newEmail("picky");
    const { invitation, token } = await invite(asAdmin, email);
    const before = await teamState(admin.teamId);
    await rejected(await accept({ token, name: "Picky Person", password: "short" }), ["password"], /at least 12 characters/);
    await rejected(await accept({ token, name: "Picky Person", password: "password1234" }), ["password"], /common passwords/);
    await rejected(await accept({ token, name: "Picky Person" }), ["password"]);
    await rejected(await accept({ token, password: NEW_PASSWORD }), ["name"]);
    await rejected(await accept({ token, name: "   ", password: "short" }), ["name", "password"]);
    await rejected(await accept({ token: 12345, name: "Picky Person", password: NEW_PASSWORD }), ["token"]);
    await rejected(await accept({ name: "Picky Person", password: NEW_PASSWORD }), ["token"]);
    await rejected(await accept({ token, name: "Picky Person", password: "x".repeat(300) }), ["password"]);
    expect(await teamState(admin.teamId)).toEqual(before);
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    // Still usable after all that.
    expect((await accept({ token, name: "Picky Person", password: NEW_PASSWORD })).status).toBe(200);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).not.toBeNull();
  });
});
