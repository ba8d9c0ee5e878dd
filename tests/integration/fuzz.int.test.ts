// A property-based fuzzer over EVERY route of the API route table (lib/domain/api-routes.ts):
// random and hostile JSON bodies, raw bodies that are not JSON, content types, ids in the path,
// query strings, anonymous and bogus-token requests, and the Auth.js catch-all. For every answer:
//   - the status is never 500 or above (not even a 503: nothing here makes the database slow);
//   - an /api answer of 400 or more is JSON, `{ error: { code: string, message: string, ... } }`,
//     with Content-Type application/json (HEAD answers have no body and are exempt);
//   - a rejected request (400 or more) changes no row of the two teams' data (checksum below).
// Figures (requests, statuses, per route) are printed at the end; bench/RESULTS.md "API fuzzing"
// records them. Fixed seed by default; FUZZ_RUNS / FUZZ_SEED explore further (tests/helpers/text-arbitraries.ts):
//   FUZZ_RUNS=1000 npm test -- tests/integration/fuzz.int.test.ts
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/domain/api-routes";
import { db } from "@/lib/server/db";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { importDoc, importSample, tag } from "../helpers/claimdesk";
import { anyText, fuzz, fuzzTimeout, HOSTILE } from "../helpers/text-arbitraries";

// ---- fixtures ----------------------------------------------------------------------------------

type Ids = {
  docId: number;
  claimIds: number[];
  adminUserId: number;
  editorUserId: number;
  invitationId: number;
  tokenId: number;
  foreignDocId: number;
  foreignClaimId: number;
  foreignUserId: number;
};

let admin: Client;
let teamIds: number[];
let userIds: number[];
let ids: Ids;

beforeAll(async () => {
  const mine = await teamWith(["ADMIN", "EDITOR"]);
  const other = await teamWith(["ADMIN"]);
  admin = await signIn(mine.members[0]!.email, PASSWORD);
  const otherAdmin = await signIn(other.members[0]!.email, PASSWORD);
  const { doc } = await importSample(admin);
  const foreign = await importDoc(otherAdmin, { title: `Foreign ${tag()}`, text: `The other team's minister said 12 percent on Monday ${tag()}. Then another sentence.` });
  const invitation = await admin.request("POST", "/api/team/invitations", { email: `fuzz-invitee-${tag()}@example.test`, role: "REVIEWER" });
  const token = await admin.request("POST", "/api/tokens", { name: `fuzz ${tag()}` });
  expect([invitation.status, token.status]).toEqual([201, 201]);
  teamIds = [mine.team.id, other.team.id];
  userIds = [...mine.members, ...other.members].map((m) => m.userId);
  ids = {
    docId: doc.id,
    claimIds: doc.claims.map((c: { id: number }) => c.id),
    adminUserId: mine.members[0]!.userId,
    editorUserId: mine.members[1]!.userId,
    invitationId: invitation.json.invitation.id,
    tokenId: token.json.token.id,
    foreignDocId: foreign.id,
    foreignClaimId: foreign.claims[0].id,
    foreignUserId: other.members[0]!.userId,
  };
});

/**
 * One md5 over every row that holds the two teams' data: the teams, their memberships and users,
 * the users' sessions, invitations, API tokens, documents, claims, verdicts with their sources,
 * claim events, and the audit rows of the teams or their users. Left out, because they change on
 * requests that are refused by design and hold no team data: RateLimit (sign-in throttle counters,
 * keyed by email and IP) and the audit rows of sign-in attempts with emails no team member has
 * (teamId null, actor null: the anonymous Auth.js requests below write those).
 */
async function checksum(): Promise<string> {
  const teams = Prisma.join(teamIds);
  const users = Prisma.join(userIds);
  const rows = await db.$queryRaw<{ sum: string }[]>`
    SELECT md5(concat_ws('|',
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "Team" t WHERE t.id IN (${teams})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "Membership" t WHERE t."teamId" IN (${teams})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "User" t WHERE t.id IN (${users})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "UserSession" t WHERE t."userId" IN (${users})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "Invitation" t WHERE t."teamId" IN (${teams})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "ApiToken" t
         WHERE t."membershipId" IN (SELECT id FROM "Membership" WHERE "teamId" IN (${teams}))),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "Document" t WHERE t."teamId" IN (${teams})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "Claim" t WHERE t."teamId" IN (${teams})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "Verdict" t WHERE t."teamId" IN (${teams})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "Source" t
         WHERE t."verdictId" IN (SELECT id FROM "Verdict" WHERE "teamId" IN (${teams}))),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "ClaimEvent" t
         WHERE t."claimId" IN (SELECT id FROM "Claim" WHERE "teamId" IN (${teams}))),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "DocumentEvent" t WHERE t."teamId" IN (${teams})),
      (SELECT string_agg(row_to_json(t)::text, ',' ORDER BY t.id) FROM "AuditEvent" t
         WHERE t."teamId" IN (${teams}) OR t."actorId" IN (${users}))
    )) AS sum`;
  return rows[0]!.sum;
}

