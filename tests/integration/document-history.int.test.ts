// A document's own history and its derived state (issue 12, decision 0024): approvals, reopenings,
// assignments given and taken back are DocumentEvent rows written with the change; the state on the
// list and the read follows TO_DO → IN_REVIEW → APPROVED → REOPENED; another team's history is 404.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { baseUrl } from "../helpers/env";
import { createMember } from "@/seeds/factories";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, getDoc, importDoc, tag } from "../helpers/claimdesk";

let editor: Client;
let editor2: Client;
let reviewer: Client;
let outsider: Client;
let admin: Client;
let names: { editor: string; editor2: string; reviewer: string; admin: string };
let reviewerId: number;
let teamId: number;

const text = () => `The bridge cost 40 million euros ${tag()}. It opened in May. Critics called it a vanity project.`;

const history = async (client: Client, id: number) => {
  const res = await client.request("GET", `/api/documents/${id}/history`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.history as { id: number; kind: string; at: string; actor: string | null; reason: string | null; data: any }[];
};
const listed = async (client: Client, id: number) => (await client.request("GET", "/api/documents")).json.documents.find((d: any) => d.id === id);
const stateOf = async (id: number) => {
  const [list, read] = await Promise.all([listed(reviewer, id), getDoc(reviewer, id)]);
  expect(list.state, "the list and the read agree").toBe(read.state);
  return read.state as string;
};

beforeAll(async () => {
  const { team, members } = await teamWith(["EDITOR", "EDITOR", "REVIEWER", "ADMIN"]);
  teamId = team.id;
  [editor, editor2, reviewer, admin] = (await Promise.all(members.map((m) => signIn(m.email, PASSWORD)))) as [Client, Client, Client, Client];
  names = { editor: members[0]!.name, editor2: members[1]!.name, reviewer: members[2]!.name, admin: members[3]!.name };
  reviewerId = members[2]!.userId;
  const other = await teamWith(["ADMIN"]);
  outsider = await signIn(other.members[0]!.email, PASSWORD);
}, 60_000);

describe("a document's history and state", () => {
  it("approve → reopen with a reason → approve again: three events, newest first, with actors and reasons; the state follows", async () => {
    const doc = await importDoc(editor, { title: `History ${tag()}`, text: text() });
    expect(doc.state).toBe("TO_DO"); // the import's own answer
    expect(await stateOf(doc.id)).toBe("TO_DO");
    expect(await history(reviewer, doc.id)).toEqual([]);

    const [a, b, c] = doc.claims;
    expect((await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    expect(await stateOf(doc.id)).toBe("IN_REVIEW");
    for (const x of [b, c]) expect((await reviewer.request("PUT", `/api/claims/${x.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);

    const first = await editor.request("POST", `/api/documents/${doc.id}/approve`);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(await stateOf(doc.id)).toBe("APPROVED");

    const reason = `A reader sent a correction ${tag()}`;
    expect((await editor2.request("POST", `/api/documents/${doc.id}/reopen`, { reason })).status).toBe(200);
    expect(await stateOf(doc.id)).toBe("REOPENED");
    // Reopened stays the state while verdicts change: only a new approval ends it.
    expect((await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "DISPUTED", rationale: "The cost was 52 million.", reason, expectedVersion: 3 })).status).toBe(200);
    expect(await stateOf(doc.id)).toBe("REOPENED");

    const second = await editor2.request("POST", `/api/documents/${doc.id}/approve`);
    expect(second.status, JSON.stringify(second.json)).toBe(200);
    expect(await stateOf(doc.id)).toBe("APPROVED");

    const events = await history(reviewer, doc.id); // any member of the team may read it
    expect(events.map((e) => [e.kind, e.actor, e.reason, e.data])).toEqual([
      ["APPROVED", names.editor2, null, { claimsApproved: 1 }], // only the new verdict was still proposed
      ["REOPENED", names.editor2, reason, {}],
      ["APPROVED", names.editor, null, { claimsApproved: 3 }],
    ]);
    expect(events[0]!.id).toBeGreaterThan(events[1]!.id);
    expect(Date.parse(events[2]!.at)).toBeLessThanOrEqual(Date.parse(events[0]!.at));

    // The printed report's header lists the approvals and the reopening with who, when and why.
    const html = await (await fetch(`${baseUrl()}/documents/${doc.id}/report`, { headers: { cookie: editor.cookie } })).text();
    const approvals = /data-testid="report-approval-history">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
    const lines = [...approvals.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "").replace(/&#x27;|&amp;/g, ""));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain(`Approved by ${names.editor}, `);
    expect(lines[1]).toContain(`Reopened by ${names.editor2}, `);
    expect(lines[1]).toContain(`: ${reason}`);
    expect(lines[2]).toContain(`Approved by ${names.editor2}, `);
    // Without reviewer names, the history stays and the names go.
    const nameless = await (await fetch(`${baseUrl()}/documents/${doc.id}/report?reviewers=0`, { headers: { cookie: editor.cookie } })).text();
    expect(/data-testid="report-approval-history">([\s\S]*?)<\/ol>/.exec(nameless)?.[1]).toContain(reason);
    expect(/data-testid="report-approval-history">([\s\S]*?)<\/ol>/.exec(nameless)?.[1]).not.toContain(names.editor2);

    // The audit log keeps the same actions team-wide.
    const audits = await db.auditEvent.findMany({ where: { teamId, targetId: String(doc.id), action: { in: ["document.approve", "document.reopen"] } }, orderBy: { id: "asc" } });
    expect(audits.map((x) => x.action)).toEqual(["document.approve", "document.reopen", "document.approve"]);
  });

  it("a refused approval or reopening records nothing", async () => {
    const doc = await importDoc(editor, { title: `Refused ${tag()}`, text: text() });
    expectError(await editor.request("POST", `/api/documents/${doc.id}/approve`), 409, "CONFLICT"); // no verdicts yet
    expectError(await editor.request("POST", `/api/documents/${doc.id}/reopen`, { reason: "Nothing to reopen" }), 409, "CONFLICT");
    expectError(await editor.request("POST", `/api/documents/${doc.id}/reopen`, { reason: " " }), 422, "INVALID");
    expectError(await reviewer.request("POST", `/api/documents/${doc.id}/approve`), 403, "FORBIDDEN");
    expect(await history(editor, doc.id)).toEqual([]);
    expect(await db.documentEvent.count({ where: { documentId: doc.id } })).toBe(0);
  });

  it("assigning (the whole document, or claims n to m) and taking an assignment back are events with the reviewer, range and due day", async () => {
    const doc = await importDoc(editor, { title: `Assigned ${tag()}`, text: text() });
    const [, b, c] = doc.claims;
    const whole = await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [reviewerId], dueOn: "2030-12-10" });
    expect(whole.status, JSON.stringify(whole.json)).toBe(201);
    const part = await editor2.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [reviewerId], range: { start: b.start, end: c.end } });
    expect(part.status, JSON.stringify(part.json)).toBe(201);
    const assignmentId = part.json.assignments[0].id;
    expect((await editor.request("DELETE", `/api/assignments/${assignmentId}`)).status).toBe(200);
    // Taking it back twice: the second is 404 and records nothing more.
    expectError(await editor.request("DELETE", `/api/assignments/${assignmentId}`), 404, "NOT_FOUND");

    const events = await history(reviewer, doc.id);
    expect(events.map((e) => [e.kind, e.actor, e.data])).toEqual([
      ["UNASSIGNED", names.editor, { reviewerId, reviewer: names.reviewer }],
      ["ASSIGNED", names.editor2, { reviewerId, reviewer: names.reviewer, range: { start: b.start, end: c.end, first: 2, last: 3 }, dueOn: null }],
      ["ASSIGNED", names.editor, { reviewerId, reviewer: names.reviewer, range: null, dueOn: "2030-12-10" }],
    ]);
    // Assignments do not move the state: nobody has judged a claim yet.
    expect(await stateOf(doc.id)).toBe("TO_DO");
    const audits = await db.auditEvent.findMany({ where: { teamId, targetId: String(doc.id), action: { startsWith: "assignment." } }, orderBy: { id: "asc" } });
    expect(audits.map((x) => x.action)).toEqual(["assignment.create", "assignment.create", "assignment.remove"]);
  });

  it("another team's history is 404, exactly like a document that does not exist", async () => {
    const doc = await importDoc(editor, { title: `Embargoed ${tag()}`, text: text() });
    expect((await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [reviewerId] })).status).toBe(201);
    const foreign = await outsider.request("GET", `/api/documents/${doc.id}/history`);
    expectError(foreign, 404, "NOT_FOUND");
    const missing = await outsider.request("GET", `/api/documents/2147483647/history`);
    expect(foreign.json).toEqual(missing.json);
    expect(JSON.stringify(foreign.json)).not.toContain(names.reviewer);
    expectError(await editor.request("GET", `/api/documents/abc/history`), 404, "NOT_FOUND");
    expect(await listed(outsider, doc.id)).toBeUndefined();
  });

  it("deleting a document takes its (append-only) history with it", async () => {
    const doc = await importDoc(editor, { title: `Deleted ${tag()}`, text: text() });
    expect((await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [reviewerId] })).status).toBe(201);
    expect(await db.documentEvent.count({ where: { documentId: doc.id } })).toBe(1);
    // Outside the purge, the history refuses to be rewritten.
    await expect(db.documentEvent.deleteMany({ where: { documentId: doc.id } })).rejects.toThrow(/append-only/);
    expect((await admin.request("DELETE", `/api/documents/${doc.id}`)).status).toBe(200);
    expect(await db.documentEvent.count({ where: { documentId: doc.id } })).toBe(0);
    expectError(await editor.request("GET", `/api/documents/${doc.id}/history`), 404, "NOT_FOUND");
  });

  it("removing a member from the team records the end of their assignments in each document's history", async () => {
    const leaver = await createMember(await db.team.findUniqueOrThrow({ where: { id: teamId } }), { email: `leaver-${tag()}@example.test`, name: `Leaver ${tag()}`, password: PASSWORD, role: "REVIEWER" });
    const doc = await importDoc(editor, { title: `Leaver ${tag()}`, text: text() });
    expect((await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [leaver.userId] })).status).toBe(201);
    expect((await admin.request("DELETE", `/api/team/members/${leaver.userId}`)).status).toBe(200);
    expect(await db.assignment.count({ where: { documentId: doc.id } })).toBe(0);
    const [latest] = await history(editor, doc.id);
    expect(latest).toMatchObject({ kind: "UNASSIGNED", actor: names.admin, data: { reviewerId: leaver.userId, reviewer: leaver.name, memberRemoved: true } });
  });

  it("reads a second review in progress from the database: IN_SECOND_REVIEW, then IN_ADJUDICATION, then back to the claims once done", async () => {
    const doc = await importDoc(editor, { title: `Second ${tag()}`, text: text() });
    const [a] = doc.claims;
    expect((await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    // The second review's own routes are built elsewhere; the state only reads the row.
    const review = await db.secondReview.create({ data: { teamId, documentId: doc.id, reviewerId, percent: 100, claimIds: [a.id] } });
    expect(await stateOf(doc.id)).toBe("IN_SECOND_REVIEW");
    await db.secondReview.update({ where: { id: review.id }, data: { state: "ADJUDICATION", submittedAt: new Date() } });
    expect(await stateOf(doc.id)).toBe("IN_ADJUDICATION");
    await db.secondReview.update({ where: { id: review.id }, data: { state: "DONE", closedAt: new Date() } });
    expect(await stateOf(doc.id)).toBe("IN_REVIEW");
  });
});
