// Tenant isolation and roles for EVERY route, as one table. The first test reads the routes from
// the file system: a new route or page without a row here fails the suite until someone decides
// what it must refuse.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { newToken } from "@/lib/server/tokens";
import { models } from "@/lib/domain/assist/trained";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { importDoc, tag } from "../helpers/claimdesk";

type Role = "ADMIN" | "EDITOR" | "REVIEWER";
type Ctx = { docId: number; claimId: number; claim2Id: number; dismissedId: number; memberUserId: number; invitationId: number; tokenId: number; modelId: number; assignmentId: number; notificationId: number; reviewId: number };
type Row = {
  /** The least role allowed; null for public routes. */
  least: Role | null;
  /** The request a member of team B makes with team A's ids (omit for public routes). */
  foreign?: (c: Ctx) => { path: string; body?: unknown };
  /** Why the route is public, when least is null. */
  publicBecause?: string;
  /** The status team B gets, when it is not the default (404 for an [id] route, else under 300). */
  foreignStatus?: number;
};

const ROUTES: Record<string, Row> = {
  "GET /api/documents": { least: "REVIEWER", foreign: () => ({ path: "/api/documents" }) },
  "POST /api/documents": { least: "EDITOR", foreign: () => ({ path: "/api/documents", body: { title: `B ${tag()}`, text: `Team B writes its own sentence ${tag()}. Then another.` } }) },
  "GET /api/documents/[id]": { least: "REVIEWER", foreign: (c) => ({ path: `/api/documents/${c.docId}` }) },
  "DELETE /api/documents/[id]": { least: "ADMIN", foreign: (c) => ({ path: `/api/documents/${c.docId}` }) },
  "GET /api/documents/[id]/history": { least: "REVIEWER", foreign: (c) => ({ path: `/api/documents/${c.docId}/history` }) },
  "GET /api/documents/[id]/export": { least: "EDITOR", foreign: (c) => ({ path: `/api/documents/${c.docId}/export?format=csv` }) },
  "GET /api/exports": { least: "EDITOR", foreign: () => ({ path: "/api/exports?format=csv" }) },
  // Filtered on team A's document: not found for team B (its own figures, unfiltered, are in agreement.int.test.ts).
  "GET /api/agreement": { least: "EDITOR", foreign: (c) => ({ path: `/api/agreement?document=${c.docId}` }), foreignStatus: 404 },
  "GET /api/documents/[id]/report.pdf": { least: "EDITOR", foreign: (c) => ({ path: `/api/documents/${c.docId}/report.pdf` }) },
  "GET /api/documents/[id]/assignments": { least: "REVIEWER", foreign: (c) => ({ path: `/api/documents/${c.docId}/assignments` }) },
  "POST /api/documents/[id]/assignments": { least: "EDITOR", foreign: (c) => ({ path: `/api/documents/${c.docId}/assignments`, body: { reviewerIds: [c.memberUserId] } }) },
  "POST /api/documents/[id]/approve": { least: "EDITOR", foreign: (c) => ({ path: `/api/documents/${c.docId}/approve` }) },
  "POST /api/documents/[id]/reopen": { least: "EDITOR", foreign: (c) => ({ path: `/api/documents/${c.docId}/reopen`, body: { reason: "B wants in" } }) },
  "DELETE /api/assignments/[id]": { least: "EDITOR", foreign: (c) => ({ path: `/api/assignments/${c.assignmentId}` }) },
  "GET /api/adjudication": { least: "EDITOR", foreign: () => ({ path: "/api/adjudication" }) },
  "GET /api/documents/[id]/second-review": { least: "REVIEWER", foreign: (c) => ({ path: `/api/documents/${c.docId}/second-review` }) },
  "POST /api/documents/[id]/second-review": { least: "EDITOR", foreign: (c) => ({ path: `/api/documents/${c.docId}/second-review`, body: { reviewerId: c.memberUserId } }) },
  "PUT /api/second-reviews/[id]/claims/[claimId]": { least: "REVIEWER", foreign: (c) => ({ path: `/api/second-reviews/${c.reviewId}/claims/${c.claimId}`, body: { label: "OPINION" } }) },
  "POST /api/second-reviews/[id]/submit": { least: "REVIEWER", foreign: (c) => ({ path: `/api/second-reviews/${c.reviewId}/submit` }) },
  "POST /api/second-reviews/[id]/cancel": { least: "EDITOR", foreign: (c) => ({ path: `/api/second-reviews/${c.reviewId}/cancel`, body: { reason: "B wants it gone" } }) },
  "POST /api/second-reviews/[id]/claims/[claimId]/adjudicate": { least: "EDITOR", foreign: (c) => ({ path: `/api/second-reviews/${c.reviewId}/claims/${c.claimId}/adjudicate`, body: { choice: "FIRST", reason: "B decides", expectedVersion: 1 } }) },
  "GET /api/queue": { least: "REVIEWER", foreign: () => ({ path: "/api/queue" }) },
  "GET /api/notifications": { least: "REVIEWER", foreign: () => ({ path: "/api/notifications" }) },
  "POST /api/notifications/read": { least: "REVIEWER", foreign: (c) => ({ path: "/api/notifications/read", body: { ids: [c.notificationId] } }) },
  "GET /api/documents/[id]/claims": { least: "REVIEWER", foreign: (c) => ({ path: `/api/documents/${c.docId}/claims?from=0&limit=10` }) },
  "POST /api/documents/[id]/claims": { least: "REVIEWER", foreign: (c) => ({ path: `/api/documents/${c.docId}/claims`, body: { start: 0, end: 5 } }) },
  "PUT /api/claims/[id]/verdict": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/verdict`, body: { label: "OPINION", expectedVersion: 1 } }) },
  "GET /api/documents/[id]/matches": { least: "REVIEWER", foreign: (c) => ({ path: `/api/documents/${c.docId}/matches` }) },
  "GET /api/claims/[id]/matches": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/matches` }) },
  "POST /api/claims/[id]/reuse": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/reuse`, body: { verdictId: 1, expectedVersion: 1 } }) },
  "GET /api/claims/[id]/history": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/history` }) },
  "PUT /api/claims/[id]/attribution": { least: "EDITOR", foreign: (c) => ({ path: `/api/claims/${c.claimId}/attribution`, body: { speaker: "B", expectedVersion: 1 } }) },
  "POST /api/claims/[id]/dismiss": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/dismiss`, body: { expectedVersion: 1 } }) },
  "POST /api/claims/[id]/restore": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.dismissedId}/restore`, body: { expectedVersion: 2 } }) },
  "POST /api/claims/[id]/split": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/split`, body: { at: 3, expectedVersion: 1 } }) },
  "POST /api/claims/[id]/merge": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/merge`, body: { withClaimId: c.claim2Id, expectedVersion: 1 } }) },
  "POST /api/claims/[id]/approve": { least: "EDITOR", foreign: (c) => ({ path: `/api/claims/${c.claimId}/approve`, body: { expectedVersion: 1 } }) },
  "POST /api/claims/[id]/return": { least: "EDITOR", foreign: (c) => ({ path: `/api/claims/${c.claimId}/return`, body: { comment: "Why?", expectedVersion: 1 } }) },
  "POST /api/claims/[id]/revert": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/revert`, body: { verdictId: 1, expectedVersion: 1 } }) },
  "PUT /api/claims/[id]/hint": { least: "REVIEWER", foreign: (c) => ({ path: `/api/claims/${c.claimId}/hint`, body: { task: "checkworthy", wrong: true } }) },
  "GET /api/team/members": { least: "REVIEWER", foreign: () => ({ path: "/api/team/members" }) },
  "PATCH /api/team/members/[userId]": { least: "ADMIN", foreign: (c) => ({ path: `/api/team/members/${c.memberUserId}`, body: { role: "EDITOR" } }) },
  "DELETE /api/team/members/[userId]": { least: "ADMIN", foreign: (c) => ({ path: `/api/team/members/${c.memberUserId}` }) },
  "GET /api/team/invitations": { least: "ADMIN", foreign: () => ({ path: "/api/team/invitations" }) },
  "POST /api/team/invitations": { least: "ADMIN", foreign: () => ({ path: "/api/team/invitations", body: { email: `b-${tag()}@example.test`, role: "REVIEWER" } }) },
  "DELETE /api/team/invitations/[id]": { least: "ADMIN", foreign: (c) => ({ path: `/api/team/invitations/${c.invitationId}` }) },
  "GET /api/team/models": { least: "ADMIN", foreign: () => ({ path: "/api/team/models" }) },
  // Team B trains from its own verdicts only: it has none, so it is told to review more first.
  "POST /api/team/models": { least: "ADMIN", foreign: () => ({ path: "/api/team/models", body: { task: "subjectivity" } }), foreignStatus: 422 },
  "PUT /api/team/models/active": { least: "ADMIN", foreign: (c) => ({ path: "/api/team/models/active", body: { task: "subjectivity", modelId: c.modelId } }), foreignStatus: 404 },
  "GET /api/tokens": { least: "REVIEWER", foreign: () => ({ path: "/api/tokens" }) },
  "POST /api/tokens": { least: "REVIEWER", foreign: () => ({ path: "/api/tokens", body: { name: "b token" } }) },
  "DELETE /api/tokens/[id]": { least: "REVIEWER", foreign: (c) => ({ path: `/api/tokens/${c.tokenId}` }) },
  "POST /api/me/password": { least: "REVIEWER" },
  "GET /api/audit": { least: "ADMIN", foreign: () => ({ path: "/api/audit" }) },
  // Team B's admin sees its own jobs only (the team is in the query: tests/integration/jobs.int.test.ts).
  "GET /api/jobs": { least: "ADMIN", foreign: () => ({ path: "/api/jobs" }) },
  "GET /api/search": { least: "REVIEWER", foreign: (c) => ({ path: `/api/search?q=memo&document=${c.docId}` }) },
  "POST /api/invitations/accept": { least: null, publicBecause: "a new invitee has no account yet; the single-use token is the credential" },
  "GET /api/auth/[...nextauth]": { least: null, publicBecause: "Auth.js: CSRF token, session, sign-in pages" },
  "POST /api/auth/[...nextauth]": { least: null, publicBecause: "Auth.js: sign-in (throttled) and sign-out" },
};

const PAGES: Record<string, { least: Role | null; foreign?: (c: Ctx) => string }> = {
  "/": { least: null },
  "/signin": { least: null },
  "/invite/[token]": { least: null },
  "/documents": { least: "REVIEWER" },
  "/documents/[id]": { least: "REVIEWER", foreign: (c) => `/documents/${c.docId}` },
  "/documents/[id]/report": { least: "EDITOR", foreign: (c) => `/documents/${c.docId}/report` },
  "/settings": { least: "REVIEWER" },
  "/settings/team": { least: "REVIEWER" },
  "/settings/models": { least: "REVIEWER" }, // admins manage; others see why they cannot
  "/audit": { least: "ADMIN" },
  "/exports": { least: "EDITOR" },
  "/agreement": { least: "EDITOR" },
  "/adjudication": { least: "EDITOR" },
  "/search": { least: "REVIEWER" },
  "/queue": { least: "REVIEWER" },
  "/notifications": { least: "REVIEWER" },
};

const root = path.resolve(import.meta.dirname, "../..");
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const urlOf = (file: string) =>
  "/" +
  path
    .relative(path.join(root, "app"), path.dirname(file))
    .split(path.sep)
    .filter((seg) => seg && !/^\(.*\)$/.test(seg))
    .join("/");
function apiRoutesOnDisk(): string[] {
  return walk(path.join(root, "app", "api"))
    .filter((f) => f.endsWith("route.ts"))
    .flatMap((f) => [...readFileSync(f, "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b|export const \{ (GET)[ ,}]/g)].map((m) => `${m[1] ?? m[2]} ${urlOf(f)}`));
}
function pagesOnDisk(): string[] {
  return walk(path.join(root, "app"))
    .filter((f) => f.endsWith("page.tsx"))
    .map((f) => urlOf(f).replace(/\/$/, "") || "/");
}

describe("the route table", () => {
  it("lists every API route and method on disk, and nothing that is not there", () => {
    expect(apiRoutesOnDisk().sort()).toEqual(Object.keys(ROUTES).sort());
  });
  it("lists every page on disk", () => {
    expect(pagesOnDisk().sort()).toEqual(Object.keys(PAGES).sort());
  });
});

const RANK: Record<Role, number> = { REVIEWER: 1, EDITOR: 2, ADMIN: 3 };
let ctx: Ctx;
let secrets: string[];
let a: Record<Role, Client>;
let bAdmin: Client;

beforeAll(async () => {
  const teamA = await teamWith(["ADMIN", "EDITOR", "REVIEWER", "REVIEWER"]);
  const teamB = await teamWith(["ADMIN"]);
  const [admin, editor, reviewer] = await Promise.all(teamA.members.slice(0, 3).map((m) => signIn(m.email, PASSWORD)));
  a = { ADMIN: admin!, EDITOR: editor!, REVIEWER: reviewer! };
  bAdmin = await signIn(teamB.members[0]!.email, PASSWORD);
  const secretWord = `Quokkagate${tag()}`;
  const title = `Team A embargoed ${tag()}`;
  const doc = await importDoc(editor!, {
    title,
    text: `The ${secretWord} memo was signed on Monday by the minister. The budget grew 12 percent last year. Officials denied every part of the report.`,
  });
  const [c1, c2, c3] = doc.claims;
  expect((await editor!.request("POST", `/api/claims/${c3.id}/dismiss`, { expectedVersion: 1 })).status).toBe(200);
  const { tokenHash, prefix } = newToken();
  const membership = await db.membership.findFirstOrThrow({ where: { userId: teamA.members[3]!.userId, teamId: teamA.team.id } });
  const token = await db.apiToken.create({ data: { membershipId: membership.id, name: `A token ${secretWord}`, tokenHash, prefix } });
  const invitation = await db.invitation.create({
    data: { teamId: teamA.team.id, email: `invitee-${secretWord}@example.test`.toLowerCase(), role: "REVIEWER", tokenHash: newToken().tokenHash, invitedById: teamA.members[0]!.userId, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  const shipped = models().subjectivity.file;
  const model = await db.teamModel.create({
    data: { teamId: teamA.team.id, task: "subjectivity", version: `v${secretWord}`, file: { ...shipped, version: `v${secretWord}` }, before: shipped.holdout, after: shipped.holdout, examples: 30, holdout: 10 },
  });
  const assignment = await db.assignment.create({
    data: { teamId: teamA.team.id, documentId: doc.id, reviewerId: teamA.members[3]!.userId, assignedById: teamA.members[1]!.userId, note: `Start with the ${secretWord} memo` },
  });
  const notification = await db.notification.create({
    data: { teamId: teamA.team.id, userId: teamA.members[3]!.userId, kind: "ASSIGNED", documentId: doc.id, text: `You were assigned the ${secretWord} memo` },
  });
  const review = await db.secondReview.create({ data: { teamId: teamA.team.id, documentId: doc.id, reviewerId: teamA.members[3]!.userId, percent: 100, claimIds: [c1.id] } });
  ctx = { docId: doc.id, claimId: c1.id, claim2Id: c2.id, dismissedId: c3.id, memberUserId: teamA.members[3]!.userId, invitationId: invitation.id, tokenId: token.id, modelId: model.id, assignmentId: assignment.id, notificationId: notification.id, reviewId: review.id };
  secrets = [secretWord, title, teamA.team.name, teamA.members[3]!.email];
});

const methodOf = (key: string) => key.split(" ")[0]!;

describe("a member of another team", () => {
  for (const [key, row] of Object.entries(ROUTES))
    if (row.foreign)
      it(`${key}: 404 or its own data only, never a byte of team A's`, async () => {
        const { path: p, body } = row.foreign!(ctx);
        const res = await bAdmin.request(methodOf(key), p, body);
        const raw = JSON.stringify(res.json);
        for (const s of secrets) expect(raw, `${key} leaked ${s}`).not.toContain(s);
        if (row.foreignStatus) expect(res.status, raw).toBe(row.foreignStatus);
        else if (/\[(id|userId)\]/.test(key)) expect(res.status, raw).toBe(404);
        else expect(res.status, raw).toBeLessThan(300);
      });

  for (const [page, row] of Object.entries(PAGES))
    if (row.foreign)
      it(`page ${page}: not found, with none of team A's data`, async () => {
        const res = await fetch(`${baseUrl()}${row.foreign!(ctx)}`, { headers: { cookie: bAdmin.cookie }, redirect: "manual" });
        const html = await res.text();
        expect(res.status).toBe(404);
        for (const s of secrets) expect(html).not.toContain(s);
      });
});