/**
 * A successful request may change rows (that is its job); it may also take the admin's role or
 * membership away (PATCH/DELETE of their own member row once the editor was made an admin). Put
 * the admin back so the rest of the run still reaches the admin-only code.
 */
async function heal() {
  const teamId = teamIds[0]!;
  const userId = ids.adminUserId;
  await db.membership.upsert({ where: { userId_teamId: { userId, teamId } }, update: { role: "ADMIN" }, create: { userId, teamId, role: "ADMIN" } });
}

// ---- sending and checking ------------------------------------------------------------------------

type Auth = "admin" | "anonymous" | "bearer";
type Req = { route: string; method: string; path: string; auth: Auth; headers: Record<string, string>; body?: string };

const figures = { requests: 0, started: 0, statuses: new Map<number, number>(), perRoute: new Map<string, Map<number, number>>() };
const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);

let current: string | null = null;

/** Sends one request and checks the three invariants; throws (with the request) when one fails. */
async function send(req: Req): Promise<number> {
  current ??= await checksum();
  const headers: Record<string, string> = { ...req.headers };
  if (req.auth === "admin") headers.cookie = admin.cookie;
  const res = await fetch(`${baseUrl()}${req.path}`, { method: req.method, headers, body: req.body, redirect: "manual" });
  const text = await res.text();
  figures.requests++;
  bump(figures.statuses, res.status);
  const key = `${req.method} ${req.route}`;
  if (!figures.perRoute.has(key)) figures.perRoute.set(key, new Map());
  bump(figures.perRoute.get(key)!, res.status);

  const what = () =>
    `${req.method} ${req.path.slice(0, 300)} (${req.auth}, ${JSON.stringify(req.headers).slice(0, 200)}, body ${JSON.stringify(req.body?.slice(0, 300))}) → ${res.status} ${res.headers.get("content-type")} ${text.slice(0, 300)}`;
  expect(res.status, what()).toBeLessThan(500);
  if (res.status >= 400 && req.method !== "HEAD" && (req.path === "/api" || req.path.startsWith("/api/"))) {
    expect(res.headers.get("content-type") ?? "(none)", what()).toMatch(/^application\/json\b/);
    let json: any;
    expect(() => (json = JSON.parse(text)), what()).not.toThrow();
    expect(typeof json?.error?.code, what()).toBe("string");
    expect(typeof json?.error?.message, what()).toBe("string");
  }
  if (res.status >= 400) {
    expect(await checksum(), `a rejected request changed stored rows: ${what()}`).toBe(current);
  } else {
    await heal();
    current = await checksum();
  }
  return res.status;
}

// ---- generators ----------------------------------------------------------------------------------

const ROUTE_METHODS: [string, string][] = Object.entries(API_ROUTES).flatMap(([pattern, methods]) => methods.map((m) => [pattern, m] as [string, string]));
const NEXTAUTH = "/api/auth/[...nextauth]";
const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

const long = (n: number, unit = "a") => unit.repeat(n);
const deepArray = (n: number) => "[".repeat(n) + "]".repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);

