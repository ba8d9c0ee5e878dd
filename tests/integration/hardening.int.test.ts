// Issue 10's findings, one test each: what an attacker or a careless client sent that gave a 500,
// a wrong answer or a race, and the answer it gets now. Nothing stored changes on a rejection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/domain/api-routes";
import { MAX_ACTIVE_TOKENS } from "@/lib/server/api-tokens";
import { db } from "@/lib/server/db";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, importSample, sampleText, storedState, tag } from "../helpers/claimdesk";

const INT4_OVERFLOW = 2 ** 31;

/** The IP on a document's own import audit row (other files write rows for the same ids with other actions). */
async function importAuditIp(documentId: number) {
  return (await db.auditEvent.findFirst({ where: { action: "document.import", targetType: "document", targetId: String(documentId) } }))?.ip;
}

let admin: Client;
let teamId: number;
let doc: any;

beforeAll(async () => {
  const { team, members } = await teamWith(["ADMIN"]);
  teamId = team.id;
  admin = await signIn(members[0]!.email, PASSWORD);
  ({ doc } = await importSample(admin));
});

describe("integers beyond int4 (2^31)", () => {
  it("are a 422 naming the field on every claim action, and change nothing", async () => {
    const claim = doc.claims[0];
    const before = await storedState(doc.id);
    const v = claim.version;
    const cases: [string, Record<string, unknown>, string][] = [
      ["dismiss", { expectedVersion: INT4_OVERFLOW }, "expectedVersion"],
      ["attribution", { speaker: "X", expectedVersion: INT4_OVERFLOW }, "expectedVersion"],
      ["split", { at: INT4_OVERFLOW, expectedVersion: v }, "at"],
      ["restore", { expectedVersion: INT4_OVERFLOW }, "expectedVersion"],
      ["reuse", { verdictId: INT4_OVERFLOW, expectedVersion: v }, "verdictId"],
      ["merge", { withClaimId: INT4_OVERFLOW, expectedVersion: v }, "withClaimId"],
    ];
    for (const [action, body, field] of cases) {
      const method = action === "attribution" ? "PUT" : "POST";
      const res = await admin.request(method, `/api/claims/${claim.id}/${action}`, body);
      const error = expectError(res, 422, "INVALID");
      expect(JSON.stringify(error), action).toContain(field);
    }
    const id = await admin.request("GET", `/api/claims/${INT4_OVERFLOW}/history`);
    expect(id.status).toBe(404);
    expect(await storedState(doc.id)).toEqual(before);
  });
});

describe("dates Postgres cannot hold", () => {
  it.each(["0000-01-01", "9999-12-31", "0999-12-31"])("%s is a 422 on import, source and every from/to filter", async (day) => {
    const documents = await db.document.count({ where: { teamId } });
    const imported = await admin.request("POST", "/api/documents", { title: `Dated ${tag()}`, text: sampleText(), publishedAt: day });
    expect(expectError(imported, 422, "INVALID").message).toMatch(/1000-01-01|9999-12-30/);
    expect(await db.document.count({ where: { teamId } })).toBe(documents);

    const claim = doc.claims[1];
    const verdict = await admin.request("PUT", `/api/claims/${claim.id}/verdict`, {
      label: "SOURCED",
      sources: [{ url: "https://example.org/a", accessedAt: day }],
      expectedVersion: claim.version,
    });
    expectError(verdict, 422, "INVALID");

    for (const route of ["/api/search?q=talks&", "/api/exports?format=json&", "/api/audit?", "/api/agreement?", "/api/agreement?format=csv&"])
      for (const field of ["from", "to"]) {
        const res = await admin.request("GET", `${route}${field}=${day}`);
        expect(res.status, `${route}${field}`).toBe(422);
        expect(res.json.error.code).toBe("INVALID");
      }
  });

  it("accepts both ends of the range", async () => {
    for (const day of ["1000-01-01", "9999-12-30"]) expect((await admin.request("GET", `/api/exports?format=json&from=${day}`)).status).toBe(200);
  });
});

