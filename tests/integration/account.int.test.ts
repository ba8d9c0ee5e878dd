// Personal API tokens, password change and the audit log, through the HTTP API of the running app.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { audit } from "@/lib/server/audit";
import { teamWith, PASSWORD } from "../helpers/factories";
import { anonymous, signIn, type Client } from "../helpers/http";
import { claimWithExact, expectError, importSample, SAMPLE_SENTENCES, tag } from "../helpers/claimdesk";
import type { Member } from "@/lib/server/session";

const [S1, S2, S3] = SAMPLE_SENTENCES;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const script = anonymous(); // no cookie: only the token authenticates
const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let admin: Member;
let reviewer: Member;
let editor: Member; // changes their password in the audit tests
let adminClient: Client;
let reviewerClient: Client;
let adminB: Member;
let adminBClient: Client;

beforeAll(async () => {
  const [a, b] = await Promise.all([teamWith(["ADMIN", "REVIEWER", "EDITOR"]), teamWith(["ADMIN"])]);
  [admin, reviewer, editor] = a.members as [Member, Member, Member];
  adminB = b.members[0]!;
  [adminClient, reviewerClient, adminBClient] = await Promise.all([
    signIn(admin.email, PASSWORD),
    signIn(reviewer.email, PASSWORD),
    signIn(adminB.email, PASSWORD),
  ]);
});

async function createToken(client: Client, body: Record<string, unknown> = { name: `script ${tag()}` }) {
  const res = await client.request("POST", "/api/tokens", body);
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { token: any; secret: string };
}

