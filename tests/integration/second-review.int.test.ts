// Blind second review (issue 12, decision 0022): an editor asks for it, the second reviewer works
// blind, submits, the disagreements are adjudicated; and the reviewer cannot see the first
// verdicts through ANY route of the route table while the review is open.
import { beforeAll, describe, expect, it } from "vitest";
import { API_ROUTES } from "@/lib/domain/api-routes";
import { db } from "@/lib/server/db";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, importDoc, tag } from "../helpers/claimdesk";
import { waitForJobs } from "../helpers/jobs";

type Json = any;

const sentences = (t: string) =>
  [
    `The harbour tunnel cost 310 million euros to build ${t}.`,
    `It carries forty thousand cars on a weekday ${t}.`,
    `The mayor opened it in March after four years of works ${t}.`,
    `Critics call it the most beautiful tunnel in Europe ${t}.`,
  ].join(" ");

/** The first reviewer's verdict on a claim, with a rationale and a source the test can look for. */
async function judge(client: Client, claim: Json, label: "SOURCED" | "DISPUTED", secret: string) {
  const body =
    label === "SOURCED"
      ? { label, rationale: `${secret} rationale`, sources: [{ url: `https://${secret.toLowerCase()}.example/evidence`, title: `${secret} title`, quote: `${secret} quote` }], expectedVersion: claim.version }
      : { label, rationale: `${secret} rationale`, expectedVersion: claim.version };
  const res = await client.request("PUT", `/api/claims/${claim.id}/verdict`, body);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.claim;
}

