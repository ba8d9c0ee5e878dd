import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { baseUrl } from "../helpers/env";
import { teamWith, PASSWORD } from "../helpers/factories";
import { anonymous, signIn, type Client } from "../helpers/http";
import { claimWithExact, expectError, importDoc, SAMPLE_SENTENCES, storedState, tag } from "../helpers/claimdesk";
import type { Member } from "@/lib/server/session";
import { createSecondReview } from "../helpers/second-reviews";

const [S1, S2, S3] = SAMPLE_SENTENCES;

// Team A's data, with words that must never appear in a response to team B.
const SECRET_WORD = `Zanzibarian${tag()}`;
const A_TITLE = `Embargoed investigation ${tag()}`;
const A_TEXT = `The minister received ${SECRET_WORD} payments from the contractor in March. ${S1} ${S2} ${S3}`;

let memberA: Member;
let reviewA: number;
let memberB: Member;
let a: Client;
let b: Client;
let docA: any;
let claimA: any; // with a verdict
let openA: any; // unreviewed
let openA2: any; // unreviewed
let dismissedA: any;

beforeAll(async () => {
  const [teamA, teamB] = await Promise.all([teamWith(["EDITOR"]), teamWith(["EDITOR"])]);
  memberA = teamA.members[0]!;
  memberB = teamB.members[0]!;
  [a, b] = await Promise.all([signIn(memberA.email, PASSWORD), signIn(memberB.email, PASSWORD)]);
  docA = await importDoc(a, { title: A_TITLE, text: A_TEXT, publisher: "Secret Desk" });
  claimA = docA.claims[0];
  expect(claimA.exact).toContain(SECRET_WORD);
  openA = claimWithExact(docA, S1);
  openA2 = claimWithExact(docA, S2);
  dismissedA = claimWithExact(docA, S3);
  const v = await a.request("PUT", `/api/claims/${claimA.id}/verdict`, { label: "DISPUTED", rationale: `About ${SECRET_WORD}`, expectedVersion: 1 });
  expect(v.status).toBe(200);
  expect((await a.request("POST", `/api/claims/${dismissedA.id}/dismiss`, { expectedVersion: 1 })).status).toBe(200);
  // A second review in team A (cancelled, so nobody in team A is blind on the document).
  reviewA = (await db.secondReview.create({ data: { teamId: memberA.teamId, documentId: docA.id, reviewerId: memberA.userId, percent: 100, claimIds: [claimA.id], state: "CANCELLED" } })).id;
});

/** Every request team B could make against team A's ids, each with a body valid in itself. */
function crossTeamRequests(): [string, string, unknown?][] {
  return [
    ["GET", `/api/documents/${docA.id}`],
    ["GET", `/api/documents/${docA.id}/history`],
    ["POST", `/api/documents/${docA.id}/claims`, { start: 0, end: 12 }],
    ["PUT", `/api/claims/${claimA.id}/verdict`, { label: "OPINION", reason: "mine now", expectedVersion: 2 }],
    ["PUT", `/api/claims/${openA.id}/verdict`, { label: "OPINION", expectedVersion: 1 }],
    ["GET", `/api/claims/${claimA.id}/history`],
    ["PUT", `/api/claims/${openA.id}/attribution`, { speaker: "Team B", expectedVersion: 1 }],
    ["POST", `/api/claims/${openA.id}/dismiss`, { reason: "not yours", expectedVersion: 1 }],
    ["PUT", `/api/claims/${openA.id}/hint`, { task: "checkworthy", wrong: true }],
    ["POST", `/api/claims/${claimA.id}/approve`, { expectedVersion: 2 }],
    ["POST", `/api/claims/${claimA.id}/revert`, { verdictId: 1, expectedVersion: 2 }],
    ["POST", `/api/documents/${docA.id}/approve`],
    ["POST", `/api/documents/${docA.id}/reopen`, { reason: "Team B wants in" }],
    ["POST", `/api/claims/${claimA.id}/return`, { comment: "Not yours", expectedVersion: 2 }],
    ["POST", `/api/claims/${dismissedA.id}/restore`, { expectedVersion: 2 }],
    ["POST", `/api/claims/${openA.id}/split`, { at: openA.start + 4, expectedVersion: 1 }],
    ["POST", `/api/claims/${openA.id}/merge`, { withClaimId: openA2.id, expectedVersion: 1 }],
    ["GET", `/api/documents/${docA.id}/second-review`],
    ["POST", `/api/documents/${docA.id}/second-review`, { reviewerId: memberB.userId }],
    ["PUT", `/api/second-reviews/${reviewA}/claims/${claimA.id}`, { label: "OPINION" }],
    ["POST", `/api/second-reviews/${reviewA}/submit`],
    ["POST", `/api/second-reviews/${reviewA}/cancel`, { reason: "Team B wants it gone" }],
    ["POST", `/api/second-reviews/${reviewA}/claims/${claimA.id}/adjudicate`, { choice: "FIRST", reason: "Team B decides", expectedVersion: 2 }],
  ];
}

