// Editors assign documents to reviewers; each member's queue lists what is assigned to them, soonest
// due first, with progress; editors also see every reviewer's load (issue 12, first step).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, importDoc, tag } from "../helpers/claimdesk";

let editor: Client;
let reviewer: Client;
let second: Client;
let admin: Client;
let ids: { editor: number; reviewer: number; second: number; admin: number };
let teamId: number;
let outsiderId: number;

const text = () => `The bridge cost 40 million euros ${tag()}. It opened in May. Critics called it a vanity project.`;

beforeAll(async () => {
  const { team, members } = await teamWith(["EDITOR", "REVIEWER", "REVIEWER", "ADMIN"]);
  teamId = team.id;
  [editor, reviewer, second, admin] = (await Promise.all(members.map((m) => signIn(m.email, PASSWORD)))) as [Client, Client, Client, Client];
  ids = { editor: members[0]!.userId, reviewer: members[1]!.userId, second: members[2]!.userId, admin: members[3]!.userId };
  outsiderId = (await teamWith(["REVIEWER"])).members[0]!.userId;
}, 60_000);

describe("assigning a document", () => {
  it("assigns to reviewers with a due day and note, lists them in each queue by due date with progress, and shows editors the load", async () => {
    const later = await importDoc(editor, { title: `Later ${tag()}`, text: text() });
    const sooner = await importDoc(editor, { title: `Sooner ${tag()}`, text: text() });
    const res = await editor.request("POST", `/api/documents/${later.id}/assignments`, { reviewerIds: [ids.reviewer, ids.second], dueOn: "2030-06-02", note: "Figures first" });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.assignments.map((a: any) => [a.reviewer.userId, a.dueOn, a.note])).toEqual([
      [ids.reviewer, "2030-06-02", "Figures first"],
      [ids.second, "2030-06-02", "Figures first"],
    ]);
    expect((await editor.request("POST", `/api/documents/${sooner.id}/assignments`, { reviewerIds: [ids.reviewer], dueOn: "2020-01-15" })).status).toBe(201);
    // One verdict on the later document: its progress moves for everyone assigned to it.
    expect((await reviewer.request("PUT", `/api/claims/${later.claims[0].id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);

    const mine = await reviewer.request("GET", "/api/queue");
    expect(mine.status).toBe(200);
    expect(mine.json.load).toBeNull(); // a reviewer sees their own queue only
    expect(mine.json.assignments.map((a: any) => a.document.id)).toEqual([sooner.id, later.id]);
    expect(mine.json.assignments[1]).toMatchObject({ assignedBy: expect.stringContaining("EDITOR"), dueOn: "2030-06-02", progress: { reviewed: 1, total: 3 } });
    expect((await second.request("GET", "/api/queue")).json.assignments.map((a: any) => a.document.id)).toEqual([later.id]);

    const load = (await editor.request("GET", "/api/queue")).json.load;
    expect(load.find((l: any) => l.userId === ids.reviewer)).toMatchObject({ assignments: 2, open: 5, overdue: 1 });
    expect(load.find((l: any) => l.userId === ids.second)).toMatchObject({ assignments: 1, open: 2, overdue: 0 });

    // Assigning again changes the due day and note; it never duplicates.
    const again = await editor.request("POST", `/api/documents/${later.id}/assignments`, { reviewerIds: [ids.second], dueOn: "2030-07-01" });
    expect(again.json.assignments.map((a: any) => [a.reviewer.userId, a.dueOn, a.note])).toEqual([
      [ids.reviewer, "2030-06-02", "Figures first"],
      [ids.second, "2030-07-01", null],
    ]);
    expect(await db.assignment.count({ where: { documentId: later.id } })).toBe(2);
    expect((await reviewer.request("GET", `/api/documents/${later.id}/assignments`)).json.assignments).toHaveLength(2);

    const [first] = again.json.assignments;
    expect((await editor.request("DELETE", `/api/assignments/${first.id}`)).status).toBe(200);
    expect((await reviewer.request("GET", "/api/queue")).json.assignments.map((a: any) => a.document.id)).toEqual([sooner.id]);
    expectError(await editor.request("DELETE", `/api/assignments/${first.id}`), 404, "NOT_FOUND");
    const actions = await db.auditEvent.findMany({ where: { teamId, action: { startsWith: "assignment." } }, orderBy: { id: "asc" } });
    expect(actions.map((a) => a.action)).toEqual(["assignment.create", "assignment.create", "assignment.create", "assignment.remove"]);
  });

  it("refuses bad input with what to do, and stores nothing", async () => {
    const doc = await importDoc(editor, { title: `Bad ${tag()}`, text: text() });
    const post = (body: unknown) => editor.request("POST", `/api/documents/${doc.id}/assignments`, body);
    expect(expectError(await post({ reviewerIds: [] }), 422, "INVALID").fields.reviewerIds).toMatch(/Choose at least one reviewer/);
    expect(expectError(await post({ reviewerIds: [outsiderId] }), 422, "INVALID").fields.reviewerIds).toMatch(new RegExp(`No member of this team has the user id ${outsiderId}`));
    expect(expectError(await post({ reviewerIds: [2 ** 31] }), 422, "INVALID").fields).toHaveProperty(["reviewerIds.0"]);
    expect(expectError(await post({ reviewerIds: [ids.reviewer], dueOn: "0000-01-01" }), 422, "INVALID").fields.dueOn).toMatch(/YYYY-MM-DD|between/);
    expect(expectError(await post({ reviewerIds: [ids.reviewer], dueOn: "2026-02-30" }), 422, "INVALID").fields.dueOn).toMatch(/real date/);
    expect(expectError(await post({ reviewerIds: [ids.reviewer], note: "x".repeat(2_001) }), 422, "INVALID").fields.note).toMatch(/too long/);
    expect(expectError(await post({ reviewerIds: "everyone" }), 422, "INVALID").fields.reviewerIds).toMatch(/list of the user ids/);
    expectError(await reviewer.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [ids.reviewer] }), 403, "FORBIDDEN");
    expect(await db.assignment.count({ where: { documentId: doc.id } })).toBe(0);
  });

  it("goes with the member who leaves the team and with the document", async () => {
    const doc = await importDoc(editor, { title: `Leaving ${tag()}`, text: text() });
    expect((await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [ids.second, ids.reviewer] })).status).toBe(201);
    expect((await admin.request("DELETE", `/api/team/members/${ids.second}`)).status).toBe(200);
    expect(await db.assignment.findMany({ where: { documentId: doc.id }, select: { reviewerId: true } })).toEqual([{ reviewerId: ids.reviewer }]);
    expect((await admin.request("DELETE", `/api/documents/${doc.id}`)).status).toBe(200);
    expect(await db.assignment.count({ where: { documentId: doc.id } })).toBe(0);
  });

  it("assigns a range of the claims, counts progress inside it, and refuses a range off the text", async () => {
    const doc = await importDoc(editor, { title: `Range ${tag()}`, text: text() });
    const [a, b, c] = doc.claims;
    const res = await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [ids.reviewer], range: { start: b.start, end: c.end } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.assignments[0]).toMatchObject({ range: { start: b.start, end: c.end }, progress: { total: 2, reviewed: 0 } });
    // A verdict outside the range does not move it; one inside does.
    expect((await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    expect((await reviewer.request("PUT", `/api/claims/${c.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    const mine = (await reviewer.request("GET", "/api/queue")).json.assignments.find((x: any) => x.document.id === doc.id);
    expect(mine.progress).toMatchObject({ total: 2, reviewed: 1 });
    const notice = (await reviewer.request("GET", "/api/notifications")).json.notifications.find((n: any) => n.documentId === doc.id);
    expect(notice.text).toMatch(/assigned you part of “Range /);

    const post = (range: unknown) => editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [ids.admin], range });
    expect(expectError(await post({ start: 5, end: 5 }), 422, "INVALID").fields["range.end"]).toMatch(/after range.start/);
    expect(expectError(await post({ start: 0, end: 10_000 }), 422, "INVALID").fields["range.end"]).toMatch(/past the end of the text/);
    expectError(await post({ start: -1, end: 4 }), 422, "INVALID");
    expectError(await post("all"), 422, "INVALID");
    expect(await db.assignment.count({ where: { documentId: doc.id, reviewerId: ids.admin } })).toBe(0);
  });
});