describe("races", () => {
  it("nine concurrent DELETEs of one document: one 200, eight 404, never a 500", async () => {
    const { doc: victim } = await importSample(admin);
    const statuses = await Promise.all(Array.from({ length: 9 }, () => admin.request("DELETE", `/api/documents/${victim.id}`).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 404, 404, 404, 404, 404, 404, 404, 404]);
    expect(await db.document.findUnique({ where: { id: victim.id } })).toBeNull();
  });

  it(`twenty concurrent token creates at ${MAX_ACTIVE_TOKENS - 1} active tokens: exactly one more`, async () => {
    const { team, members } = await teamWith(["REVIEWER"]);
    const me = await signIn(members[0]!.email, PASSWORD);
    for (let i = 0; i < MAX_ACTIVE_TOKENS - 1; i++) expect((await me.request("POST", "/api/tokens", { name: `t${i}` })).status).toBe(201);
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => me.request("POST", "/api/tokens", { name: `race ${i}` }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await db.apiToken.count({ where: { membership: { teamId: team.id }, revokedAt: null } })).toBe(MAX_ACTIVE_TOKENS);
  });
});

describe("big and concurrent imports", () => {
  it("a 76,000-sentence import under the 2 MB limit is stored whole (was a 500 after Prisma's 5 s)", { timeout: 120_000 }, async () => {
    const text = Array.from({ length: 76_000 }, (_, i) => `Fact ${i}.`).join(" ");
    expect(Buffer.byteLength(text)).toBeLessThan(2 * 1024 * 1024);
    const res = await admin.request("POST", "/api/documents", { title: `Long ${tag()}`, text });
    expect(res.status, JSON.stringify(res.json).slice(0, 300)).toBe(201);
    // The segmenter's count, whatever it is for this text, is what must be stored: nothing dropped.
    expect(res.json.document.claims.length).toBeGreaterThanOrEqual(76_000);
    expect(await db.claim.count({ where: { documentId: res.json.document.id } })).toBe(res.json.document.claims.length);
  });

  it("twenty concurrent 100 KB imports: each is stored or refused with 503 + Retry-After, never a 500", { timeout: 120_000 }, async () => {
    const body = () => ({ title: `Burst ${tag()}`, text: Array.from({ length: 5_000 }, (_, i) => `Claim number ${i} of ${tag()} is here.`).join(" ").slice(0, 100_000) });
    const results = await Promise.all(Array.from({ length: 20 }, () => admin.request("POST", "/api/documents", body())));
    for (const r of results) {
      expect([201, 503], JSON.stringify(r.json).slice(0, 200)).toContain(r.status);
      if (r.status === 503) {
        expect(r.json.error.code).toBe("UNAVAILABLE");
        expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThan(0);
  });
});

describe("the front door", () => {
  const idRoutes = Object.entries(API_ROUTES)
    .filter(([path]) => path.includes("[id]") || path.includes("[userId]"))
    .map(([path, methods]) => ({ path, methods }));

  it("a broken %-escape in any [id] route is a JSON 404 with the security headers", async () => {
    expect(idRoutes.length).toBeGreaterThan(10);
    for (const route of idRoutes) {
      const url = route.path.replace(/\[(id|userId)\]/, "%FF");
      const res = await fetch(`${baseUrl()}${url}`, { method: route.methods[0], headers: { cookie: admin.cookie } });
      expect(res.status, url).toBe(404);
      expect(res.headers.get("content-type"), url).toMatch(/application\/json/);
      expect((await res.json()).error.code).toBe("NOT_FOUND");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("a broken %-escape in a page is the not-found page, not a plain-text 500", async () => {
    const res = await fetch(`${baseUrl()}/documents/%FF`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("an unknown /api route is a JSON 404; a wrong method is a JSON 405 with Allow", async () => {
    const unknown = await admin.request("GET", "/api/no-such-thing");
    expectError(unknown, 404, "NOT_FOUND");
    const wrong = await admin.request("PATCH", "/api/documents");
    expectError(wrong, 405, "METHOD_NOT_ALLOWED");
    expect(wrong.headers.get("allow")).toMatch(/GET/);
    expect(wrong.headers.get("allow")).toMatch(/POST/);
  });

  it("every API answer, secrets included, says Cache-Control: no-store", async () => {
    const created = await admin.request("POST", "/api/tokens", { name: `secret ${tag()}` });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const invited = await admin.request("POST", "/api/team/invitations", { email: `x-${tag()}@example.test`, role: "REVIEWER", expiresInDays: 1 });
    expect(invited.headers.get("cache-control")).toBe("no-store");
    for (const p of ["/api/me", "/api/documents", `/api/documents/${doc.id}`, "/api/no-such-thing"])
      expect((await admin.request("GET", p)).headers.get("cache-control"), p).toBe("no-store");
  });

  it("media types are case-insensitive, and a charset parameter does not make text JSON", async () => {
    const post = (type: string) => admin.request("POST", "/api/documents", JSON.stringify({ title: `Typed ${tag()}`, text: sampleText() }), { "content-type": type });
    expect((await post("Application/JSON")).status).toBe(201);
    expect((await post("application/json; charset=UTF-8")).status).toBe(201);
    expectError(await post("text/plain; charset=application/json"), 415, "UNSUPPORTED_MEDIA_TYPE");
  });
});

describe("X-Forwarded-For without TRUSTED_PROXIES", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startAppServer({ TRUSTED_PROXIES: "" }); // the default: no proxy is trusted
  }, 60_000);
  afterAll(() => server?.stop());

  it("is ignored: the audit log and the per-IP limit see the socket address", async () => {
    const { members } = await teamWith(["ADMIN"]);
    const email = members[0]!.email;
    const csrf = await fetch(`${server.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const signin = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar, "x-forwarded-for": "6.6.6.6" },
      body: new URLSearchParams({ csrfToken, email, password: "wrong password!!", callbackUrl: `${server.url}/documents` }),
    });
    expect(signin.status).toBeLessThan(500);
    const keys = (await db.rateLimit.findMany({ where: { key: { contains: "6.6.6.6" } } })).map((r) => r.key);
    expect(keys).toEqual([]);
    expect(await db.rateLimit.count({ where: { key: { startsWith: "signin-ip:127.0.0.1" } } })).toBeGreaterThan(0);

    const session = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar, "x-forwarded-for": "<script>not an ip" },
      body: new URLSearchParams({ csrfToken, email, password: PASSWORD, callbackUrl: `${server.url}/documents` }),
    });
    const cookie = session.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c?.startsWith("authjs.session-token="))!;
    expect(cookie).toBeTruthy();
    const res = await fetch(`${server.url}/api/documents`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", "x-forwarded-for": "6.6.6.6" },
      body: JSON.stringify({ title: `Audited ${tag()}`, text: sampleText() }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()).document;
    expect(await importAuditIp(id)).toBe("127.0.0.1");

    // X-Forwarded-Host from a client that is not a trusted proxy is dropped before the cross-site check.
    const forged = await fetch(`${server.url}/api/documents`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: "https://evil.example", "x-forwarded-host": "evil.example" },
      body: JSON.stringify({ title: `Forged ${tag()}`, text: sampleText() }),
    });
    expect(forged.status).toBe(403);
  });
});

describe("with TRUSTED_PROXIES (the suite's own server trusts loopback)", () => {
  it("the forwarded client address is what the audit log records, and only an IP literal", async () => {
    const res = await admin.request("POST", "/api/documents", { title: `Proxied ${tag()}`, text: sampleText() }, { "x-forwarded-for": "203.0.113.77" });
    expect(res.status).toBe(201);
    expect(await importAuditIp(res.json.document.id)).toBe("203.0.113.77");
    // A hop that is not an IP literal ends the walk: the address recorded is the last one we can vouch for.
    const bad = await admin.request("POST", "/api/documents", { title: `Bad ip ${tag()}`, text: sampleText() }, { "x-forwarded-for": "<script>not-an-ip" });
    expect(bad.status).toBe(201);
    expect(await importAuditIp(bad.json.document.id)).toBe("127.0.0.1");
  });
});