describe("a role below the route's least role", () => {
  for (const [key, row] of Object.entries(ROUTES)) {
    if (!row.least || !row.foreign) continue;
    for (const role of ["REVIEWER", "EDITOR"] as Role[])
      if (RANK[role] < RANK[row.least])
        it(`${role} gets 403 on ${key}`, async () => {
          const { path: p, body } = row.foreign!(ctx);
          const res = await a[role].request(methodOf(key), p, body);
          expect(res.status, JSON.stringify(res.json)).toBe(403);
          expect(res.json.error.code).toBe("FORBIDDEN");
        });
  }
  it("left team A's data as it was", async () => {
    expect(await db.document.count({ where: { id: ctx.docId } })).toBe(1);
    expect(await db.membership.count({ where: { userId: ctx.memberUserId } })).toBe(1);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: ctx.invitationId } })).revokedAt).toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: ctx.tokenId } })).revokedAt).toBeNull();
    expect((await db.teamModel.findUniqueOrThrow({ where: { id: ctx.modelId } })).active).toBe(false);
    expect(await db.assignment.count({ where: { id: ctx.assignmentId } })).toBe(1);
    expect((await db.document.findUniqueOrThrow({ where: { id: ctx.docId } })).approvedAt).toBeNull();
    expect((await db.notification.findUniqueOrThrow({ where: { id: ctx.notificationId } })).readAt).toBeNull();
    expect(await db.secondReview.findUniqueOrThrow({ where: { id: ctx.reviewId }, select: { state: true, _count: { select: { verdicts: true } } } })).toEqual({ state: "OPEN", _count: { verdicts: 0 } });
  });
});

