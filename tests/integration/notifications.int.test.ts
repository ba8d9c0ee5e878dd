// In-app notifications (issue 12): assigned, returned, approved, due soon; read state per member.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, importDoc, tag } from "../helpers/claimdesk";

let editor: Client;
let reviewer: Client;
let outsider: Client;
let editorName: string;
let ids: { editor: number; reviewer: number };

beforeAll(async () => {
  const { members } = await teamWith(["EDITOR", "REVIEWER"]);
  [editor, reviewer] = (await Promise.all(members.map((m) => signIn(m.email, PASSWORD)))) as [Client, Client];
  editorName = members[0]!.name;
  ids = { editor: members[0]!.userId, reviewer: members[1]!.userId };
  outsider = await signIn((await teamWith(["REVIEWER"])).members[0]!.email, PASSWORD);
}, 60_000);

const inbox = async (client: Client) => (await client.request("GET", "/api/notifications")).json;

describe("notifications", () => {
  it("tell a reviewer they were assigned, that it is due, that a verdict was returned and that the document was approved", async () => {
    const title = `Tunnel ${tag()}`;
    const doc = await importDoc(editor, { title, text: `The tunnel cost 12 million euros ${tag()}. It opened in June.` });
    const today = new Date().toISOString().slice(0, 10);
    expect((await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [ids.reviewer, ids.editor], dueOn: today, note: "Costs first" })).status).toBe(201);

    const first = await inbox(reviewer);
    expect(first.unread).toBe(2);
    expect(first.notifications.map((n: any) => [n.kind, n.text, n.documentId, n.read])).toEqual([
      ["DUE_SOON", `“${title}” is due today (${today}); 2 claim(s) still have no verdict.`, doc.id, false],
      ["ASSIGNED", `${editorName} assigned you “${title}”, due ${today}: Costs first`, doc.id, false],
    ]);
    expect((await inbox(reviewer)).notifications).toHaveLength(2); // the due notice is written once per due day
    // Nobody hears of their own action (the editor assigned themself too), and other teams hear nothing.
    expect((await inbox(editor)).notifications.filter((n: any) => n.kind === "ASSIGNED")).toEqual([]);
    expect((await inbox(outsider)).notifications).toEqual([]);

    const [a, b] = doc.claims;
    for (const c of [a, b]) expect((await reviewer.request("PUT", `/api/claims/${c.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    expect((await editor.request("POST", `/api/claims/${a.id}/return`, { comment: "Is the cost not checkable?", expectedVersion: 2 })).status).toBe(200);
    const returned = (await inbox(reviewer)).notifications[0];
    expect(returned).toMatchObject({ kind: "RETURNED", claimId: a.id, text: `${editorName} returned your verdict on “${a.exact}”: Is the cost not checkable?` });

    expect((await reviewer.request("PUT", `/api/claims/${a.id}/verdict`, { label: "DISPUTED", rationale: "14 million.", reason: "Returned", expectedVersion: 3 })).status).toBe(200);
    expect((await editor.request("POST", `/api/documents/${doc.id}/approve`)).status).toBe(200);
    const approved = await inbox(reviewer);
    expect(approved.notifications[0]).toMatchObject({ kind: "APPROVED", text: `${editorName} approved “${title}”: its report can be published, and it is locked.` });
    expect(approved.unread).toBe(4);

    const read = await reviewer.request("POST", "/api/notifications/read", { ids: [approved.notifications[0].id] });
    expect(read.json).toEqual({ unread: 3 });
    // Another team's member cannot mark these read.
    expect((await outsider.request("POST", "/api/notifications/read", { ids: approved.notifications.map((n: any) => n.id) })).json).toEqual({ unread: 0 });
    expect((await inbox(reviewer)).unread).toBe(3);
    expect((await reviewer.request("POST", "/api/notifications/read", {})).json).toEqual({ unread: 0 });
    expect((await inbox(reviewer)).notifications.every((n: any) => n.read)).toBe(true);
  });

  it("refuses bad input", async () => {
    expect(expectError(await reviewer.request("POST", "/api/notifications/read", { ids: "all" }), 422, "INVALID").fields.ids).toMatch(/list of notification ids/);
    expectError(await reviewer.request("POST", "/api/notifications/read", { ids: [0] }), 422, "INVALID");
    expectError(await reviewer.request("POST", "/api/notifications/read", { ids: Array.from({ length: 501 }, (_, i) => i + 1) }), 422, "INVALID");
  });

  it("go with the document", async () => {
    const doc = await importDoc(editor, { title: `Gone ${tag()}`, text: `A sentence to assign ${tag()}.` });
    expect((await editor.request("POST", `/api/documents/${doc.id}/assignments`, { reviewerIds: [ids.reviewer] })).status).toBe(201);
    expect(await db.notification.count({ where: { documentId: doc.id } })).toBe(1);
    // The assignment is in the document's history, which is append-only: deleting it is a purge, as deleteDocument does.
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('claimdesk.purge', 'on', true)`;
      await tx.document.delete({ where: { id: doc.id } });
    });
    expect(await db.notification.count({ where: { documentId: doc.id } })).toBe(0);
  });
});