describe("another team's ids", () => {
  it("are 404 on every route for a member of team B, revealing none of team A's data and changing nothing", async () => {
    const before = await storedState(docA.id);
    for (const [method, path, body] of crossTeamRequests()) {
      const res = await b.request(method, path, body);
      expectError(res, 404, "NOT_FOUND");
      const raw = JSON.stringify(res.json);
      for (const secret of [SECRET_WORD, A_TITLE, "Secret Desk", S1, "Kyiv"]) expect(raw, `${method} ${path}`).not.toContain(secret);
      expect(res.json.error.current, `${method} ${path}`).toBeUndefined();
    }
    expect(await storedState(docA.id)).toEqual(before);
  });

  it("look exactly like ids that do not exist", async () => {
    const missing = await b.request("GET", `/api/documents/2147483647`);
    const foreign = await b.request("GET", `/api/documents/${docA.id}`);
    expect(foreign.status).toBe(missing.status);
    expect(foreign.json).toEqual(missing.json);
    const missingClaim = await b.request("GET", `/api/claims/2147483647/history`);
    const foreignClaim = await b.request("GET", `/api/claims/${claimA.id}/history`);
    expect(foreignClaim.json).toEqual(missingClaim.json);
  });

  it("cannot be merged into a claim of one's own team: refused exactly as an id that does not exist", async () => {
    const docB = await importDoc(b, { title: "B's", text: `${S1} ${S2} Ref ${tag()}` });
    const own = claimWithExact(docB, S1);
    const beforeA = await storedState(docA.id);
    const beforeB = await storedState(docB.id);
    const res = await b.request("POST", `/api/claims/${own.id}/merge`, { withClaimId: openA.id, expectedVersion: 1 });
    const error = expectError(res, 422, "INVALID");
    expect(Object.keys(error.fields)).toEqual(["withClaimId"]);
    expect(JSON.stringify(res.json)).not.toContain(SECRET_WORD);
    const missing = await b.request("POST", `/api/claims/${own.id}/merge`, { withClaimId: 2147483647, expectedVersion: 1 });
    expect(res.json).toEqual(missing.json);
    expect(await storedState(docA.id)).toEqual(beforeA);
    expect(await storedState(docB.id)).toEqual(beforeB);
  });

  it("are also 404 for the demo team's members", async () => {
    const demo = await signIn("reviewer@claimdesk.test", "claimdesk-demo-2025");
    expectError(await demo.request("GET", `/api/documents/${docA.id}`), 404, "NOT_FOUND");
    expectError(await demo.request("GET", `/api/claims/${claimA.id}/history`), 404, "NOT_FOUND");
  });
});

describe("GET /api/documents", () => {
  it("lists exactly the signed-in member's team's documents", async () => {
    const docB = await importDoc(b, { title: "Only B", text: `${S2} ${S3} Ref ${tag()}` });
    for (const [client, member, own, foreign] of [
      [a, memberA, docA.id, docB.id],
      [b, memberB, docB.id, docA.id],
    ] as const) {
      const res = await client.request("GET", "/api/documents");
      expect(res.status).toBe(200);
      const ids = res.json.documents.map((d: any) => d.id).sort();
      const teamIds = (await db.document.findMany({ where: { teamId: member.teamId }, select: { id: true } })).map((d) => d.id).sort();
      expect(ids).toEqual(teamIds);
      expect(ids).toContain(own);
      expect(ids).not.toContain(foreign);
    }
    expect(JSON.stringify((await b.request("GET", "/api/documents")).json)).not.toContain(A_TITLE);
  });

  it("importing another team's exact text is a new document for this team, not a duplicate that reveals theirs", async () => {
    const res = await b.request("POST", "/api/documents", { title: "Same text, team B", text: A_TEXT });
    expect(res.status).toBe(201);
    expect(res.json.document.id).not.toBe(docA.id);
    expect(JSON.stringify(res.json)).not.toContain(A_TITLE);
    // And team B's claims are its own: team A's verdict does not show.
    expect(res.json.document.claims.every((c: any) => c.verdict === null && c.status === "UNREVIEWED")).toBe(true);
  });
});