describe("API tokens", () => {
  it("live through create → use with the member's rights → last used → revoke → 401, and the secret is never returned again", async () => {
    const { doc } = await importSample(adminClient);
    const created = await createToken(reviewerClient, { name: "Nightly export" });
    expect(created.secret).toMatch(/^cdk_[A-Za-z0-9_-]{40,}$/);
    expect(created.token).toEqual({
      id: expect.any(Number),
      name: "Nightly export",
      prefix: created.secret.slice(0, 10),
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    // Stored as sha256 only.
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.token.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(created.secret).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.secret);

    // Reads with the token alone.
    const list = await script.request("GET", "/api/documents", undefined, bearer(created.secret));
    expect(list.status).toBe(200);
    expect(list.json.documents.map((d: any) => d.id)).toContain(doc.id);

    // Writes what a reviewer may write...
    const claim = claimWithExact(doc, S1);
    const verdict = await script.request("PUT", `/api/claims/${claim.id}/verdict`, { label: "OPINION", expectedVersion: 1 }, bearer(created.secret));
    expect(verdict.status, JSON.stringify(verdict.json)).toBe(200);
    expect(verdict.json.claim.verdict.reviewer).toEqual({ id: reviewer.userId, name: reviewer.name });
    // ...and nothing more.
    const importAttempt = await script.request("POST", "/api/documents", { title: "Not allowed", text: `${S2} ${tag()}` }, bearer(created.secret));
    expectError(importAttempt, 403, "FORBIDDEN");

    // Last used is recorded; the list never shows the secret or its hash.
    const tokens = await reviewerClient.request("GET", "/api/tokens");
    expect(tokens.status).toBe(200);
    const listed = tokens.json.tokens.find((t: any) => t.id === created.token.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Date.now() - Date.parse(listed.lastUsedAt)).toBeLessThan(60_000);
    expect(Object.keys(listed).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt"]);
    expect(JSON.stringify(tokens.json)).not.toContain(created.secret);
    expect(JSON.stringify(tokens.json)).not.toContain(row.tokenHash);

    // Revoke: the token stops working at once.
    const revoked = await reviewerClient.request("DELETE", `/api/tokens/${created.token.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.token).toMatchObject({ id: created.token.id, name: "Nightly export" });
    expect(revoked.json.token.revokedAt).not.toBeNull();
    expectError(await script.request("GET", "/api/documents", undefined, bearer(created.secret)), 401, "UNAUTHENTICATED");
    // A revoked token never falls back to the cookie it is sent with.
    expectError(await reviewerClient.request("GET", "/api/documents", undefined, bearer(created.secret)), 401, "UNAUTHENTICATED");

    // Revoking again changes nothing and records no second audit row.
    const again = await reviewerClient.request("DELETE", `/api/tokens/${created.token.id}`);
    expect(again.status).toBe(200);
    expect(again.json.token.revokedAt).toBe(revoked.json.token.revokedAt);
    const rows = await db.auditEvent.findMany({ where: { targetType: "apiToken", targetId: String(created.token.id) }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.action)).toEqual(["token.create", "token.revoke"]);
    expect(rows.every((r) => r.teamId === reviewer.teamId && r.actorId === reviewer.userId)).toBe(true);
    expect(JSON.stringify(rows.map((r) => r.data))).not.toContain(created.secret);
  });

  it("expires: a token past its expiresAt gets 401; expiresInDays sets it", async () => {
    const { token, secret } = await createToken(reviewerClient, { name: "short-lived", expiresInDays: 30 });
    const expected = Date.now() + 30 * 86_400_000;
    expect(Math.abs(Date.parse(token.expiresAt) - expected)).toBeLessThan(60_000);
    expect((await script.request("GET", "/api/documents", undefined, bearer(secret))).status).toBe(200);
    await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectError(await script.request("GET", "/api/documents", undefined, bearer(secret)), 401, "UNAUTHENTICATED");
  });

  it("are refused when a token tries to create a token (403), and bad input is 422 on its field", async () => {
    const { secret } = await createToken(reviewerClient);
    const e = expectError(await script.request("POST", "/api/tokens", { name: "child" }, bearer(secret)), 403, "FORBIDDEN");
    expect(e.message).toMatch(/browser/);
    expect(await db.apiToken.count({ where: { name: "child", membership: { userId: reviewer.userId } } })).toBe(0);

    expect(expectError(await reviewerClient.request("POST", "/api/tokens", { name: "  " }), 422, "INVALID").fields).toHaveProperty("name");
    expect(expectError(await reviewerClient.request("POST", "/api/tokens", {}), 422, "INVALID").fields).toHaveProperty("name");
    for (const expiresInDays of [0, -3, 1.5, "30", 100_000])
      expect(expectError(await reviewerClient.request("POST", "/api/tokens", { name: "x", expiresInDays }), 422, "INVALID").fields).toHaveProperty("expiresInDays");
    // null means "never expires".
    const never = await createToken(reviewerClient, { name: "forever", expiresInDays: null });
    expect(never.token.expiresAt).toBeNull();
  });

  it("are private: another user's token id is 404 and not listed; a token of team A cannot read team B (404)", async () => {
    const mine = await createToken(reviewerClient, { name: `reviewer's ${tag()}` });
    expectError(await adminClient.request("DELETE", `/api/tokens/${mine.token.id}`), 404, "NOT_FOUND");
    expectError(await adminBClient.request("DELETE", `/api/tokens/${mine.token.id}`), 404, "NOT_FOUND");
    expectError(await adminClient.request("DELETE", `/api/tokens/999999999`), 404, "NOT_FOUND");
    expectError(await adminClient.request("DELETE", `/api/tokens/abc`), 404, "NOT_FOUND");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: mine.token.id } })).revokedAt).toBeNull();
    const adminList = await adminClient.request("GET", "/api/tokens");
    expect(adminList.json.tokens.map((t: any) => t.id)).not.toContain(mine.token.id);

    // Team B's document, read with team A's token.
    const { doc: docB } = await importSample(adminBClient);
    expectError(await script.request("GET", `/api/documents/${docB.id}`, undefined, bearer(mine.secret)), 404, "NOT_FOUND");
    const listA = await script.request("GET", "/api/documents", undefined, bearer(mine.secret));
    expect(listA.json.documents.map((d: any) => d.id)).not.toContain(docB.id);
  });

  it("needs a valid token format: garbage and unknown tokens are 401", async () => {
    for (const header of ["Bearer nonsense", "Bearer cdk_unknownunknownunknownunknownunknown", "Basic abc"])
      expectError(await script.request("GET", "/api/tokens", undefined, { authorization: header }), 401, "UNAUTHENTICATED");
  });
});

