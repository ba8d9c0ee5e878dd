// Assignments in Chromium (issue 12, first step): an editor assigns a document from its review page;
// the reviewer finds it in My queue, due first, and opens it. A fresh team of its own.
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
    await textMatching(panel, new RegExp(`Assigned to ${reviewer.name}, due 2030-05-04\\. It is in their queue now\\.`));
    await textMatching(panel.locator("[data-testid=assignee]"), new RegExp(`${reviewer.name} · due 2030-05-04`));
    await page.goto("/queue");
    await textMatching(page.locator("[data-testid=load]"), new RegExp(`${reviewer.name}\\s+1\\s+3\\s+0`));
    await context.close();

    const r = await newPage(browser);
    await signInAs(r.page, reviewer.email, PASSWORD);
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
