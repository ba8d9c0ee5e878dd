// The editorial workflow in Chromium (issue 12): an editor assigns a document from its review page;
// the reviewer finds it in My queue and works it; the editor approves one verdict and returns
// another from the keyboard; the reviewer sees the returned one first; the document's state and
// history follow its approval and reopening. A fresh team of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn } from "../helpers/http";
import { importDoc, tag } from "../helpers/claimdesk";
import type { Member } from "@/lib/server/session";
import { launch, newPage, signInAs, textMatching } from "./browser";

let browser: Browser;
let close: () => Promise<void>;
let editor: Member;
let reviewer: Member;
let doc: { id: number; title: string };

beforeAll(async () => {
  ({ browser, close } = await launch());
  const { members } = await teamWith(["EDITOR", "REVIEWER"]);
  [editor, reviewer] = members as [Member, Member];
  const api = await signIn(editor.email, PASSWORD);
  doc = await importDoc(api, { title: `Bridge costs ${tag()}`, text: `The bridge cost 40 million euros ${tag()}. It opened in May. Critics called it a vanity project.` });
}, 60_000);
afterAll(async () => {
  await close?.();
});

describe("assignments", () => {
  it("an editor assigns a document with a due day and note; the reviewer finds it in My queue and opens it", async () => {
    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, editor.email, PASSWORD);
    await page.goto(`/documents/${doc.id}`);
    const panel = page.locator("[data-testid=assignments]");
    await textMatching(panel, /Assigned to:\s*nobody yet/);
    await panel.getByText("Assign…").click();
    await panel.getByLabel(new RegExp(reviewer.name)).check();
    await page.fill("#assign-due", "2030-05-04");
    await page.fill("#assign-note", "The cost figure first");
    await page.screenshot({ path: "/tmp/claimdesk-assign.png" });
    await panel.getByRole("button", { name: "Assign", exact: true }).click();
    await textMatching(panel, new RegExp(`Assigned the document to ${reviewer.name}, due 2030-05-04\\. It is in their queue now\\.`));
    await textMatching(panel.locator("[data-testid=assignee]"), new RegExp(`${reviewer.name} · due 2030-05-04`));
    await page.goto("/queue");
    await textMatching(page.locator("[data-testid=load]"), new RegExp(`${reviewer.name}\\s+1\\s+3\\s+0`));
    await context.close();

    const r = await newPage(browser);
    await signInAs(r.page, reviewer.email, PASSWORD);
    // The bell says one thing is new; the notifications page says what, and leads to the document.
    await r.page.waitForSelector('[data-testid=bell][aria-label="Notifications: 1 unread"]');
    await r.page.getByTestId("bell").click();
    await r.page.waitForURL("**/notifications");
    await textMatching(r.page.locator("[data-testid=notification]"), new RegExp(`${editor.name} assigned you “${doc.title}”, due 2030-05-04: The cost figure first`));
    await r.page.screenshot({ path: "/tmp/claimdesk-notifications.png" });
    await r.page.getByRole("button", { name: "Mark all read" }).click();
    await textMatching(r.page.locator("main"), /All read\./);
    await r.page.getByRole("link", { name: "My queue" }).click();
    await r.page.waitForURL("**/queue");
    const item = r.page.locator("[data-testid=queue-item]");
    await textMatching(item, /The cost figure first/);
    expect(await item.innerText()).toMatch(/due 2030-05-04[\s\S]*0 of 3 reviewed/);
    expect(await r.page.locator("[data-testid=load]").count()).toBe(0); // a reviewer sees no one else's load
    await r.page.screenshot({ path: "/tmp/claimdesk-queue.png", fullPage: true });
    await item.getByRole("link", { name: doc.title }).click();
    await r.page.waitForURL(`**/documents/${doc.id}`);
    await textMatching(r.page.locator("[data-testid=assignments]"), new RegExp(`Assigned to:\\s*${reviewer.name}`));
    // Reviewers see who is assigned, and cannot change it.
    expect(await r.page.getByText("Assign…").count()).toBe(0);
    expect(pageErrors.concat(r.pageErrors)).toEqual([]);
    await r.context.close();
  });
});