const HOSTILE_NUMBERS = [0, -1, 1, 2, 3, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 1.5, 0.1, -0, 5e-324, 1e21];
/** Strings that look like numbers, dates, enums, urls, emails, or are hostile text. */
const HOSTILE_STRINGS = [
  "", " ", "1", "-1", "0", "2147483648", "9007199254740993", "1e309", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "١٢", "null", "true", "undefined",
  "0000-01-01", "9999-12-31", "1000-01-01", "2025-02-30", "2025-13-01", "2025-1-1", "20250101", "2025-01-01T00:00:00Z", "-001000-01-01", "+275760-09-13",
  "SOURCED", "DISPUTED", "OPINION", "UNREVIEWED", "sourced", "ADMIN", "EDITOR", "REVIEWER", "admin", "csv", "json", "claimreview", "pdf", "CSV",
  "https://example.org/a", "http://", "javascript:alert(1)", "data:text/html,<b>", "ftp://example.org/x", "https://[::1]/", "//example.org", "https://exa mple.org",
  "someone@example.test", "a@b", "@", "x@example.test\u0000", "A@EXAMPLE.TEST ",
  "\u0000", "\ud800", "\udfff", "\ufeff", "\u202e", "🇺🇦", "👨‍👩‍👧‍👦", "Zoe\u0308", "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE \"Claim\"; --",
  "%FF", "%00", "../../etc/passwd", "${7*7}", "{{7*7}}", "__proto__", "constructor", "\r\nSet-Cookie: x=1",
];
const KEYS = [
  "start", "end", "label", "rationale", "sources", "reason", "expectedVersion", "speaker", "cue", "at", "withClaimId", "verdictId",
  "email", "role", "expiresInDays", "token", "name", "password", "currentPassword", "newPassword", "title", "text", "sourceUrl",
  "publisher", "author", "publishedAt", "url", "quote", "accessedAt", "teamId", "id", "userId", "documentId", "version", "status",
];
const PROTO_KEYS = ["__proto__", "constructor", "prototype"];

const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 40 }));
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(long(300), long(2_001), long(20_001, "é"), long(100_000)) },
);
const scalar = fc.oneof(hostileNumber, hostileString, fc.constantFrom(null, true, false));

/** JSON-able values with hostile leaves; objects use the schemas' own keys as often as random ones. */
const { value: jsonValue } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, { weight: 4, arbitrary: scalar }, { weight: 2, arbitrary: tie("object") }, { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) }),
  object: fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), tie("value")), { maxLength: 6 })
    // defineProperty, not assignment: a "__proto__" key stays an own key, which JSON.stringify writes out.
    .map((entries) => entries.reduce((o, [k, v]) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true }), {} as Record<string, unknown>)),
}));

/** A body that almost passes a route's schema: a valid-looking object with one to three fields replaced. */
const nearValid = (ctx: () => Ids) =>
  fc
    .tuple(
      fc.constantFrom<(i: Ids) => Record<string, unknown>>(
        () => ({ title: "Fuzzed", text: "The minister said 12 percent. Another sentence here." }),
        () => ({ start: 0, end: 5 }),
        () => ({ label: "SOURCED", rationale: "r", sources: [{ url: "https://example.org/a", accessedAt: "2025-01-01" }], expectedVersion: 1 }),
        () => ({ speaker: "X", cue: "said", expectedVersion: 1 }),
        () => ({ reason: "r", expectedVersion: 1 }),
        () => ({ at: 3, expectedVersion: 1 }),
        (i) => ({ withClaimId: i.claimIds[1] ?? 1, expectedVersion: 1 }),
        () => ({ verdictId: 1, expectedVersion: 1 }),
        () => ({ email: `fuzz-${randomUUID().slice(0, 8)}@example.test`, role: "REVIEWER", expiresInDays: 7 }),
        () => ({ role: "EDITOR" }),
        () => ({ name: "fuzz token", expiresInDays: 30 }),
        () => ({ currentPassword: "not the password", newPassword: "another long password 123" }),
        () => ({ token: "not-a-real-invitation-token", name: "N", password: "long enough password 123" }),
      ),
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...PROTO_KEYS)), jsonValue), { minLength: 1, maxLength: 3 }),
    )
    .map(([make, changes]) => {
      const o = make(ctx());
      for (const [k, v] of changes) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return JSON.stringify(o);
    });

/** Request bodies as text: JSON of hostile values, near-valid objects, and text that is not JSON at all. */
const bodyText = (ctx: () => Ids) =>
  fc.oneof(
    { weight: 4, arbitrary: nearValid(ctx) },
    { weight: 3, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? "null") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "", " ", "{", "}", "[", "{'a':1}", '{"a":}', '{"a":1,}', "NaN", "Infinity", "-", "undefined", "\u0000", "\ufeff{}", '{"a":1}garbage', '{"a":"\\ud800"}',
        '{"expectedVersion":1e309}', '{"expectedVersion":-1e309}', '{"start":1e400,"end":-1e400}', '{"__proto__":{"role":"ADMIN","isAdmin":true}}',
        '{"constructor":{"prototype":{"polluted":1}}}', '{"a":1,"a":2}', "[]", "[{}]", "null", "0", '"string"', "true",
        deepArray(5_000), deepObject(5_000), deepArray(100_000), `{"text":"${long(70_000)}"}`, long(70_000, "{"), "a=1&b=2", "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--",
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 100 }) },
  );