describe("without a session", () => {
  for (const [key, row] of Object.entries(ROUTES))
    if (row.least)
      it(`${key}: 401`, async () => {
        const p = row.foreign ? row.foreign(ctx).path : key.split(" ")[1]!;
        const res = await fetch(`${baseUrl()}${p}`, { method: methodOf(key), headers: { "content-type": "application/json" }, body: methodOf(key) === "GET" ? undefined : "{}" });
        expect(res.status).toBe(401);
      });
  for (const [page, row] of Object.entries(PAGES))
    if (row.least)
      it(`page ${page}: to the sign-in page`, async () => {
        const res = await fetch(`${baseUrl()}${row.foreign ? row.foreign(ctx) : page}`, { redirect: "manual" });
        expect([302, 303, 307]).toContain(res.status);
        expect(res.headers.get("location")).toMatch(/\/signin/);
      });
});

describe("pages for a role", () => {
  it("the audit log page is an admin's only: others get the refusal and no rows", async () => {
    const asReviewer = await (await fetch(`${baseUrl()}/audit`, { headers: { cookie: a.REVIEWER.cookie } })).text();
    expect(asReviewer).toContain("Admins only");
    expect(asReviewer).not.toContain("document.import");
    const asAdmin = await (await fetch(`${baseUrl()}/audit`, { headers: { cookie: a.ADMIN.cookie } })).text();
    expect(asAdmin).not.toContain("Admins only");
    expect(asAdmin).toContain("document.import"); // the editor's import in beforeAll
  });
  it("the agreement page is for editors and admins: a reviewer gets the refusal and no figures", async () => {
    const asReviewer = await (await fetch(`${baseUrl()}/agreement`, { headers: { cookie: a.REVIEWER.cookie } })).text();
    expect(asReviewer).toContain("Editors and admins only");
    expect(asReviewer).not.toContain("Filter the figures");
    const asEditor = await (await fetch(`${baseUrl()}/agreement`, { headers: { cookie: a.EDITOR.cookie } })).text();
    expect(asEditor).not.toContain("Editors and admins only");
    expect(asEditor).toContain("Request a blind second review on a document");
  });
  it("the assistance models page lets admins retrain; others see who can, and no buttons", async () => {
    const asEditor = await (await fetch(`${baseUrl()}/settings/models`, { headers: { cookie: a.EDITOR.cookie } })).text();
    expect(asEditor).toContain("Only an admin");
    expect(asEditor).not.toContain("Retrain from our verdicts");
    const asAdmin = await (await fetch(`${baseUrl()}/settings/models`, { headers: { cookie: a.ADMIN.cookie } })).text();
    expect(asAdmin).not.toContain("Only an admin");
    expect(asAdmin).toContain("Retrain from our verdicts");
  });
});