describe("GET /api/agreement", () => {
  it("team B sees none of team A's second reviews, in figures or downloads; filtering on team A's document is a 404 like a missing id", async () => {
    const firstVerdict = await db.verdict.findFirstOrThrow({ where: { claimId: claimA.id }, orderBy: { version: "desc" } });
    await createSecondReview({
      teamId: memberA.teamId, documentId: docA.id, reviewerId: memberA.userId, state: "DONE", submittedAt: new Date(),
      ratings: [{ claimId: claimA.id, label: "OPINION", firstVerdictId: firstVerdict.id }],
    });
    expect((await a.request("GET", "/api/agreement")).json.summary.pairs).toBe(1);
    const theirs = await b.request("GET", "/api/agreement");
    expect(theirs.status).toBe(200);
    expect(theirs.json.summary.pairs).toBe(0);
    for (const format of ["csv", "json"]) {
      const res = await fetch(`${baseUrl()}/api/agreement?format=${format}`, { headers: { cookie: b.cookie } });
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const secret of [SECRET_WORD, A_TITLE, memberA.name, String(claimA.id) + ","]) expect(text, format).not.toContain(secret);
    }
    for (const secret of [SECRET_WORD, A_TITLE, memberA.name]) expect(JSON.stringify(theirs.json)).not.toContain(secret);
    const foreign = await b.request("GET", `/api/agreement?document=${docA.id}`);
    expectError(foreign, 404, "NOT_FOUND");
    expect(foreign.json).toEqual((await b.request("GET", "/api/agreement?document=2147483647")).json);
  });
});

describe("without a session", () => {
  const routes = (): [string, string, unknown?][] => [
    ["GET", "/api/documents"],
    ["POST", "/api/documents", { title: "Anonymous", text: "Someone without a session tried to import this article today." }],
    ...crossTeamRequests(),
  ];

  it("every route answers 401 and changes nothing", async () => {
    const before = await storedState(docA.id);
    for (const client of [anonymous(), anonymous("authjs.session-token=not-a-real-token")]) {
      for (const [method, path, body] of routes()) {
        const res = await client.request(method, path, body);
        expectError(res, 401, "UNAUTHENTICATED");
        expect(JSON.stringify(res.json), `${method} ${path}`).not.toContain(SECRET_WORD);
      }
    }
    expect(await storedState(docA.id)).toEqual(before);
    expect(await db.document.count({ where: { title: "Anonymous" } })).toBe(0);
  });

  it("401 comes before any other check (bad ids, bad bodies)", async () => {
    const anon = anonymous();
    expectError(await anon.request("GET", "/api/documents/abc"), 401, "UNAUTHENTICATED");
    expectError(await anon.request("PUT", "/api/claims/abc/verdict", "{not json"), 401, "UNAUTHENTICATED");
    expectError(await anon.request("POST", "/api/documents", "plain", { "content-type": "text/plain" }), 401, "UNAUTHENTICATED");
  });
});

describe("GET /api/jobs", () => {
  it("lists the admin's own team's jobs only", async () => {
    const [teamA, teamB] = await Promise.all([teamWith(["ADMIN"]), teamWith(["ADMIN"])]);
    const [adminA, adminB] = await Promise.all([signIn(teamA.members[0]!.email, PASSWORD), signIn(teamB.members[0]!.email, PASSWORD)]);
    const docs = await Promise.all([importDoc(adminA, { title: `Jobs A ${tag()}`, text: `${S1} ${S2} Ref ${tag()}` }), importDoc(adminB, { title: `Jobs B ${tag()}`, text: `${S2} ${S3} Ref ${tag()}` })]);
    for (const [client, own, foreign] of [
      [adminA, docs[0].id, docs[1].id],
      [adminB, docs[1].id, docs[0].id],
    ] as const) {
      const res = await client.request("GET", "/api/jobs");
      expect(res.status).toBe(200);
      const documentIds = res.json.recent.map((j: any) => j.data.documentId);
      expect(documentIds).toContain(own);
      expect(documentIds).not.toContain(foreign);
    }
    expectError(await a.request("GET", "/api/jobs"), 403, "FORBIDDEN"); // an editor
  });
});