const CONTENT_TYPES = [
  "application/json", "application/json", "application/json", "application/json; charset=utf-8", "Application/JSON", "APPLICATION/JSON;charset=UTF-8",
  null, "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json-patch+json", "application/ld+json",
  "application/json;;;", " application/json ", "application/jsonx", "application/json; charset=utf-16", "*/*", "", "json", "application/xml",
];
const contentType = fc.constantFrom(...CONTENT_TYPES);

/** A path id: one of the fixtures' real ids, another team's, or something that is not an id. */
const HOSTILE_IDS = [
  "0", "-1", "1", "2147483647", "2147483648", "4294967296", "9007199254740993", "1e309", "1e3", "1.5", "01", "0x1", " 1", "1 ", "+1", "abc", "NaN", "Infinity",
  "%FF", "%00", "%", "%G0", "1%00", "%E2%80%AE", "%F0%9F%87%BA%F0%9F%87%A6", "..", "%2e%2e", "%2F", "%5C", "1;DROP", "null", "undefined", "[id]", "🇺🇦",
  "9".repeat(11), "9".repeat(400), "1".repeat(5_000), "a".repeat(5_000),
];
const pathId = (ctx: () => Ids, forDelete: boolean, pattern: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_IDS) },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 2 ** 31 + 5 }).map(String) },
    {
      weight: 3,
      arbitrary: fc.constantFrom<(i: Ids) => number>(
        (i) => i.claimIds[0]!,
        (i) => i.claimIds[1]!,
        (i) => i.claimIds.at(-1)!,
        (i) => i.docId,
        (i) => i.foreignDocId,
        (i) => i.foreignClaimId,
        (i) => i.adminUserId,
        (i) => i.editorUserId,
        (i) => i.foreignUserId,
        (i) => i.invitationId,
        (i) => i.tokenId,
      ).map((f) => {
        const id = f(ctx());
        // Deleting the team's only document would end the run's document and claim fuzzing; its
        // PDF would start a whole Chromium (seconds each): another team's id is fuzzed instead.
        if ((forDelete && pattern === "/api/documents/[id]") || pattern.endsWith("report.pdf")) return String(id === ctx().docId ? ctx().foreignDocId : id);
        return String(id);
      }),
    },
  );

const QUERY_KEYS = ["format", "from", "to", "verdict", "reviewer", "document", "q", "status", "limit", "offset", "dismissed", "action", "actor", "before", "claims", "sources", "page", "callbackUrl", "__proto__", ""];
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "\ufffd"));
const queryValue = fc.oneof(
  { weight: 3, arbitrary: hostileString.map((s) => enc(s.slice(0, 2_000))) },
  { weight: 2, arbitrary: fc.constantFrom("%", "%G1", "%FF", "%E2%82", "%00", "%2", "a%", "%%", "+", "%2B", "%26", "&&", "==", "1000-01-01", "9999-12-30", "0000-01-01", "-1", "101", "0", "1", "2147483648") },
  { weight: 1, arbitrary: fc.integer().map(String) },
);
const queryString = fc
  .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map(enc) }), queryValue, fc.boolean()), { maxLength: 6 })
  .chain((pairs) => fc.boolean().map((repeat) => (repeat && pairs.length ? [...pairs, pairs[0]!] : pairs)))
  .map((pairs) => pairs.map(([k, v, bare]) => (bare && !v ? k : `${k}=${v}`)))
  // At most 6 KB of query: Next's redirect of a path ending in "/" (e.g. /api/tokens/.. → /api/)
  // repeats it in Location, and response headers over 16 KB make Node's fetch fail before it
  // sees a status. Longer request lines are the fixed 431 example above.
  .map((pairs) => {
    while (pairs.join("&").length > 6_000) pairs.pop();
    return pairs.length ? "?" + pairs.join("&") : "";
  });