describe("POST /api/me/password", () => {
  it("checks the current password and the new one's strength, and refuses API tokens", async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const m = members[0]!;
    const c = await signIn(m.email, PASSWORD);
    const wrong = expectError(await c.request("POST", "/api/me/password", { currentPassword: "not my password", newPassword: "violet tugboat marmalade 42" }), 422, "INVALID");
    expect(Object.keys(wrong.fields)).toEqual(["currentPassword"]);
    for (const weak of ["short", "qwerty123456", "aaaaaaaaaaaaaaaa"]) {
      const e = expectError(await c.request("POST", "/api/me/password", { currentPassword: PASSWORD, newPassword: weak }), 422, "INVALID");
      expect(Object.keys(e.fields)).toEqual(["newPassword"]);
    }
    const same = expectError(await c.request("POST", "/api/me/password", { currentPassword: PASSWORD, newPassword: PASSWORD }), 422, "INVALID");
    expect(Object.keys(same.fields)).toEqual(["newPassword"]);
    expect(expectError(await c.request("POST", "/api/me/password", {}), 422, "INVALID").fields).toHaveProperty("currentPassword");

    const { secret } = await createToken(c);
    expectError(await script.request("POST", "/api/me/password", { currentPassword: PASSWORD, newPassword: "violet tugboat marmalade 42" }, bearer(secret)), 403, "FORBIDDEN");
    // Nothing changed: the old password still signs in.
    await signIn(m.email, PASSWORD);
    expect(await db.auditEvent.count({ where: { action: "password.change", actorId: m.userId } })).toBe(0);
  });

  it("changes it, ends the other sessions but keeps this one; the new password signs in and the old one does not", async () => {
    const { members } = await teamWith(["EDITOR"]);
    const m = members[0]!;
    const [here, elsewhere] = await Promise.all([signIn(m.email, PASSWORD), signIn(m.email, PASSWORD)]);
    const { secret } = await createToken(here);
    expect((await elsewhere.request("GET", "/api/documents")).status).toBe(200);

    const NEW = "violet tugboat marmalade 42";
    const res = await here.request("POST", "/api/me/password", { currentPassword: PASSWORD, newPassword: NEW });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toEqual({ ok: true, sessionsEnded: 1 });

    expectError(await elsewhere.request("GET", "/api/documents"), 401, "UNAUTHENTICATED");
    expect((await here.request("GET", "/api/documents")).status).toBe(200);
    // API tokens are separate credentials, revoked one by one.
    expect((await script.request("GET", "/api/documents", undefined, bearer(secret))).status).toBe(200);

    const fresh = await signIn(m.email, NEW);
    expect((await fresh.request("GET", "/api/documents")).status).toBe(200);
    await expect(signIn(m.email, PASSWORD)).rejects.toThrow(/sign-in .* failed/);

    const rows = await db.auditEvent.findMany({ where: { action: "password.change", actorId: m.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ teamId: null, data: { sessionsEnded: 1 } });
  });
});

