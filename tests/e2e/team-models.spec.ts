// A team's own assistance models in Chromium (issue 11, decision 0019): a reviewer says "wrong
// hint" with one key, and an admin retrains the opinion model from the team's verdicts, compares
// before and after, uses it and switches back. A fresh team of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn } from "../helpers/http";
import { importDoc, tag } from "../helpers/claimdesk";
import { houseArticle, labelHouseArticle } from "../helpers/team-labels";
import type { Member } from "@/lib/server/session";
import { launch, newPage, signInAs, textMatching } from "./browser";

let browser: Browser;
let close: () => Promise<void>;
let admin: Member;
let reviewer: Member;
let open: { id: number; claims: { id: number; hints: { subjective: boolean } | null }[] };

beforeAll(async () => {
  ({ browser, close } = await launch());
  const { members } = await teamWith(["ADMIN", "REVIEWER"]);
  [admin, reviewer] = members as [Member, Member];
  const [adminApi, reviewerApi] = await Promise.all([signIn(admin.email, PASSWORD), signIn(reviewer.email, PASSWORD)]);
  for (let round = 1; round <= 4; round++) await labelHouseArticle(reviewerApi, await importDoc(adminApi, { title: `Council ${round} ${tag()}`, text: houseArticle(round) }));
  open = await importDoc(adminApi, { title: `Council, open ${tag()}`, text: houseArticle(5) });
}, 120_000);
afterAll(async () => {
  await close?.();
});

describe("wrong hint", () => {
  it("w marks the opinion hint wrong, u takes it back, and the mark is kept after a reload", async () => {
    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, reviewer.email, PASSWORD);
    const claim = open.claims.find((c) => c.hints?.subjective)!;
    expect(claim, "the open article needs a claim hinted as opinion").toBeTruthy();
    await page.goto(`/documents/${open.id}`);
    await page.locator(`[data-testid=article] mark[data-claim="${claim.id}"]`).first().click();
    await textMatching(page.locator("#panel-heading"), new RegExp(`Claim #${claim.id}`));
    const hint = page.locator("[data-testid=opinion-hint]");
    await textMatching(hint, /Reads as opinion \(\d{1,2}%\)/);
    await textMatching(page.locator(".history"), /Found by sentence segmentation/); // the panel has settled

    await page.keyboard.press("w");
    await textMatching(page.locator("[data-testid=status]"), new RegExp(`Marked the opinion hint of claim #${claim.id} wrong.*Press w again`));
    await textMatching(page.locator("[data-testid=wrong-subjectivity]"), /Marked wrong: a label for your team’s opinion model/);
    await page.keyboard.press("u");
    await textMatching(page.locator("[data-testid=status]"), /no longer marked wrong/);
    await expect(hint.getByRole("button", { name: /Wrong hint/ }).count()).resolves.toBe(1);

    await page.keyboard.press("w");
    await textMatching(page.locator("[data-testid=wrong-subjectivity]"), /Marked wrong/);
    await page.screenshot({ path: "/tmp/claimdesk-wrong-hint.png", fullPage: false });
    await page.reload();
    await page.locator(`[data-testid=article] mark[data-claim="${claim.id}"]`).first().click();
    await textMatching(page.locator("[data-testid=wrong-subjectivity]"), /Marked wrong/);
    await textMatching(page.locator(".history"), /Opinion hint marked wrong by /);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("assistance models page", () => {
  it("an admin retrains the opinion model, sees before and after, uses it, and switches back", async () => {
    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, admin.email, PASSWORD);
    await page.goto("/settings");
    await page.getByRole("link", { name: /Assistance models/ }).click();
    await page.waitForURL("**/settings/models");
    const card = page.locator("[data-testid=models-subjectivity]");
    await textMatching(card.locator("[data-testid=in-use-subjectivity]"), /the shipped model \w{12}/);
    expect(await card.innerText()).toContain("No team model yet.");

    await card.getByRole("button", { name: "Retrain from our verdicts" }).click();
    await textMatching(page.locator(".banner.ok"), /Trained opinion model \w{12} on \d+ of your claims\. On your \d+ held-out claims it scores \d\.\d{3} against the shipped model’s \d\.\d{3}/, 60_000);
    const row = card.locator("[data-testid^=team-model-]");
    await expect(row.count()).resolves.toBe(1);
    expect(await row.innerText()).toMatch(/\d+ trained, \d+ held out\s+\d\.\d{3} → \d\.\d{3} \([+−±]\d\.\d{3}\)/);

    await row.getByRole("button", { name: /^Use model / }).click();
    await textMatching(card.locator("[data-testid=in-use-subjectivity]"), /the team’s model \w{12} \(trained .* by /);
    await textMatching(row, /in use/);
    await page.screenshot({ path: "/tmp/claimdesk-team-models.png", fullPage: true });
    await page.reload(); // what is in use is stored, not page state
    await textMatching(card.locator("[data-testid=in-use-subjectivity]"), /the team’s model/);

    await card.getByRole("button", { name: "Switch back to the shipped model" }).click();
    await textMatching(card.locator("[data-testid=in-use-subjectivity]"), /the shipped model/);
    await textMatching(page.locator(".banner.ok"), /come from the shipped model again/);
    // The check-worthiness card says what is missing rather than failing silently.
    await page.locator("[data-testid=models-checkworthy]").getByRole("button", { name: "Retrain from our verdicts" }).click();
    await textMatching(page.locator(".banner.error"), /dismissed claims.*Review more claims first\./);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
