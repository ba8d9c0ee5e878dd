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

  it("approves a whole document only when every claim is decided, locks it, and reopens it with a reason", async () => {
    const doc = await importDoc(editor, { title: `Whole ${tag()}`, text: text() });
    const [a, b, c] = doc.claims;
    const approve = () => editor.request("POST", `/api/documents/${doc.id}/approve`);
    expect(expectError(await approve(), 409, "CONFLICT").message).toMatch(/^3 claim\(s\) have no verdict yet/);
    await opinion(a);
    await opinion(b);
    expect((await reviewer.request("POST", `/api/claims/${c.id}/dismiss`, { expectedVersion: 1 })).status).toBe(200);
    expect((await editor.request("POST", `/api/claims/${b.id}/return`, { comment: "Source?", expectedVersion: 2 })).status).toBe(200);
    expect(expectError(await approve(), 409, "CONFLICT").message).toMatch(/^1 verdict\(s\) are returned to their reviewers/);
    expect((await reviewer.request("PUT", `/api/claims/${b.id}/verdict`, { label: "OPINION", reason: "Kept: it is a view", expectedVersion: 3 })).status).toBe(200);
    expectError(await reviewer.request("POST", `/api/documents/${doc.id}/approve`), 403, "FORBIDDEN");

    const ok = await approve();
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json).toMatchObject({ approval: { by: editorName }, claimsApproved: 2 });
    const read = (await reviewer.request("GET", `/api/documents/${doc.id}`)).json.document;
    expect(read.approval).toEqual(ok.json.approval);
    expect(read.claims.filter((x: any) => !x.dismissed).map((x: any) => x.signoff.state)).toEqual(["APPROVED", "APPROVED"]);
    expectError(await approve(), 409, "CONFLICT");

    // Locked: every write to its claims is a 409 that says what to do, and changes nothing.
    const before = await db.claim.findMany({ where: { documentId: doc.id }, orderBy: { id: "asc" } });
    const locked = [
      await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "DISPUTED", rationale: "No.", reason: "Changed my mind", expectedVersion: 3 }),
      await reviewer.request("POST", `/api/claims/${c.id}/restore`, { expectedVersion: 2 }),
      await reviewer.request("POST", `/api/documents/${doc.id}/claims`, { start: 0, end: 10 }),
      await editor.request("PUT", `/api/claims/${a.id}/attribution`, { speaker: "Someone", expectedVersion: 3 }),
      await editor.request("POST", `/api/claims/${a.id}/return`, { comment: "Late", expectedVersion: 3 }),
    ];
    for (const res of locked) expect(expectError(res, 409, "CONFLICT").message).toMatch(new RegExp(`approved by ${editorName} on \\d{4}-\\d{2}-\\d{2} and is locked\\. An editor can reopen it`));
    expect(await db.claim.findMany({ where: { documentId: doc.id }, orderBy: { id: "asc" } })).toEqual(before);

    const reopen = (client: Client, body: unknown) => client.request("POST", `/api/documents/${doc.id}/reopen`, body);
    expect(expectError(await reopen(editor, {}), 422, "INVALID").fields.reason).toMatch(/Say why/);
    expectError(await reopen(reviewer, { reason: "Please" }), 403, "FORBIDDEN");
    expect((await reopen(editor, { reason: "A reader sent a correction" })).json).toEqual({ approval: null });
    const changed = await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "DISPUTED", rationale: "The reader's figures.", reason: "Correction", expectedVersion: 3 });
    expect(changed.json.claim.signoff.state).toBe("PROPOSED");
    const audit = await db.auditEvent.findMany({ where: { teamId, action: { in: ["document.approve", "document.reopen"] }, targetId: String(doc.id) }, orderBy: { id: "asc" } });
    expect(audit.map((x) => [x.action, (x.data as any).reason ?? (x.data as any).claimsApproved])).toEqual([
      ["document.approve", 2],
      ["document.reopen", "A reader sent a correction"],
    ]);
  });

  it("two editors approving while a reviewer writes: one approval, no approved document with an unapproved verdict, no lost write", { timeout: 60_000 }, async () => {
    // A second session of the editor stands for a second editor: two approvals at once.
    const otherEditor = await signIn((await db.user.findFirstOrThrow({ where: { memberships: { some: { teamId, role: "EDITOR" } } } })).email, PASSWORD);
    for (let round = 0; round < 6; round++) {
      const doc = await importDoc(editor, { title: `Race ${round} ${tag()}`, text: text() });
      for (const c of doc.claims) await opinion(c);
      const target = doc.claims[round % 3];
      const [first, second, write] = await Promise.all([
        editor.request("POST", `/api/documents/${doc.id}/approve`),
        otherEditor.request("POST", `/api/documents/${doc.id}/approve`),
        reviewer.request("PUT", `/api/claims/${target.id}/verdict`, { label: "DISPUTED", rationale: "Contradicted.", reason: "Second look", expectedVersion: 2 }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      expect([200, 409]).toContain(write.status);
      const claims = await db.claim.findMany({ where: { documentId: doc.id }, select: { id: true, status: true, signoff: true } });
      expect(claims.every((c) => c.signoff === "APPROVED"), JSON.stringify(claims)).toBe(true);
      // The reviewer's write either landed (and was approved with the document) or was refused: never lost.
      expect(claims.find((c) => c.id === target.id)!.status).toBe(write.status === 200 ? "DISPUTED" : "OPINION");
    }
  });

  it("reverts a claim to an earlier verdict as a new history entry, sources and all", async () => {
    const doc = await importDoc(editor, { title: `Revert ${tag()}`, text: text() });
    const [a, b] = doc.claims;
    const source = { url: "https://budget.example.org/bridge", title: "Budget 2025", quote: "40 million" };
    expect((await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "SOURCED", sources: [source], expectedVersion: 1 })).status).toBe(200);
    expect((await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "DISPUTED", rationale: "52 million, says the audit.", reason: "Audit", expectedVersion: 2 })).status).toBe(200);
    const verdicts = async () => (await reviewer.request("GET", `/api/claims/${a.id}/history`)).json.history.filter((e: any) => e.kind === "VERDICT");
    const [first, second] = await verdicts();

    expect(expectError(await reviewer.request("POST", `/api/claims/${a.id}/revert`, { verdictId: second.id, expectedVersion: 3 }), 409, "CONFLICT").message).toMatch(/already the claim's current one/);
    expect((await opinion(b)).status).toBe(200);
    const otherVerdict = (await reviewer.request("GET", `/api/claims/${b.id}/history`)).json.history.find((e: any) => e.kind === "VERDICT");
    expect(expectError(await reviewer.request("POST", `/api/claims/${a.id}/revert`, { verdictId: otherVerdict.id, expectedVersion: 3 }), 422, "INVALID").fields.verdictId).toMatch(/this claim's own earlier verdicts/);
    expectError(await reviewer.request("POST", `/api/claims/${a.id}/revert`, { verdictId: first.id, expectedVersion: 2 }), 409, "CONFLICT");

    const reverted = await reviewer.request("POST", `/api/claims/${a.id}/revert`, { verdictId: first.id, expectedVersion: 3 });
    expect(reverted.status, JSON.stringify(reverted.json)).toBe(200);
    expect(reverted.json.claim).toMatchObject({ status: "SOURCED", version: 4, signoff: { state: "PROPOSED" } });
    expect(reverted.json.claim.verdict.sources).toEqual([{ ...source, publisher: null, accessedAt: null }]);
    const all = await verdicts();
    expect(all.map((v: any) => [v.label, v.version])).toEqual([
      ["SOURCED", 2],
      ["DISPUTED", 3],
      ["SOURCED", 4],
    ]);
    expect(all[2].reason).toMatch(/^Reverted to the verdict of version 2 \(/);
  });
});