const NEXTAUTH_PATHS = [
  "csrf", "session", "providers", "signin", "signout", "error", "error?error=Configuration", "verify-request", "callback/credentials", "signin/credentials",
  "callback/github", "signin/github", "unknown", "webauthn-options/x", "%FF", "..%2fsession", "csrf/extra", "session?x=%", "callback", "a".repeat(3_000),
];

/** Builds a path from a pattern: each [param] replaced by a generated id. */
const pathFor = (pattern: string, ctx: () => Ids, forDelete: boolean) => {
  const params = pattern.split("/").filter((s) => s.startsWith("[") && !s.startsWith("[..."));
  if (pattern === NEXTAUTH) return fc.constantFrom(...NEXTAUTH_PATHS).map((p) => `/api/auth/${p}`);
  return fc.tuple(...params.map(() => pathId(ctx, forDelete, pattern))).map((values) => {
    let i = 0;
    return pattern.replace(/\[[a-zA-Z]+\]/g, () => values[i++]!);
  });
};

/** A whole request to one route: its method (now and then one it does not have), path, query, body. */
const requestFor = (ctx: () => Ids, auth: fc.Arbitrary<Auth>, routes: [string, string][] = ROUTE_METHODS) =>
  fc
    .tuple(fc.constantFrom(...routes), fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...ALL_METHODS) }), auth)
    .chain(([[pattern, routeMethod], otherMethod, who]) => {
      const method = otherMethod ?? routeMethod;
      // Auth.js is fuzzed without the admin's cookie: a request with it could end the session the
      // rest of the run uses (signout). Anonymous requests with unknown emails cannot sign anyone in.
      const as: Auth = pattern === NEXTAUTH && who === "admin" ? "anonymous" : who;
      return fc.record({
        route: fc.constant(pattern),
        method: fc.constant(method),
        auth: fc.constant(as),
        path: fc.tuple(pathFor(pattern, ctx, method === "DELETE"), queryString).map(([p, q]) => p + q),
        contentType,
        body: method === "GET" || method === "HEAD" ? fc.constant(undefined) : fc.option(bodyText(ctx), { freq: 8, nil: undefined }),
        bearer: fc.constantFrom("Bearer cd_" + "x".repeat(40), "Bearer " + randomUUID(), "Bearer", "Bearer  ", "Basic dXNlcjpwYXNz", "bearer cd_a b", "Bearer " + "A".repeat(5_000), "Token abc"),
        ip: fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `198.18.${a}.${b}`),
        origin: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom("https://evil.example", "null") }),
      });
    })
    .map(({ route, method, auth: who, path, contentType: ct, body, bearer, ip, origin }): Req => {
      const headers: Record<string, string> = {};
      if (ct !== null && body !== undefined) headers["content-type"] = ct;
      if (who === "bearer") headers.authorization = bearer;
      if (origin) headers.origin = origin;
      // Each Auth.js request from its own (documentation-range) address: failed sign-ins must not
      // throttle 127.0.0.1, which the other suites sign in from.
      if (route === NEXTAUTH) headers["x-forwarded-for"] = ip;
      if (route === NEXTAUTH && path.includes("/callback/credentials") && method === "POST") {
        headers["content-type"] = "application/x-www-form-urlencoded";
        // Only emails no user has: this never signs anyone in, and there is no sign-up.
        const email = `fuzz-${ip.replaceAll(".", "-")}-${randomUUID().slice(0, 6)}@example.invalid`;
        return { route, method, auth: who, path, headers, body: new URLSearchParams({ csrfToken: "x".repeat(64), email, password: "wrong", callbackUrl: "https://evil.example/" }).toString() };
      }
      return { route, method, auth: who, path, headers, body };
    });

// ---- the properties ------------------------------------------------------------------------------

const started = Date.now();
const ctx = () => ids;
const run = (name: string, defaultRuns: number, arb: fc.Arbitrary<Req>) =>
  it(
    name,
    async () => {
      // endOnFailure: no shrinking (each step is an HTTP round trip); the failure message names the request.
      await fc.assert(fc.asyncProperty(arb, async (req) => void (await send(req))), { ...fuzz(defaultRuns), endOnFailure: true });
    },
    // 150 ms a request at least (they take 10-30 ms on 2 idle cores), more when FUZZ_RUNS asks for more.
    fuzzTimeout(defaultRuns) * Math.ceil(defaultRuns / 250 + 1),
  );