describe("GET /api/audit", () => {
  let tokenId: number;
  beforeAll(async () => {
    // Give the admin's team the kinds of events the log must show.
    const { token } = await createToken(reviewerClient, { name: `audited ${tag()}` });
    tokenId = token.id;
    expect((await reviewerClient.request("DELETE", `/api/tokens/${tokenId}`)).status).toBe(200);
    const { doc } = await importSample(adminClient);
    expect((await reviewerClient.request("PUT", `/api/claims/${claimWithExact(doc, S3).id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    await expect(signIn(reviewer.email, "a wrong password")).rejects.toThrow();
    // A password change by another member of the team (a password change has no team of its own).
    const c = await signIn(editor.email, PASSWORD);
    expect((await c.request("POST", "/api/me/password", { currentPassword: PASSWORD, newPassword: "lilac harbour engine 77" })).status).toBe(200);
  });

  it("shows the admin the team's events and its members' sign-ins, newest first, with actors", async () => {
    const res = await adminClient.request("GET", "/api/audit");
    expect(res.status).toBe(200);
    const events: any[] = res.json.events;
    const actions = new Set(events.map((e) => e.action));
    for (const a of ["token.create", "token.revoke", "password.change", "signin.success", "signin.failure", "verdict.record", "document.import"]) expect(actions).toContain(a);
    const ids = events.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x > y ? -1 : x < y ? 1 : 0)));
    const create = events.find((e) => e.action === "token.create" && e.targetId === String(tokenId));
    expect(create).toMatchObject({
      id: expect.any(String),
      at: expect.any(String),
      actor: { id: reviewer.userId, name: reviewer.name, email: reviewer.email },
      targetType: "apiToken",
      data: { name: expect.stringMatching(/^audited /) },
    });
    expect(Object.keys(create).sort()).toEqual(["action", "actor", "actorEmail", "at", "data", "id", "ip", "targetId", "targetType"]);
    expect(events.find((e) => e.action === "password.change")).toMatchObject({ actor: { id: editor.userId } });
    const failure = events.find((e) => e.action === "signin.failure");
    expect(failure).toMatchObject({ actor: { id: reviewer.userId }, actorEmail: reviewer.email });
  });

  it("filters by action, actor and UTC days; unknown values are 422", async () => {
    const byAction = await adminClient.request("GET", "/api/audit?action=token.revoke");
    expect(byAction.json.events.length).toBeGreaterThan(0);
    expect(byAction.json.events.every((e: any) => e.action === "token.revoke")).toBe(true);

    const byActor = await adminClient.request("GET", `/api/audit?actor=${admin.userId}`);
    expect(byActor.json.events.length).toBeGreaterThan(0);
    expect(byActor.json.events.every((e: any) => e.actor?.id === admin.userId)).toBe(true);
    expect(byActor.json.events.map((e: any) => e.action)).toContain("document.import");

    const both = await adminClient.request("GET", `/api/audit?actor=${reviewer.userId}&action=verdict.record`);
    expect(both.json.events.length).toBeGreaterThan(0);
    expect(both.json.events.every((e: any) => e.actor?.id === reviewer.userId && e.action === "verdict.record")).toBe(true);

    const t = today();
    expect((await adminClient.request("GET", `/api/audit?from=${t}&to=${t}`)).json.events.length).toBeGreaterThan(0);
    expect((await adminClient.request("GET", `/api/audit?from=${dayOffset(1)}`)).json.events).toEqual([]);
    expect((await adminClient.request("GET", `/api/audit?to=${dayOffset(-1)}`)).json.events).toEqual([]);
    expect((await adminClient.request("GET", `/api/audit?action=&actor=&from=&to=`)).status).toBe(200);

    expect(expectError(await adminClient.request("GET", "/api/audit?action=token.delete"), 422, "INVALID").fields).toHaveProperty("action");
    expect(expectError(await adminClient.request("GET", "/api/audit?actor=abc"), 422, "INVALID").fields).toHaveProperty("actor");
    expect(expectError(await adminClient.request("GET", "/api/audit?from=2025-02-30"), 422, "INVALID").fields).toHaveProperty("from");
    expect(expectError(await adminClient.request("GET", `/api/audit?from=${t}&to=${dayOffset(-2)}`), 422, "INVALID").fields).toHaveProperty("to");
    expect(expectError(await adminClient.request("GET", "/api/audit?before=99999999999999999999"), 422, "INVALID").fields).toHaveProperty("before");
  });

  it("is for admins only: 403 for a reviewer, with a session or a token", async () => {
    expectError(await reviewerClient.request("GET", "/api/audit"), 403, "FORBIDDEN");
    const { secret } = await createToken(reviewerClient);
    expectError(await script.request("GET", "/api/audit", undefined, bearer(secret)), 403, "FORBIDDEN");
  });

  it("pages newest first, 50 at a time, with distinct pages keyed by id", async () => {
    const { team, members } = await teamWith(["ADMIN"]);
    const a = members[0]!;
    for (let i = 0; i < 120; i++) await audit({ teamId: team.id, actorId: a.userId, action: "export.download", targetType: "document", targetId: i, data: { i } });
    const c = await signIn(a.email, PASSWORD);
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; json: any } = await c.request("GET", `/api/audit${before ? `?before=${before}` : ""}`);
      expect(res.status).toBe(200);
      pages++;
      if (res.json.nextBefore) expect(res.json.events).toHaveLength(50);
      if (before) expect(res.json.events.every((e: any) => BigInt(e.id) < BigInt(before!))).toBe(true);
      seen.push(...res.json.events.map((e: any) => e.id));
      before = res.json.nextBefore;
    } while (before && pages < 10);
    expect(pages).toBe(3); // 120 exports + the admin's sign-in = 121 events
    expect(seen).toHaveLength(121);
    expect(new Set(seen).size).toBe(121);
    // A filtered view pages too, and keeps the filter.
    const first = await c.request("GET", "/api/audit?action=export.download");
    expect(first.json.events).toHaveLength(50);
    const second = await c.request("GET", `/api/audit?action=export.download&before=${first.json.nextBefore}`);
    expect(second.json.events).toHaveLength(50);
    expect(second.json.events.every((e: any) => e.action === "export.download")).toBe(true);
    expect(second.json.events[0].data.i).toBe(69);
  });

  it("shows team B's admin none of team A's events", async () => {
    const teamAIds = new Set(
      (await db.auditEvent.findMany({ where: { OR: [{ teamId: admin.teamId }, { actorId: { in: [admin.userId, reviewer.userId, editor.userId] } }] }, select: { id: true } })).map((r) =>
        r.id.toString(),
      ),
    );
    expect(teamAIds.size).toBeGreaterThan(5);
    const res = await adminBClient.request("GET", "/api/audit");
    expect(res.status).toBe(200);
    expect(res.json.events.length).toBeGreaterThan(0); // B's own sign-in and import
    for (const e of res.json.events) {
      expect(teamAIds.has(e.id)).toBe(false);
      expect([admin.userId, reviewer.userId, editor.userId]).not.toContain(e.actor?.id);
    }
    // Filtering by a team A member does not reach across either.
    expect((await adminBClient.request("GET", `/api/audit?actor=${reviewer.userId}`)).json.events).toEqual([]);
  });

  it("cannot be changed: the API has no write method and the database refuses updates and deletes", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect((await adminClient.request(method, "/api/audit")).status).toBe(405);
    const row = await db.auditEvent.findFirstOrThrow({ where: { teamId: admin.teamId } });
    await expect(db.auditEvent.update({ where: { id: row.id }, data: { action: "signout" } })).rejects.toThrow();
    await expect(db.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow();
  });
});