describe("a blind second review, from request to adjudication", () => {
  let editor: Client, first: Client, second: Client;
  let secondId: number, secondName: string;
  let doc: Json;
  beforeAll(async () => {
    const { members } = await teamWith(["EDITOR", "REVIEWER", "REVIEWER"]);
    [editor, first, second] = (await Promise.all(members.map((m) => signIn(m.email, PASSWORD)))) as [Client, Client, Client];
    secondId = members[2]!.userId;
    secondName = members[2]!.name;
    doc = await importDoc(editor, { title: `Tunnel ${tag()}`, text: sentences(tag()) });
  }, 60_000);

  it("samples judged claims, keeps both sides apart until submission, and adjudicates each disagreement", async () => {
    const base = `/api/documents/${doc.id}/second-review`;
    // Nothing judged yet: nothing to compare.
    expect(expectError(await editor.request("POST", base, { reviewerId: secondId }), 409, "CONFLICT").message).toMatch(/No claim of this document has a verdict yet/);
    const [a, b, c, d] = doc.claims;
    await judge(first, a, "SOURCED", `FIRSTA${tag()}`);
    await judge(first, b, "DISPUTED", `FIRSTB${tag()}`);
    await judge(first, c, "SOURCED", `FIRSTC${tag()}`);
    await judge(first, d, "DISPUTED", `FIRSTD${tag()}`);

    expectError(await first.request("POST", base, { reviewerId: secondId }), 403, "FORBIDDEN"); // reviewers do not request
    expect(expectError(await editor.request("POST", base, { reviewerId: secondId, percent: 0 }), 422, "INVALID").fields.percent).toMatch(/1 to 100/);
    expect(expectError(await editor.request("POST", base, { reviewerId: 999_999_999 }), 422, "INVALID").fields.reviewerId).toMatch(/No member/);
    const made = await editor.request("POST", base, { reviewerId: secondId, percent: 50, dueOn: "2030-01-31", note: "Fresh eyes, please" });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const review = made.json.secondReview;
    expect(review).toMatchObject({ state: "OPEN", percent: 50, reviewer: { userId: secondId, name: secondName }, dueOn: "2030-01-31", progress: { claims: 2, judged: 0, disagreements: null } });
    const sampled: number[] = review.claimIds;
    expect(sampled).toHaveLength(2); // 50 % of the 4 judged claims, drawn at random
    for (const id of sampled) expect([a.id, b.id, c.id, d.id]).toContain(id);
    expectError(await editor.request("POST", base, { reviewerId: secondId }), 409, "CONFLICT"); // one in progress per document

    // The second reviewer: told in the queue and the bell; sees the claims unjudged; cannot write them.
    const queue = (await second.request("GET", "/api/queue")).json;
    expect(queue.secondReviews.map((r: Json) => r.id)).toEqual([review.id]);
    expect((await second.request("GET", "/api/notifications")).json.notifications[0].text).toMatch(/blind second review of 2 claim\(s\)/);
    const blindDoc = (await second.request("GET", `/api/documents/${doc.id}`)).json.document;
    expect(blindDoc.claims.map((x: Json) => [x.status, x.verdict, x.signoff])).toEqual(doc.claims.map(() => ["UNREVIEWED", null, null]));
    expect(blindDoc.progress).toMatchObject({ reviewed: 0, counts: { SOURCED: 0, DISPUTED: 0 } });
    expect(blindDoc.blindReview).toMatchObject({ id: review.id, claimIds: sampled });
    const x = blindDoc.claims.find((k: Json) => k.id === sampled[0]);
    const refused = expectError(await second.request("PUT", `/api/claims/${x.id}/verdict`, { label: "OPINION", expectedVersion: 2 }), 403, "FORBIDDEN");
    expect(refused.blind).toBe(true);
    expect(refused.message).toMatch(/record your verdicts in your second review/);

    const put = (client: Client, claimId: number, body: Json) => client.request("PUT", `/api/second-reviews/${review.id}/claims/${claimId}`, body);
    expect(expectError(await put(second, sampled[0]!, { label: "DISPUTED" }), 422, "INVALID").fields.rationale).toMatch(/needs a rationale/);
    const outside = [a.id, b.id, c.id, d.id].find((id) => !sampled.includes(id))!;
    expectError(await put(second, outside, { label: "OPINION" }), 404, "NOT_FOUND");
    expectError(await put(first, sampled[0]!, { label: "OPINION" }), 403, "FORBIDDEN"); // only the one asked
    const secret2 = `SECONDSECRET${tag()}`;
    expect((await put(second, sampled[0]!, { label: "OPINION", rationale: `${secret2} first try` })).status).toBe(200);
    expect((await put(second, sampled[0]!, { label: "OPINION", rationale: `${secret2} changed my mind, still opinion` })).status).toBe(200); // editable until submitted
    const early = expectError(await second.request("POST", `/api/second-reviews/${review.id}/submit`), 409, "CONFLICT");
    expect(early.missing).toEqual([sampled[1]]);
    // The second verdict agrees with the first on the other sampled claim.
    const firstOf = (id: number) => [a, b, c, d].findIndex((k) => k.id === id);
    const agreeLabel = [0, 2].includes(firstOf(sampled[1]!)) ? "SOURCED" : "DISPUTED";
    expect((await put(second, sampled[1]!, agreeLabel === "SOURCED" ? { label: "SOURCED", sources: [{ url: "https://second.example/a" }] } : { label: "DISPUTED", rationale: "Also wrong" })).status).toBe(200);

    // Nobody else sees the second verdicts before submission.
    for (const client of [editor, first]) {
      const seen = (await client.request("GET", base)).json.secondReviews[0];
      expect(seen).toMatchObject({ id: review.id, state: "OPEN", verdicts: null, progress: { judged: 2 } });
      expect(JSON.stringify((await client.request("GET", `/api/documents/${doc.id}`)).json)).not.toContain(secret2);
    }
    expect((await editor.request("GET", "/api/adjudication")).json.items).toEqual([]);

    const submitted = await second.request("POST", `/api/second-reviews/${review.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
    expect(submitted.json.secondReview).toMatchObject({ state: "ADJUDICATION", progress: { claims: 2, judged: 2, disagreements: 1, adjudicated: 0 } });
    // No longer blind: the document shows its verdicts to the second reviewer again.
    const open = (await second.request("GET", `/api/documents/${doc.id}`)).json.document;
    expect(open.blindReview).toBeNull();
    expect(open.claims.find((k: Json) => k.id === sampled[0]).verdict.label).not.toBe("OPINION");
    expectError(await put(second, sampled[0]!, { label: "SOURCED", sources: [{ url: "https://late.example" }] }), 409, "CONFLICT");

    // The adjudication queue: the one disagreement, both verdicts side by side.
    const items = (await editor.request("GET", "/api/adjudication")).json.items;
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(item).toMatchObject({ reviewId: review.id, document: { id: doc.id }, claim: { id: sampled[0] }, changedSince: false, second: { label: "OPINION", rationale: `${secret2} changed my mind, still opinion`, reviewer: { name: secondName } } });
    expect(item.first.label).toBe(["SOURCED", "DISPUTED", "SOURCED", "DISPUTED"][firstOf(sampled[0]!)]);
    expect(item.first.rationale).toMatch(/^FIRST/);
    expectError(await first.request("GET", "/api/adjudication"), 403, "FORBIDDEN");

    const adjudicate = (body: Json) => editor.request("POST", `/api/second-reviews/${review.id}/claims/${sampled[0]}/adjudicate`, body);
    expect(expectError(await adjudicate({ choice: "SECOND", reason: " ", expectedVersion: item.claim.version }), 422, "INVALID").fields.reason).toBeTruthy();
    expect(expectError(await adjudicate({ choice: "OWN", reason: "Neither", expectedVersion: item.claim.version }), 422, "INVALID").fields.label).toMatch(/needs a label/);
    expectError(await adjudicate({ choice: "SECOND", reason: "Stale", expectedVersion: item.claim.version - 1 }), 409, "CONFLICT");
    const done = await adjudicate({ choice: "SECOND", reason: "It is a prediction, not a fact", expectedVersion: item.claim.version });
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json).toMatchObject({ remaining: 0, claim: { status: "OPINION", verdict: { label: "OPINION", reason: "Adjudicated (took the second reviewer's verdict): It is a prediction, not a fact" } } });
    expectError(await adjudicate({ choice: "FIRST", reason: "Again", expectedVersion: done.json.claim.version }), 409, "CONFLICT");
    const after = (await editor.request("GET", base)).json.secondReviews[0];
    expect(after).toMatchObject({ state: "DONE", progress: { disagreements: 1, adjudicated: 1 } });
    expect(after.verdicts.find((v: Json) => v.claimId === sampled[0])).toMatchObject({ agrees: false, adjudication: { choice: "SECOND", reason: "It is a prediction, not a fact" } });
    expect(after.verdicts.find((v: Json) => v.claimId === sampled[1])).toMatchObject({ agrees: true, adjudication: null });

    // History: the claim's and the document's, each with who and why.
    const history = (await first.request("GET", `/api/claims/${sampled[0]}/history`)).json.history;
    expect(history.at(-1)).toMatchObject({ kind: "VERDICT", label: "OPINION", reason: expect.stringMatching(/^Adjudicated/) });
    const events = await db.documentEvent.findMany({ where: { documentId: doc.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.kind)).toEqual(["SECOND_REVIEW_REQUESTED", "SECOND_REVIEW_SUBMITTED", "ADJUDICATED"]);
    expect(events[1]!.data).toMatchObject({ claims: 2, disagreements: 1 });
    expect(events[2]).toMatchObject({ reason: "It is a prediction, not a fact", data: { claimId: sampled[0], choice: "SECOND" } });
    // The printed report carries the adjudication in the claim's history.
    const report = await (await fetch(`${baseUrl()}/documents/${doc.id}/report`, { headers: { cookie: editor.cookie } })).text();
    expect(report).toMatch(/Reason: (<!-- -->)?Adjudicated \(took the second reviewer(&#x27;|')s verdict\): It is a prediction, not a fact/);
    // The editor who asked hears of the submission.
    expect((await editor.request("GET", "/api/notifications")).json.notifications.some((n: Json) => /submitted the second review.*1 disagreement/.test(n.text))).toBe(true);
  });

  it("a review with no disagreement is done at once; an open one can be cancelled with a reason", async () => {
    const d2 = await importDoc(editor, { title: `Agree ${tag()}`, text: `The ferry runs every hour ${tag()}. Tickets cost four euros ${tag()}.` });
    for (const c of d2.claims) await judge(first, c, "DISPUTED", `F${tag()}`);
    const r1 = (await editor.request("POST", `/api/documents/${d2.id}/second-review`, { reviewerId: secondId })).json.secondReview;
    expect(r1.claimIds).toHaveLength(2);
    const cancel = (body: Json) => editor.request("POST", `/api/second-reviews/${r1.id}/cancel`, body);
    expectError(await cancel({}), 422, "INVALID");
    expect((await cancel({ reason: "Wrong document" })).json.secondReview.state).toBe("CANCELLED");
    expect((await second.request("GET", `/api/documents/${d2.id}`)).json.document.blindReview).toBeNull();

    const r2 = (await editor.request("POST", `/api/documents/${d2.id}/second-review`, { reviewerId: secondId })).json.secondReview;
    for (const id of r2.claimIds) expect((await second.request("PUT", `/api/second-reviews/${r2.id}/claims/${id}`, { label: "DISPUTED", rationale: "Agreed" })).status).toBe(200);
    expect((await second.request("POST", `/api/second-reviews/${r2.id}/submit`)).json.secondReview).toMatchObject({ state: "DONE", progress: { disagreements: 0 } });
    expect((await editor.request("GET", `/api/adjudication?document=${d2.id}`)).json.items).toEqual([]);
    // Claims a person judged themselves are never theirs to second-review.
    expect(expectError(await editor.request("POST", `/api/documents/${d2.id}/second-review`, { reviewerId: (await db.claim.findFirstOrThrow({ where: { documentId: d2.id } })).reviewerId }), 409, "CONFLICT").message).toMatch(/judged every judged claim/);
  });
});

// ---------------------------------------------------------------------------------------------
// Blindness through every route. The second reviewer is an ADMIN, so no route refuses them by
// role: whatever they are refused, they are refused for being blind. Every route of the table has
// a row: a request whose answer must not show a first verdict, or why the route cannot show one.

type Ctx = { docId: number; claimId: number; otherDocId: number; otherClaimId: number; reviewId: number; verdictId: number; userId: number };
type Row = { path: (c: Ctx) => string; body?: (c: Ctx) => unknown; blindWrite?: true } | { skip: string };

const claimWrite = (suffix: string, body: (c: Ctx) => unknown): Row => ({ path: (c) => `/api/claims/${c.claimId}/${suffix}`, body, blindWrite: true });
const ROWS: Record<string, Row[]> = {
  "GET /api/adjudication": [{ path: () => "/api/adjudication" }],
  "GET /api/agreement": [{ path: () => "/api/agreement" }, { path: () => "/api/agreement?format=csv" }, { path: (c) => `/api/agreement?format=json&document=${c.docId}` }],
  "DELETE /api/assignments/[id]": [{ skip: "removes an assignment; answers with no claim data" }],
  "GET /api/audit": [{ path: () => "/api/audit" }],
  "GET /api/jobs": [{ path: () => "/api/jobs" }],
  "GET /api/auth/[...nextauth]": [{ path: () => "/api/auth/session" }],
  "POST /api/auth/[...nextauth]": [{ skip: "sign-in and sign-out: no claim data" }],
  "POST /api/claims/[id]/approve": [claimWrite("approve", () => ({ expectedVersion: 2 }))],
  "PUT /api/claims/[id]/attribution": [{ path: (c) => `/api/claims/${c.claimId}/attribution`, body: () => ({ speaker: "X", expectedVersion: 2 }), blindWrite: true }],
  "POST /api/claims/[id]/dismiss": [claimWrite("dismiss", () => ({ expectedVersion: 2 }))],
  "PUT /api/claims/[id]/hint": [{ path: (c) => `/api/claims/${c.claimId}/hint`, body: () => ({ task: "checkworthy", wrong: true }), blindWrite: true }],
  "GET /api/claims/[id]/history": [{ path: (c) => `/api/claims/${c.claimId}/history` }, { path: (c) => `/api/claims/${c.otherClaimId}/history` }],
  "GET /api/claims/[id]/matches": [{ path: (c) => `/api/claims/${c.claimId}/matches` }, { path: (c) => `/api/claims/${c.otherClaimId}/matches` }],
  "POST /api/claims/[id]/merge": [claimWrite("merge", (c) => ({ withClaimId: c.claimId + 1, expectedVersion: 2 }))],
  "POST /api/claims/[id]/restore": [claimWrite("restore", () => ({ expectedVersion: 2 }))],
  "POST /api/claims/[id]/return": [claimWrite("return", () => ({ comment: "Why?", expectedVersion: 2 }))],
  "POST /api/claims/[id]/revert": [claimWrite("revert", (c) => ({ verdictId: c.verdictId, expectedVersion: 2 }))],
  "POST /api/claims/[id]/reuse": [claimWrite("reuse", (c) => ({ verdictId: c.verdictId, expectedVersion: 2 })), { path: (c) => `/api/claims/${c.otherClaimId}/reuse`, body: (c) => ({ verdictId: c.verdictId, expectedVersion: 1 }) }],
  "POST /api/claims/[id]/split": [claimWrite("split", () => ({ at: 5, expectedVersion: 2 }))],
  "PUT /api/claims/[id]/verdict": [claimWrite("verdict", () => ({ label: "OPINION", reason: "mine", expectedVersion: 2 }))],
  "GET /api/documents": [{ path: () => "/api/documents" }],
  "POST /api/documents": [{ path: () => "/api/documents", body: () => ({ title: `New ${tag()}`, text: `A fresh sentence about ports ${tag()}. And one more.` }) }],
  "GET /api/documents/[id]": [{ path: (c) => `/api/documents/${c.docId}` }, { path: (c) => `/api/documents/${c.otherDocId}` }],
  "DELETE /api/documents/[id]": [{ skip: "deletes the document; answers { deleted, id }" }],
  "POST /api/documents/[id]/approve": [{ path: (c) => `/api/documents/${c.docId}/approve`, blindWrite: true }],
  "GET /api/documents/[id]/history": [{ path: (c) => `/api/documents/${c.docId}/history` }],
  "GET /api/documents/[id]/assignments": [{ path: (c) => `/api/documents/${c.docId}/assignments` }],
  "POST /api/documents/[id]/assignments": [{ path: (c) => `/api/documents/${c.docId}/assignments`, body: (c) => ({ reviewerIds: [c.userId] }) }],
  "GET /api/documents/[id]/claims": [{ path: (c) => `/api/documents/${c.docId}/claims` }, { path: (c) => `/api/documents/${c.docId}/claims?from=0&limit=2` }, { path: (c) => `/api/documents/${c.otherDocId}/claims` }],
  "POST /api/documents/[id]/claims": [{ path: (c) => `/api/documents/${c.docId}/claims`, body: () => ({ start: 0, end: 10 }), blindWrite: true }],
  "GET /api/documents/[id]/export": ["csv", "json", "claimreview"].map((f) => ({ path: (c: Ctx) => `/api/documents/${c.docId}/export?format=${f}&proposed=1` })),
  "GET /api/documents/[id]/matches": [{ path: (c) => `/api/documents/${c.docId}/matches` }, { path: (c) => `/api/documents/${c.otherDocId}/matches` }],
  "POST /api/documents/[id]/reopen": [{ path: (c) => `/api/documents/${c.docId}/reopen`, body: () => ({ reason: "peek" }), blindWrite: true }],
  "GET /api/documents/[id]/report.pdf": [{ path: (c) => `/api/documents/${c.docId}/report.pdf` }],
  "GET /api/documents/[id]/second-review": [{ path: (c) => `/api/documents/${c.docId}/second-review` }],
  "POST /api/documents/[id]/second-review": [{ path: (c) => `/api/documents/${c.docId}/second-review`, body: (c) => ({ reviewerId: c.userId }) }],
  "GET /api/exports": ["csv", "json", "claimreview"].map((f) => ({ path: () => `/api/exports?format=${f}&proposed=1` })),
  "POST /api/invitations/accept": [{ skip: "public: accepts an invitation token; no claim data" }],
  "POST /api/me/password": [{ skip: "changes one's password; no claim data" }],
  "GET /api/notifications": [{ path: () => "/api/notifications" }],
  "POST /api/notifications/read": [{ path: () => "/api/notifications/read", body: () => ({}) }],
  "GET /api/queue": [{ path: () => "/api/queue" }],
  "GET /api/search": [{ path: () => "/api/search?q=harbour" }, { path: () => "/api/search?q=tunnel&status=SOURCED&status=DISPUTED" }],
  "POST /api/second-reviews/[id]/cancel": [{ skip: "ends the review (then nothing is blind); tested in the flow above" }],
  "PUT /api/second-reviews/[id]/claims/[claimId]": [{ path: (c) => `/api/second-reviews/${c.reviewId}/claims/${c.claimId}`, body: () => ({ label: "OPINION" }) }],
  "POST /api/second-reviews/[id]/claims/[claimId]/adjudicate": [{ path: (c) => `/api/second-reviews/${c.reviewId}/claims/${c.claimId}/adjudicate`, body: () => ({ choice: "FIRST", reason: "peek", expectedVersion: 2 }) }],
  "POST /api/second-reviews/[id]/submit": [{ skip: "ends the blindness by design; tested in the flow above" }],
  "GET /api/team/invitations": [{ path: () => "/api/team/invitations" }],
  "POST /api/team/invitations": [{ skip: "invites a member; no claim data" }],
  "DELETE /api/team/invitations/[id]": [{ skip: "revokes an invitation; no claim data" }],
  "GET /api/team/members": [{ path: () => "/api/team/members" }],
  "PATCH /api/team/members/[userId]": [{ skip: "changes a role; no claim data" }],
  "DELETE /api/team/members/[userId]": [{ skip: "removes a member; no claim data" }],
  "GET /api/team/models": [{ path: () => "/api/team/models" }],
  "POST /api/team/models": [{ skip: "trains a model (slow); answers with figures, no claim data" }],
  "PUT /api/team/models/active": [{ skip: "switches a model; no claim data" }],
  "GET /api/tokens": [{ path: () => "/api/tokens" }],
  "POST /api/tokens": [{ skip: "creates an API token; no claim data" }],
  "DELETE /api/tokens/[id]": [{ skip: "revokes an API token; no claim data" }],
};
const PAGES = (c: Ctx) => [
  `/documents`,
  `/documents/${c.docId}`,
  `/documents/${c.otherDocId}`,
  `/documents/${c.docId}/report`,
  `/search?q=harbour`,
  `/exports`,
  `/queue`,
  `/notifications`,
  `/audit`,
  `/agreement`,
  `/adjudication`,
];

/** Where a response shows a first verdict of a sampled claim: its label on an object about the claim, or its secret text. */
function leaks(body: string, json: Json, sampled: Set<number>, secrets: string[]): string[] {
  const found = secrets.filter((s) => body.includes(s)).map((s) => `text ${s}`);
  const visit = (v: Json, at: string) => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${at}[${i}]`));
    if (!v || typeof v !== "object") return;
    const about = sampled.has(v.claimId) || (typeof v.exact === "string" && sampled.has(v.id)) || (v.targetType === "claim" && sampled.has(Number(v.targetId)));
    if (about)
      for (const label of [v.status, v.label, v.data?.label, v.verdict?.label, v.first?.label])
        if (label === "SOURCED" || label === "DISPUTED") found.push(`${at}: ${label}`);
    for (const [k, x] of Object.entries(v)) visit(x, `${at}.${k}`);
  };
  visit(json, "$");
  return found;
}

describe("the blind second reviewer sees no first verdict through any route", () => {
  let blind: Client, editor: Client, first: Client;
  let ctx: Ctx;
  let sampled: Set<number>;
  const secrets: string[] = [];
  beforeAll(async () => {
    const { team, members } = await teamWith(["EDITOR", "REVIEWER", "ADMIN"]);
    [editor, first, blind] = (await Promise.all(members.map((m) => signIn(m.email, PASSWORD)))) as [Client, Client, Client];
    const t = tag();
    const doc = await importDoc(editor, { title: `Blind ${t}`, text: sentences(t) });
    // A second article repeating the first sentence: its matches would show the blind document's verdicts.
    const other = await importDoc(editor, { title: `Other ${t}`, text: `The harbour tunnel cost 310 million euros to build ${t}. Nothing else here ${tag()}.` });
    let verdictId = 0;
    for (const [i, c] of doc.claims.entries()) {
      const secret = `FIRSTSECRET${i}${tag()}`;
      secrets.push(secret);
      const judged = await judge(first, c, i % 2 ? "DISPUTED" : "SOURCED", secret);
      verdictId = judged.verdict.id;
    }
    const review = (await editor.request("POST", `/api/documents/${doc.id}/second-review`, { reviewerId: members[2]!.userId })).json.secondReview;
    sampled = new Set(review.claimIds);
    expect(sampled.size).toBe(4);
    ctx = { docId: doc.id, claimId: doc.claims[0].id, otherDocId: other.id, otherClaimId: other.claims[0].id, reviewId: review.id, verdictId, userId: members[2]!.userId };
    // The matches exist (stored by the match job, decision 0027): the first reviewer sees the blind document's claim as a known claim.
    await waitForJobs(team.id);
    const seen = (await first.request("GET", `/api/claims/${ctx.otherClaimId}/matches`)).json.matches;
    expect(seen.map((m: Json) => m.claimId)).toContain(ctx.claimId);
  }, 90_000);

  it("has a row for every route of the table", () => {
    const table = Object.entries(API_ROUTES).flatMap(([route, methods]) => methods.map((m) => `${m} ${route}`));
    expect(Object.keys(ROWS).sort()).toEqual(table.sort());
  });

  it("answers every route without a first verdict, and refuses every write on the document as blind", async () => {
    const problems: string[] = [];
    for (const [route, rows] of Object.entries(ROWS))
      for (const row of rows) {
        if ("skip" in row) continue;
        const method = route.split(" ")[0]!;
        const res = await blind.request(method, row.path(ctx), row.body?.(ctx));
        const body = typeof res.json === "string" ? res.json : JSON.stringify(res.json);
        const where = `${method} ${row.path(ctx)} (${res.status})`;
        if (res.status >= 500) problems.push(`${where}: server error`);
        for (const l of leaks(body ?? "", res.json, sampled, secrets)) problems.push(`${where}: ${l}`);
        if (row.blindWrite && !(res.status === 403 && res.json?.error?.blind === true)) problems.push(`${where}: not refused as blind: ${body.slice(0, 200)}`);
      }
    for (const page of PAGES(ctx)) {
      const res = await fetch(`${baseUrl()}${page}`, { headers: { cookie: blind.cookie }, redirect: "manual" });
      const html = await res.text();
      if (res.status >= 500) problems.push(`page ${page}: ${res.status}`);
      for (const s of secrets) if (html.includes(s)) problems.push(`page ${page}: shows ${s}`);
    }
    expect(problems).toEqual([]);
    // Nothing the blind reviewer tried changed a claim of the document.
    const claims = await db.claim.findMany({ where: { documentId: ctx.docId }, select: { version: true, status: true, dismissedAt: true } });
    expect(claims.every((c) => c.version === 2 && c.status !== "UNREVIEWED" && c.dismissedAt === null)).toBe(true);
  }, 180_000);

  it("the first reviewer and the editor see the second verdicts nowhere before submission", async () => {
    const secret = `SECONDSECRET${tag()}`;
    expect((await blind.request("PUT", `/api/second-reviews/${ctx.reviewId}/claims/${ctx.claimId}`, { label: "DISPUTED", rationale: secret })).status).toBe(200);
    for (const client of [first, editor])
      for (const [route, rows] of Object.entries(ROWS)) {
        if (!route.startsWith("GET ")) continue;
        for (const row of rows) {
          if ("skip" in row) continue;
          const res = await client.request("GET", row.path(ctx));
          expect(JSON.stringify(res.json) ?? "", `${route}`).not.toContain(secret);
        }
      }
  }, 120_000);
});
