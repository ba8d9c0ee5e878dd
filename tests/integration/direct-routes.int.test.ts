// The hottest API routes are answered before Next (lib/server/direct.ts, docs/decisions/0031). The
// suite's server has them on; a second server with DIRECT_ROUTES=0 answers the same routes through
// Next's route handlers. Every answer, good or bad, must be the same on both: status, JSON body,
// security headers; and what is stored must be the same too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { teamWith, PASSWORD } from "../helpers/factories";
import { anonymous, signIn, type Client } from "../helpers/http";
import { claimWithExact, importSample, SAMPLE_SENTENCES } from "../helpers/claimdesk";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { baseUrl } from "../helpers/env";

const [S1, S2, S3, S4] = SAMPLE_SENTENCES;

let viaNext: AppServer;
let direct: Client; // the suite's server
let next: Client; // the same session, on the server without direct routes
let token: string;
let otherTeamClaim: number;

beforeAll(async () => {
  viaNext = await startAppServer({ DIRECT_ROUTES: "0" });
  const [{ members }, other] = await Promise.all([teamWith(["EDITOR", "REVIEWER"]), teamWith(["EDITOR"])]);
  direct = await signIn(members[0]!.email, PASSWORD);
  next = anonymous(direct.cookie, viaNext.url);
  const created = await direct.request("POST", "/api/tokens", { name: "direct routes" });
  expect(created.status).toBe(201);
  token = created.json.secret;
  const { doc } = await importSample(await signIn(other.members[0]!.email, PASSWORD));
  otherTeamClaim = doc.claims[0].id;
}, 120_000);

afterAll(async () => {
  await viaNext?.stop();
});

type Answer = { status: number; json: any; headers: Headers };

const SECURITY = ["x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy", "cache-control", "strict-transport-security"];

/** What must be equal between the two lanes: status, body (ids and times made neutral), security headers. */
function comparable(a: Answer) {
  const body = JSON.parse(
    JSON.stringify(a.json)
      .replace(/"(id|claimId|documentId|version)":\d+/g, '"$1":0')
      .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "TIME"),
  );
  return { status: a.status, body, headers: Object.fromEntries(SECURITY.map((h) => [h, a.headers.get(h)])), type: a.headers.get("content-type")?.split(";")[0] };
}

async function bothLanes(request: (c: Client, claimId: number) => Promise<Answer>, fresh = false) {
  const [one, two] = fresh ? await Promise.all([importSample(direct), importSample(direct)]) : [undefined, undefined];
  const a = await request(direct, one ? claimWithExact(one.doc, S2).id : 0);
  const b = await request(next, two ? claimWithExact(two.doc, S2).id : 0);
  expect(a.headers.get("x-claimdesk-route")).toBe("direct");
  expect(b.headers.get("x-claimdesk-route")).toBeNull();
  expect(comparable(a)).toEqual(comparable(b));
  return [a, b] as const;
}

const put = (c: Client, id: number | string, body: unknown, headers?: Record<string, string>) => c.request("PUT", `/api/claims/${id}/verdict`, body, headers);

describe("PUT /api/claims/:id/verdict answered before Next", () => {
  it("records the same verdict as Next's route, stored the same way (verdict, sources, audit row with the client's address)", async () => {
    const source = { url: "https://stats.example.org/buses", title: "Buses", quote: "40.2% on time", accessedAt: "2025-04-20" };
    const [a, b] = await bothLanes((c, id) => put(c, id, { label: "SOURCED", sources: [source], expectedVersion: 1 }), true);
    expect(a.status).toBe(200);
    expect(a.json.claim).toMatchObject({ status: "SOURCED", version: 2, verdict: { label: "SOURCED", sources: [source] } });
    const stored = async (claimId: number) => {
      const v = await db.verdict.findFirstOrThrow({ where: { claimId }, include: { sources: true } });
      const row = await db.auditEvent.findFirstOrThrow({ where: { teamId: v.teamId, targetType: "claim", targetId: String(claimId) }, orderBy: { id: "desc" } });
      return { label: v.label, sources: v.sources.map((s) => s.url), audit: { action: row.action, ip: row.ip, actorId: row.actorId, data: row.data } };
    };
    expect(await stored(a.json.claim.id)).toEqual(await stored(b.json.claim.id));
  });

  it("answers every refusal as Next does, in the same order of checks", async () => {
    const body = { label: "OPINION", expectedVersion: 1 };
    const cases: [string, (c: Client, id: number) => Promise<Answer>, number][] = [
      ["no session", (c) => anonymous("", c === direct ? baseUrl() : viaNext.url).request("PUT", "/api/claims/1/verdict", body), 401],
      ["a bad API token", (c) => put(c, 1, body, { authorization: "Bearer cdk_nothing" }), 401],
      ["a cross-site write with the session cookie", (c, id) => put(c, id, body, { "sec-fetch-site": "cross-site" }), 403],
      ["claim id 0 (the bench's floor)", (c) => put(c, 0, body), 404],
      ["a claim id that is not a number", (c) => put(c, "abc", body), 404],
      ["a claim id past int4", (c) => put(c, "2147483648", body), 404],
      ["another team's claim", (c) => put(c, otherTeamClaim, body), 404],
      ["not JSON by its type", (c, id) => put(c, id, "label=OPINION", { "content-type": "text/plain" }), 415],
      ["broken JSON", (c, id) => put(c, id, "{"), 400],
      ["a body over 64 KB", (c, id) => put(c, id, { label: "OPINION", rationale: "x".repeat(70_000), expectedVersion: 1 }), 413],
      ["an invalid verdict", (c, id) => put(c, id, { label: "DISPUTED", expectedVersion: 1 }), 422],
      ["a stale version", (c, id) => put(c, id, { label: "OPINION", expectedVersion: 7 }), 409],
    ];
    for (const [what, request, status] of cases) {
      const [a] = await bothLanes(request, true);
      expect(a.status, what).toBe(status);
      expect(a.json.error.code, what).toEqual(expect.any(String));
    }
  });

  it("takes an API token, without the cross-site check (a script's request)", async () => {
    const [a] = await bothLanes((c, id) => anonymous("", c === direct ? baseUrl() : viaNext.url).request("PUT", `/api/claims/${id}/verdict`, { label: "OPINION", expectedVersion: 1 }, { authorization: `Bearer ${token}`, "sec-fetch-site": "cross-site" }), true);
    expect(a.status).toBe(200);
    expect(a.json.claim.verdict.label).toBe("OPINION");
  });

  it("keeps the connection usable after a refusal whose body it never read, and closes it after one it read part way", async () => {
    const { doc } = await importSample(direct);
    // 404 before the body is read: node:http drains it and the same keep-alive connection serves the next request.
    for (let i = 0; i < 3; i++) expect((await put(direct, 0, { label: "OPINION", expectedVersion: 1 })).status).toBe(404);
    const big = await fetch(`${baseUrl()}/api/claims/${claimWithExact(doc, S3).id}/verdict`, {
      method: "PUT",
      headers: { cookie: direct.cookie, "content-type": "application/json" },
      // No Content-Length (a stream): the limit is found while reading.
      body: new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(`{"label":"OPINION","rationale":"${"y".repeat(80_000)}","expectedVersion":1}`));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(big.status).toBe(413);
    expect(big.headers.get("connection")).toBe("close");
    expect((await big.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    const ok = await put(direct, claimWithExact(doc, S4).id, { label: "OPINION", expectedVersion: 1 });
    expect(ok.status).toBe(200);
    expect(claimWithExact(doc, S1).status).toBe("UNREVIEWED");
  });
});