describe("assigning part of a document", () => {
  it("assigns claims 2 to 3 by their numbers; a first claim past the last is refused with the range to use", async () => {
    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, editor.email, PASSWORD);
    await page.goto(`/documents/${doc.id}`);
    const panel = page.locator("[data-testid=assignments]");
    await panel.getByText("Assign…").click();
    await panel.getByLabel(new RegExp(editor.name)).check();
    await page.fill("#assign-from", "3");
    await page.fill("#assign-to", "2");
    await panel.getByRole("button", { name: "Assign", exact: true }).click();
    await textMatching(page.locator("#assign-range-error"), /Claims run from 1 to 3: give a first claim no greater than the last/);
    await page.fill("#assign-from", "2");
    await page.fill("#assign-to", "3");
    await panel.getByRole("button", { name: "Assign", exact: true }).click();
    await textMatching(panel, new RegExp(`Assigned claims 2–3 to ${editor.name}\\.`));
    await textMatching(panel.locator("[data-testid=assignee]", { hasText: editor.name }), /· claims 2–3/);
    // Editors may assign themselves; their queue shows the part.
    await page.goto("/queue");
    await textMatching(page.locator("[data-testid=queue-item]", { hasText: doc.title }), /Part of the document: 2 claim\(s\) assigned to you/);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("editor sign-off", () => {
  it("an editor approves with Shift+A and returns with Shift+R and a comment; the reviewer sees it returned first", async () => {
    const api = await signIn(reviewer.email, PASSWORD);
    const current = (await api.request("GET", `/api/documents/${doc.id}`)).json.document;
    const [first, second] = current.claims;
    for (const c of [first, second]) expect((await api.request("PUT", `/api/claims/${c.id}/verdict`, { label: "OPINION", expectedVersion: c.version })).status).toBe(200);

    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, editor.email, PASSWORD);
    await page.goto(`/documents/${doc.id}`);
    await page.locator(`[data-testid=article] mark[data-claim="${first.id}"]`).first().click();
    const signoff = page.locator("[data-testid=signoff]");
    await textMatching(signoff, /Proposed: awaiting an editor’s sign-off/);
    await page.keyboard.press("Shift+A");
    await textMatching(signoff, new RegExp(`Approved by ${editor.name}`));
    await textMatching(page.locator("[data-testid=status]"), new RegExp(`Approved the verdict of claim #${first.id}`));

    await page.locator(`[data-testid=article] mark[data-claim="${second.id}"]`).first().click();
    await textMatching(signoff, /Proposed/);
    await page.keyboard.press("Shift+R");
    await page.waitForFunction(() => document.activeElement?.id === "f-return");
    await page.keyboard.type("Is this a checkable fact rather than an opinion?");
    await page.keyboard.press("Control+Enter");
    await textMatching(signoff, new RegExp(`Returned by ${editor.name}.*: Is this a checkable fact rather than an opinion\?`));
    await page.screenshot({ path: "/tmp/claimdesk-signoff.png" });
    // Saving the return did not also save the (untouched) verdict form.
    expect((await api.request("GET", `/api/claims/${second.id}/history`)).json.history.filter((e: any) => e.kind === "VERDICT")).toHaveLength(1);
    await context.close();

    const r = await newPage(browser);
    await signInAs(r.page, reviewer.email, PASSWORD);
    await r.page.goto("/queue");
    await textMatching(r.page.locator("[data-testid=queue-item]").first(), /↩ 1 returned to you/);
    await r.page.locator("[data-testid=queue-item]").first().getByRole("link").click();
    await textMatching(r.page.locator(`[data-claim-item="${second.id}"]`), /returned/);
    expect(pageErrors.concat(r.pageErrors)).toEqual([]);
    await r.context.close();
  });
});

describe("approving the document", () => {
  it("an editor approves the whole document; it is locked, the page says so instead of offering a verdict, and the report shows the approval", async () => {
    const api = await signIn(reviewer.email, PASSWORD);
    const current = (await api.request("GET", `/api/documents/${doc.id}`)).json.document;
    for (const c of current.claims.filter((x: any) => x.status === "UNREVIEWED" || x.signoff?.state === "RETURNED"))
      expect((await api.request("PUT", `/api/claims/${c.id}/verdict`, { label: "OPINION", expectedVersion: c.version, ...(c.verdict ? { reason: "Answering the editor" } : {}) })).status).toBe(200);

    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, editor.email, PASSWORD);
    await page.goto(`/documents/${doc.id}`);
    await page.getByRole("button", { name: "Approve document" }).click();
    await textMatching(page.locator("[data-testid=approval]"), new RegExp(`Approved by ${editor.name}.*Locked`));
    const claim = current.claims[2];
    await page.locator(`[data-testid=article] mark[data-claim="${claim.id}"]`).first().click();
    await textMatching(page.locator("[data-testid=signoff]"), /Approved by/);
    // Locked: no verdict form, and the keys that would change a claim say why instead.
    await textMatching(page.locator("[data-testid=locked]"), new RegExp(`Approved by ${editor.name}: this document is locked\\. Reopen it`));
    expect(await page.getByRole("form", { name: "Verdict" }).count()).toBe(0);
    await page.keyboard.press("2");
    await textMatching(page.locator("[data-testid=status]"), /this document is locked/);
    await page.screenshot({ path: "/tmp/claimdesk-approved.png" });
    await page.goto(`/documents/${doc.id}/report`);
    await textMatching(page.locator("[data-testid=report-approval]"), new RegExp(`Approved by ${editor.name}`));
    await textMatching(page.locator("[data-testid=report-approval-history]"), new RegExp(`Approved by ${editor.name}, `));
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("the state badge and the Document history panel follow an approval and a reopening with its reason", async () => {
    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, editor.email, PASSWORD);
    await page.goto(`/documents/${doc.id}`);
    await textMatching(page.locator(".review-title [data-testid=document-state]"), /Approved/);
    await page.getByRole("button", { name: "Reopen…" }).click();
    await page.fill("#reopen-reason", "A reader sent a correction");
    await page.getByRole("button", { name: "Reopen", exact: true }).click();
    await textMatching(page.locator(".review-title [data-testid=document-state]"), /Reopened/);
    const panel = page.locator("[data-testid=document-history]");
    await panel.locator("summary").click();
    const events = panel.locator("[data-testid=document-event]");
    await textMatching(events.nth(0), new RegExp(`${editor.name} reopened it: A reader sent a correction`));
    await textMatching(events.nth(1), new RegExp(`${editor.name} approved the document \\(\\d+ verdicts? signed off with it\\)`));
    // The assignments of the first tests are there too, oldest last.
    await textMatching(events.last(), new RegExp(`${editor.name} assigned it to ${reviewer.name}, due 2030-05-04`));
    await page.screenshot({ path: "/tmp/claimdesk-document-history.png" });
    await page.goto(`/documents/${doc.id}/report`);
    await textMatching(page.locator("[data-testid=report-approval-history]"), new RegExp(`Reopened by ${editor.name}, .*: A reader sent a correction`));
    await page.screenshot({ path: "/tmp/claimdesk-report-approvals.png" });
    await page.goto("/documents");
    await textMatching(page.locator("tr", { hasText: doc.title }).locator("[data-testid=document-state]"), /Reopened/);
    await page.screenshot({ path: "/tmp/claimdesk-documents-state.png" });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("reverting a verdict", () => {
  it("z records the verdict before the current one again, as a new history entry", async () => {
    const api = await signIn(reviewer.email, PASSWORD);
    const other = await importDoc(await signIn(editor.email, PASSWORD), { title: `Revert ${tag()}`, text: `The tunnel cost 12 million euros ${tag()}. It opened in June.` });
    const claim = other.claims[0];
    expect((await api.request("PUT", `/api/claims/${claim.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    expect((await api.request("PUT", `/api/claims/${claim.id}/verdict`, { label: "DISPUTED", rationale: "The audit says 15 million.", reason: "Audit", expectedVersion: 2 })).status).toBe(200);

    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, reviewer.email, PASSWORD);
    await page.goto(`/documents/${other.id}`);
    await page.locator(`[data-testid=article] mark[data-claim="${claim.id}"]`).first().click();
    await textMatching(page.locator(".history"), /Revert to this z/);
    await page.keyboard.press("z");
    await textMatching(page.locator("[data-testid=status]"), new RegExp(`Claim #${claim.id} is back to its earlier verdict: Opinion \\(a new history entry, v4\\)`));
    await textMatching(page.locator("#panel-heading"), /Opinion\s+v4/);
    await textMatching(page.locator(".history li").first(), /OPINION by .*v4/);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
