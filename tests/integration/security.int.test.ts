import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { EMAIL_FAILURES } from "@/lib/server/throttle";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { anonymous, signIn, type Client } from "../helpers/http";
import { expectError, importSample, tag } from "../helpers/claimdesk";

/** A sign-in attempt through Auth.js's CSRF-checked endpoint, from a given client address. */
async function attempt(email: string, password: string, ip: string) {
  const base = baseUrl();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/documents` }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="));
  return { status: res.status, retryAfter: res.headers.get("retry-after"), signedIn: !!session, body: await res.text() };
}
const testIp = () => `198.51.100.${randomInt(1, 254)}`;

describe("sign-in throttling", () => {
  it(`answers 429 with Retry-After after ${EMAIL_FAILURES} failures for one email, even with the right password, and recovers`, async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const email = members[0]!.email;
    for (let i = 0; i < EMAIL_FAILURES; i++) expect((await attempt(email, "wrong password!", testIp())).signedIn).toBe(false);
    const blocked = await attempt(email, PASSWORD, testIp());
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(60);
    expect(JSON.parse(blocked.body).error.message).toMatch(/Too many failed sign-ins/);
    // Time passes: the window expires (moved into the past rather than waiting 15 minutes).
    await db.rateLimit.updateMany({ where: { key: `signin-email:${email}` }, data: { expire: new Date(Date.now() - 1000) } });
    expect((await attempt(email, PASSWORD, testIp())).signedIn).toBe(true);
  });

  it("gives an unknown email exactly the same answers as a known one", async () => {
    const unknown = `nobody-${tag()}@example.test`;
    const first = await attempt(unknown, "wrong password!", testIp());
    expect(first.signedIn).toBe(false);
    for (let i = 1; i < EMAIL_FAILURES; i++) await attempt(unknown, "wrong password!", testIp());
    const blocked = await attempt(unknown, "wrong password!", testIp());
    expect(blocked.status).toBe(429);
    expect(JSON.parse(blocked.body).error.message).toMatch(/Too many failed sign-ins/);
  });

  it("limits one IP across many emails", async () => {
    const ip = testIp();
    for (let i = 0; i < 30; i++) await attempt(`spray-${i}-${tag()}@example.test`, "wrong password!", ip);
    const { members } = await teamWith(["REVIEWER"]);
    expect((await attempt(members[0]!.email, PASSWORD, ip)).status).toBe(429);
    expect((await attempt(members[0]!.email, PASSWORD, testIp())).signedIn).toBe(true);
  });

  it("audits failures and successes with the client's address", async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const m = members[0]!;
    const ip = testIp();
    await attempt(m.email, "wrong password!", ip);
    await attempt(m.email, PASSWORD, ip);
    const rows = await db.auditEvent.findMany({ where: { actorId: m.userId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.ip, r.actorEmail])).toEqual([
      ["signin.failure", ip, m.email],
      ["signin.success", ip, m.email],
    ]);
  });
});

describe("sessions", () => {
  it("signing out ends the session everywhere: a copied cookie no longer works", async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const client = await signIn(members[0]!.email, PASSWORD);
    const copy = anonymous(client.cookie);
    expect((await copy.request("GET", "/api/documents")).status).toBe(200);
    const base = baseUrl();
    const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: client.cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const out = await fetch(`${base}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${client.cookie}; ${csrfCookie}` },
      body: new URLSearchParams({ csrfToken }),
    });
    expect(out.status).toBe(302);
    expectError(await copy.request("GET", "/api/documents"), 401, "UNAUTHENTICATED");
    const row = await db.userSession.findFirst({ where: { userId: members[0]!.userId }, orderBy: { createdAt: "desc" } });
    expect(row?.revokedAt).not.toBeNull();
  });
});

describe("cross-site requests", () => {
  let editor: Client;
  beforeAll(async () => {
    const { members } = await teamWith(["EDITOR"]);
    editor = await signIn(members[0]!.email, PASSWORD);
  });
  it("refuses a cookie-authenticated write from another origin and stores nothing", async () => {
    const before = await db.document.count();
    const body = { title: "From evil", text: "A sentence that should never be stored. It is a test." };
    expectError(await editor.request("POST", "/api/documents", body, { origin: "https://evil.example" }), 403, "FORBIDDEN");
    expectError(await editor.request("POST", "/api/documents", body, { "sec-fetch-site": "cross-site" }), 403, "FORBIDDEN");
    expect(await db.document.count()).toBe(before);
  });
  it("accepts the same write from its own origin", async () => {
    const origin = new URL(baseUrl()).origin;
    const res = await editor.request("POST", "/api/documents", { title: `Own ${tag()}`, text: `A sentence from our own page ${tag()}. Another one follows.` }, { origin, "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(201);
  });
});

describe("security headers", () => {
  it("sends a nonce-based CSP without unsafe-eval, and refuses framing", async () => {
    const res = await fetch(`${baseUrl()}/signin`);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await res.text();
    // Every script Next emits carries this response's nonce; none runs without it.
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    const again = (await fetch(`${baseUrl()}/signin`)).headers.get("content-security-policy")!;
    expect(again).not.toContain(nonce);
  });
  it("sets the session cookie httpOnly and SameSite=Lax", async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const base = baseUrl();
    const csrf = await fetch(`${base}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
      body: new URLSearchParams({ csrfToken, email: members[0]!.email, password: PASSWORD }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});

describe("deleting a document", () => {
  it("is an admin's right: purges claims, verdicts and history in one audited step", async () => {
    const { members } = await teamWith(["ADMIN", "EDITOR"]);
    const [admin, editor] = await Promise.all(members.map((m) => signIn(m.email, PASSWORD)));
    const { doc } = await importSample(editor!);
    const claim = doc.claims[0];
    expect((await editor!.request("PUT", `/api/claims/${claim.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);

    expectError(await editor!.request("DELETE", `/api/documents/${doc.id}`), 403, "FORBIDDEN");
    const other = await teamWith(["ADMIN"]);
    expectError(await (await signIn(other.members[0]!.email, PASSWORD)).request("DELETE", `/api/documents/${doc.id}`), 404, "NOT_FOUND");
    expect(await db.verdict.count({ where: { claimId: claim.id } })).toBe(1);

    const res = await admin!.request("DELETE", `/api/documents/${doc.id}`);
    expect(res.status).toBe(200);
    expect(await db.document.count({ where: { id: doc.id } })).toBe(0);
    expect(await db.claim.count({ where: { documentId: doc.id } })).toBe(0);
    expect(await db.verdict.count({ where: { claimId: claim.id } })).toBe(0);
    const auditRow = await db.auditEvent.findFirst({ where: { action: "document.delete", targetId: String(doc.id) } });
    expect(auditRow).toMatchObject({ teamId: members[0]!.teamId, actorId: members[0]!.userId });
    expectError(await admin!.request("GET", `/api/documents/${doc.id}`), 404, "NOT_FOUND");
  });

  it("is the only way history rows disappear: a plain DELETE is still refused", async () => {
    const { members } = await teamWith(["EDITOR"]);
    const editor = await signIn(members[0]!.email, PASSWORD);
    const { doc } = await importSample(editor);
    await editor.request("PUT", `/api/claims/${doc.claims[0].id}/verdict`, { label: "OPINION", expectedVersion: 1 });
    await expect(db.$executeRawUnsafe(`DELETE FROM "Document" WHERE id = ${doc.id}`)).rejects.toThrow(/append-only/);
    expect(await db.document.count({ where: { id: doc.id } })).toBe(1);
  });
});
