// Blind second review in Chromium (issue 12): an editor requests one from the review page; the
// second reviewer finds it in My queue, sees no first verdict, judges from the keyboard and
// submits; the editor settles the disagreement in the adjudication queue, and the claim's verdict
// is the adjudicated one. A fresh team of its own.
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
let second: Member;
let doc: { id: number; title: string; claims: { id: number; version: number }[] };
const secret = `FirstRationale${tag()}`;

beforeAll(async () => {
  ({ browser, close } = await launch());
  const { members } = await teamWith(["EDITOR", "REVIEWER", "REVIEWER"]);
  [editor, , second] = members as [Member, Member, Member];
  const api = await signIn(editor.email, PASSWORD);
  const first = await signIn(members[1]!.email, PASSWORD);
  doc = await importDoc(api, { title: `Ferry fares ${tag()}`, text: `The ferry fare rose to nine euros in May ${tag()}. The port handles two million passengers a year ${tag()}.` });
  for (const c of doc.claims) {
    const res = await first.request("PUT", `/api/claims/${c.id}/verdict`, { label: "DISPUTED", rationale: `${secret} says otherwise`, expectedVersion: c.version });
    expect(res.status).toBe(200);
  }
}, 60_000);
afterAll(async () => {
  await close?.();
});

describe("blind second review", () => {
  it("is requested, worked blind from the keyboard, submitted, and its disagreement adjudicated", async () => {
    const e = await newPage(browser);
    await signInAs(e.page, editor.email, PASSWORD);
    await e.page.goto(`/documents/${doc.id}`);
    const panel = e.page.getByTestId("second-review");
    await panel.locator("summary").click();
    await panel.getByLabel("Second reviewer").selectOption({ label: second.name });
    await panel.getByRole("button", { name: "Request blind second review" }).click();
    await textMatching(panel.getByTestId("second-review-row"), new RegExp(`${second.name}: 2 claim\\(s\\) \\(100 %\\), in progress \\(blind\\) · 0/2 judged`));

    const r = await newPage(browser);
    await signInAs(r.page, second.email, PASSWORD);
    await r.page.goto("/queue");
    await r.page.getByTestId("queue-second-reviews").getByRole("link", { name: doc.title }).click();
    await r.page.waitForSelector("[data-testid=blind-review]");
    expect(await r.page.content()).not.toContain(secret);
    await textMatching(r.page.getByTestId("blind-progress"), /0 of 2 judged/);
    // Claim 1: Opinion (3), saved with Ctrl+Enter; claim 2: Disputed (2) with a rationale, agreeing.
    await r.page.keyboard.press("3");
    await r.page.keyboard.press("Control+Enter");
    await textMatching(r.page.getByTestId("blind-progress"), /1 of 2 judged/);
    await r.page.keyboard.press("2");
    await r.page.waitForFunction(() => document.activeElement?.id === "blind-rationale");
    await r.page.keyboard.type("The port authority reports 1.4 million");
    await r.page.keyboard.press("Control+Enter");
    await textMatching(r.page.getByTestId("blind-progress"), /2 of 2 judged/);
    await r.page.screenshot({ path: "/tmp/claimdesk-blind-review.png" });
    await r.page.getByRole("button", { name: /Submit second review/ }).click();
    await textMatching(r.page.getByTestId("blind-submitted"), /1 of your verdicts differ from the first ones/);
    expect(r.pageErrors).toEqual([]);

    await e.page.goto("/adjudication");
    const item = e.page.getByTestId("adjudication-item");
    expect(await item.count()).toBe(1);
    await textMatching(item, new RegExp(`${secret} says otherwise`)); // the first verdict, beside the second
    await textMatching(item, /Second verdict · .*Opinion/s);
    await e.page.screenshot({ path: "/tmp/claimdesk-adjudication.png", fullPage: true });
    await item.getByLabel("Take the second").check();
    await item.getByLabel(/Reason/).fill("A forecast, not a fact");
    await item.getByRole("button", { name: "Adjudicate" }).click();
    await textMatching(item, /Adjudicated: the claim is now Opinion\./);
    await e.page.goto("/adjudication");
    await e.page.waitForSelector("[data-testid=adjudication-empty]");
    await e.page.goto(`/documents/${doc.id}`);
    await e.page.getByTestId("second-review").locator("summary").click(); // closed: none in progress
    await textMatching(e.page.getByTestId("second-review"), /done · 2\/2 judged · 1 disagreement\(s\), 1 adjudicated/);
    expect(e.pageErrors).toEqual([]);
  }, 120_000);
});