describe("API fuzzing", () => {
  it("sends one hostile request to every route and method of the table first", async () => {
    // The checksum sees a change: a token created (201) changes it.
    const before = await checksum();
    expect((await admin.request("POST", "/api/tokens", { name: `fuzz check ${tag()}` })).status).toBe(201);
    expect(await checksum()).not.toBe(before);
    for (const [pattern, method] of ROUTE_METHODS) {
      const path = pattern === NEXTAUTH ? "/api/auth/session" : pattern.replace(/\[[a-zA-Z]+\]/g, "2147483648");
      const body = method === "GET" ? undefined : '{"__proto__":{"role":"ADMIN"},"expectedVersion":1e309,"start":-1,"text":null}';
      await send({ route: pattern, method, path, auth: pattern === NEXTAUTH ? "anonymous" : "admin", headers: body ? { "content-type": "application/json" } : {}, body });
    }
  });

  it("answers what the fuzzer found (fixed examples): Auth.js refusals, bad callbackUrl, headers over 16 KB", async () => {
    const anon = (path: string, init: RequestInit = {}) => ({ route: NEXTAUTH, method: "GET", path, auth: "anonymous" as const, headers: { "x-forwarded-for": "198.18.255.1" }, ...init }) as Req;
    // Auth.js answered 400 with a bare JSON string ("Bad request.") or null.
    expect(await send(anon("/api/auth/unknown"))).toBe(400);
    expect(await send({ ...anon("/api/auth/session"), method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "198.18.255.1" }, body: "{}" })).toBe(400);
    // Auth.js answered 500 (a "server configuration" problem) to a callbackUrl that is not a URL.
    for (const method of ["GET", "POST"]) expect(await send({ ...anon("/api/auth/signin?callbackUrl=aaaa"), method })).toBe(400);
    expect(await send({ ...anon("/api/auth/session"), headers: { cookie: "authjs.callback-url=javascript:alert(1)", "x-forwarded-for": "198.18.255.1" } })).toBe(400);
    // Its error page answered HTML with a 500 for ?error=Configuration: now the sign-in page's banner.
    const res = await fetch(`${baseUrl()}/api/auth/error?error=Configuration`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/\/signin\?error=Configuration$/);
    // Node's HTTP parser answered 431 with an empty body to a query string over 16 KB.
    const long = { route: "/api/documents", method: "GET", path: `/api/documents?q=${"%C3%A9".repeat(3_000)}`, auth: "admin", headers: {} } as Req;
    expect(await send(long)).toBe(431);
  });

  run("random requests of the signed-in admin", 1000, requestFor(ctx, fc.constant("admin")));

  const routesWith = (keep: (method: string, pattern: string) => boolean) => ROUTE_METHODS.filter(([p, m]) => keep(m, p));
  run(
    "bodies and content types on the routes that read a body",
    550,
    requestFor(ctx, fc.constant("admin"), routesWith((m, p) => m !== "GET" && p !== NEXTAUTH)),
  );

  run("hostile ids and query strings on the GET routes", 450, requestFor(ctx, fc.constant("admin"), routesWith((m, p) => m === "GET" && p !== NEXTAUTH)));

  run("anonymous requests and bogus API tokens", 450, requestFor(ctx, fc.constantFrom<Auth>("anonymous", "bearer")));

  run("the Auth.js routes (anonymous, never a sign-in)", 180, requestFor(ctx, fc.constant("anonymous"), ALL_METHODS.map((m) => [NEXTAUTH, m])));

  it("reached every route and method of the table", () => {
    const reached = new Set(figures.perRoute.keys());
    for (const [pattern, method] of ROUTE_METHODS) expect(reached.has(`${method} ${pattern}`), `${method} ${pattern}`).toBe(true);
  });

  it("left the fixtures in place: the run fuzzed real rows, not only ids that do not exist", async () => {
    expect(await db.document.count({ where: { id: { in: [ids.docId, ids.foreignDocId] } } })).toBe(2);
  });
});

afterAll(() => {
  const statuses = [...figures.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(" ");
  console.log(`[fuzz] ${figures.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${fuzz(1).seed}); statuses ${statuses}`);
  if (process.env.FUZZ_VERBOSE)
    for (const [route, m] of [...figures.perRoute.entries()].sort())
      console.log(`[fuzz]   ${route}: ${[...m.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(" ")}`);
});
