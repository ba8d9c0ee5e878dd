// Editor sign-off (issue 12): a verdict is PROPOSED until an editor approves it or returns it with a
// comment; a new verdict is PROPOSED again; returned verdicts come first in the reviewer's queue.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, importDoc, tag } from "../helpers/claimdesk";

let editor: Client;
let reviewer: Client;
let editorName: string;
let reviewerId: number;
let teamId: number;

const text = () => `The bridge cost 40 million euros ${tag()}. It opened in May. Critics called it a vanity project.`;
const opinion = (c: { id: number; version: number }) => reviewer.request("PUT", `/api/claims/${c.id}/verdict`, { label: "OPINION", expectedVersion: c.version });

beforeAll(async () => {
  const { team, members } = await teamWith(["EDITOR", "REVIEWER"]);
  teamId = team.id;
  [editor, reviewer] = (await Promise.all(members.map((m) => signIn(m.email, PASSWORD)))) as [Client, Client];
  editorName = members[0]!.name;
  reviewerId = members[1]!.userId;
}, 60_000);

describe("editor sign-off", () => {
  it("approves a proposed verdict, returns one with a comment, and a new verdict is proposed again", async () => {
    const doc = await importDoc(editor, { title: `Sign-off ${tag()}`, text: text() });
    const [a, b, c] = doc.claims;
    expect(a.signoff).toBeNull(); // no verdict, nothing to sign off
    const judged = await opinion(a);
    expect(judged.json.claim.signoff).toEqual({ state: "PROPOSED", by: null, at: null, note: null });
    expectError(await reviewer.request("POST", `/api/claims/${a.id}/approve`, { expectedVersion: 2 }), 403, "FORBIDDEN");
    // The editor approves what they saw: a stale version is a 409 with the current claim.
    expect(expectError(await editor.request("POST", `/api/claims/${a.id}/approve`, { expectedVersion: 1 }), 409, "CONFLICT").current.version).toBe(2);

    const approved = await editor.request("POST", `/api/claims/${a.id}/approve`, { expectedVersion: 2 });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json.claim).toMatchObject({ version: 3, status: "OPINION", signoff: { state: "APPROVED", by: editorName, note: null } });
    expect(Date.parse(approved.json.claim.signoff.at)).toBeGreaterThan(Date.now() - 60_000);

    await opinion(b);
    expect(expectError(await editor.request("POST", `/api/claims/${b.id}/return`, { comment: "  ", expectedVersion: 2 }), 422, "INVALID").fields.comment).toMatch(/needs a comment/);
    const returned = await editor.request("POST", `/api/claims/${b.id}/return`, { comment: "Is this not a checkable cost figure?", expectedVersion: 2 });
    expect(returned.json.claim.signoff).toMatchObject({ state: "RETURNED", by: editorName, note: "Is this not a checkable cost figure?" });
    const history = (await reviewer.request("GET", `/api/claims/${b.id}/history`)).json.history;
    expect(history.slice(-1)[0]).toMatchObject({ kind: "RETURNED", version: 3, reason: "Is this not a checkable cost figure?" });

    // The reviewer answers with a new verdict: proposed again, the return kept in history only.
    const again = await reviewer.request("PUT", `/api/claims/${b.id}/verdict`, { label: "DISPUTED", rationale: "The cost was 52 million.", reason: "Returned by the editor", expectedVersion: 3 });
    expect(again.json.claim.signoff).toEqual({ state: "PROPOSED", by: null, at: null, note: null });
    expect(await db.claim.findUniqueOrThrow({ where: { id: b.id }, select: { signoffNote: true, signoffById: true } })).toEqual({ signoffNote: null, signoffById: null });

    expect(expectError(await editor.request("POST", `/api/claims/${c.id}/approve`, { expectedVersion: 1 }), 409, "CONFLICT").message).toMatch(/no verdict yet/);
    const audits = await db.auditEvent.findMany({ where: { teamId, action: { in: ["verdict.approve", "verdict.return"] } }, orderBy: { id: "asc" } });
    expect(audits.map((x) => [x.action, x.targetId])).toEqual([
      ["verdict.approve", String(a.id)],
      ["verdict.return", String(b.id)],
    ]);
  });

  it("puts documents with verdicts returned to the reviewer first in their queue", async () => {
    const soon = await importDoc(editor, { title: `Soon ${tag()}`, text: text() });
    const late = await importDoc(editor, { title: `Late ${tag()}`, text: text() });
    for (const [doc, dueOn] of [[soon, "2030-01-01"], [late, "2030-12-31"]] as const)
      expect((await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [reviewerId], dueOn })).status).toBe(201);
    const queued = async () => (await reviewer.request("GET", "/api/queue")).json.assignments.filter((x: any) => [soon.id, late.id].includes(x.document.id));
    expect((await queued()).map((x: any) => [x.document.id, x.returned])).toEqual([
      [soon.id, 0],
      [late.id, 0],
    ]);
    const claim = late.claims[0];
    await opinion(claim);
    expect((await editor.request("POST", `/api/claims/${claim.id}/return`, { comment: "Check the figure", expectedVersion: 2 })).status).toBe(200);
    expect((await queued()).map((x: any) => [x.document.id, x.returned])).toEqual([
      [late.id, 1],
      [soon.id, 0],
    ]);
  });
});
