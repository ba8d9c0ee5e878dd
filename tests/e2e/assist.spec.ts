import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PASSWORD, teamWith } from "../helpers/factories";
import { DEMO_EDITOR, DEMO_REVIEWER, newPage, panelNotice, selectedQuote, sharedBrowser, signInAs, textMatching } from "./browser";

// Claim assistance on the review page (issue 6): who said it, opinion and check-worthiness hints,
// and earlier verdicts of the team on the near-duplicate seed articles.
// Sentences used here are judged by no other e2e file (the demo data is shared within one run).

const REVIEWER = DEMO_REVIEWER;
const EDITOR = DEMO_EDITOR;
const RUBIO = "Rubio's ultimatum and the limits of U.S. leverage";
const TALKS = "Peace talks unravel as Rubio and Witkoff withdraw from London";
const REPUBLISHED = `${TALKS} (republished)`;
const PESKOV = "“It is impossible to pose the question this way,” Peskov stated when asked whether territorial recognition was mandatory to end the war.";
const BLUFF = "It’s a child’s bluff at an adult poker table.";
const DISARRAY = "However, the withdrawal of Rubio and Witkoff has thrown the talks into disarray.";

const chromium = sharedBrowser();

const focused = (page: Page, id: string) => page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 10_000 });

/** Opens a document from the list; returns its path. */
async function openArticle(page: Page, title: string): Promise<string> {
  await page.goto("/documents");
  const href = (await page.getByRole("link", { name: title, exact: true }).getAttribute("href"))!;
  await page.goto(href);
  await page.waitForSelector("[data-testid=article] mark");
  return href;
}

/** The id of the claim whose whole text is `exact` (its marks joined), from the article. */
async function claimIdOf(page: Page, exact: string): Promise<number> {
  const id = await page.evaluate((want) => {
    const text = new Map<string, string>();
    for (const m of document.querySelectorAll<HTMLElement>("[data-testid=article] mark[data-claim]"))
      text.set(m.dataset.claim!, (text.get(m.dataset.claim!) ?? "") + m.textContent);
    return [...text].find(([, t]) => t === want)?.[0] ?? null;
  }, exact);
  if (!id) throw new Error(`no claim reads ${JSON.stringify(exact)}`);
  return Number(id);
}

async function selectClaim(page: Page, exact: string): Promise<number> {
  const id = await claimIdOf(page, exact);
  await page.locator(`[data-testid=article] mark[data-claim="${id}"]`).first().click();
  await expect(selectedQuote(page)).resolves.toBe(exact);
  return id;
}

describe("who said it", () => {
  it("shows the detected speaker and cue, marks them in the text, and keeps a reviewer's correction", async () => {
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, EDITOR);
    const href = await openArticle(page, RUBIO);
    const id = await selectClaim(page, PESKOV);

    const who = page.locator("[data-testid=speaker]");
    await textMatching(who, /Said by Peskov · cue “stated”/);
    expect(await who.innerText()).toMatch(/suggested/);
    // In the text: the selected claim's speaker and cue, each marked where the detector found them.
    await expect(page.locator("[data-testid=article] [data-attribution=speaker]").allInnerTexts()).resolves.toEqual(["Peskov"]);
    await expect(page.locator("[data-testid=article] [data-attribution=cue]").allInnerTexts()).resolves.toEqual(["stated"]);
    // Another claim selected: the marks move with the selection.
    await page.keyboard.press("k");
    await textMatching(who, /Said by Kremlin spokesman Dmitry Peskov · cue “reiterated”/);
    await expect(page.locator("[data-testid=article] [data-attribution=speaker]").allInnerTexts()).resolves.toEqual(["Kremlin spokesman Dmitry Peskov"]);
    await page.keyboard.press("j");
    await expect(selectedQuote(page)).resolves.toBe(PESKOV);

    // Correct it from the keyboard: e opens the form on the speaker field.
    await page.keyboard.press("e");
    await focused(page, "f-speaker");
    await page.fill("#f-speaker", "Dmitry Peskov, Kremlin spokesman");
    await page.fill("#f-cue", "stated when asked");
    await page.getByRole("button", { name: "Save attribution" }).click();
    await textMatching(panelNotice(page), /Attribution saved/);
    await textMatching(who, /Said by Dmitry Peskov, Kremlin spokesman · cue “stated when asked”/);
    expect(await who.innerText()).toMatch(/set by a reviewer/);

    // Kept after a reload; #claim-<id> in the address selects the claim.
    await page.goto(`${href}#claim-${id}`);
    await page.waitForSelector("[data-testid=article] mark");
    await expect(selectedQuote(page)).resolves.toBe(PESKOV);
    await textMatching(who, /Said by Dmitry Peskov, Kremlin spokesman · cue “stated when asked”/);
    expect(await who.innerText()).toMatch(/set by a reviewer/);
    await textMatching(page.locator("ol.history"), /Attribution set by Elena Editor: “Dmitry Peskov, Kremlin spokesman” \(cue “stated when asked”\)/);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("opinion and check-worthiness hints", () => {
  it("offers Opinion for a sentence that reads as opinion without saving, and c walks the most check-worthy open claims", async () => {
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);
    await openArticle(page, RUBIO);

    await selectClaim(page, BLUFF);
    const hint = page.locator("[data-testid=opinion-hint]");
    await textMatching(hint, /Reads as opinion \(\d{1,2}%\): .*contractions/);
    await hint.getByRole("button", { name: "Mark as opinion" }).click();
    await expect(page.getByRole("button", { name: /Opinion$/ }).getAttribute("aria-pressed")).resolves.toBe("true");
    // Only chosen, not saved: the claim is still unreviewed and nothing was recorded.
    await expect(page.locator("#panel-heading .chip").innerText()).resolves.toBe("Unreviewed");
    expect(await panelNotice(page).count()).toBe(0);
    await page.keyboard.press("Escape"); // leave the note field
    await page.keyboard.press("Escape"); // discard the choice

    // The list, most check-worthy first and unreviewed only, is the order c follows.
    const list = page.getByRole("navigation", { name: "Claims" });
    await list.getByRole("button", { name: "Most check-worthy first" }).click();
    await list.getByLabel("Unreviewed only").check();
    const ranked = await list.locator("[data-claim-item]").evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.claimItem)));
    expect(ranked.length).toBeGreaterThan(2);
    const scores = await list.locator("[data-claim-item] .cw-dots").evaluateAll((els) => els.map((e) => Number(e.getAttribute("aria-label")!.split(" ").pop())));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    await page.goto(page.url()); // nothing selected
    await page.waitForSelector("[data-testid=article] mark");
    await page.keyboard.press("c");
    await textMatching(page.locator("[data-testid=status]"), new RegExp(`Most check-worthy unreviewed claim: #${ranked[0]} `));
    await expect(page.locator("[data-testid=article] mark[data-selected]").first().getAttribute("data-claim")).resolves.toBe(String(ranked[0]));
    await expect(page.locator("[data-testid=checkworthiness]").innerText()).resolves.toMatch(/Worth checking \(\d{1,2}%\)/);
    await page.keyboard.press("c");
    await textMatching(page.locator("[data-testid=status]"), new RegExp(`after the current one: #${ranked[1]} `));
    await expect(page.locator("[data-testid=claim-item][aria-current=true]").getAttribute("data-claim-item")).resolves.toBe(String(ranked[1]));
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("claims the team already judged", () => {
  it("shows the verdict on the near-duplicate article, reuses it with its source and records the reuse in history", async () => {
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);

    // The first article: a sourced verdict on one sentence.
    const firstHref = await openArticle(page, TALKS);
    const firstId = await selectClaim(page, DISARRAY);
    await page.keyboard.press("1");
    await focused(page, "f-url-0");
    await page.keyboard.type("https://www.example.org/london-talks-withdrawal");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Rubio and Witkoff skip London talks");
    await page.keyboard.press("Control+Enter");
    await textMatching(panelNotice(page), /Saved: Sourced/);

    // The republished copy: the same sentence is marked as already judged.
    await openArticle(page, REPUBLISHED);
    const id = await claimIdOf(page, DISARRAY);
    const item = page.locator(`[data-claim-item="${id}"]`);
    await textMatching(item, /Already judged/);
    await expect(page.locator(`[data-testid=article] mark[data-claim="${id}"][data-judged]`).count()).resolves.toBe(1);
    await selectClaim(page, DISARRAY);
    const matches = page.locator("[data-testid=matches]");
    await textMatching(matches, /Already judged in this team/);
    const text = await matches.innerText();
    expect(text).toContain(DISARRAY);
    expect(text).toMatch(/Sourced\s+by Ravi Reviewer/);
    expect(text).toMatch(/100% similar/);
    expect(text).toContain("Rubio and Witkoff skip London talks");
    await expect(matches.getByRole("link", { name: TALKS, exact: true }).getAttribute("href")).resolves.toBe(`${firstHref}#claim-${firstId}`);

    // r reuses the best match: the claim becomes sourced, citing the earlier verdict.
    await page.keyboard.press("r");
    await textMatching(panelNotice(page), new RegExp(`Saved: Sourced, reused from “${TALKS.replace(/[()]/g, "\\$&")}”`));
    await expect(page.locator("#panel-heading .chip").innerText()).resolves.toBe("Sourced");
    await textMatching(page.locator(".panel [data-testid=reused-from]").first(), /Reused from Peace talks unravel .* \(similarity 100%\)/);
    await textMatching(page.locator("[data-testid=progress]"), /^1 of \d+/);
    const history = page.locator("ol.history");
    await textMatching(history, /SOURCED by Ravi Reviewer, reusing an earlier verdict/);
    expect(await history.innerText()).toMatch(/Reused from Peace talks unravel/);
    await expect(history.getByRole("link", { name: "Rubio and Witkoff skip London talks" }).getAttribute("href")).resolves.toBe(
      "https://www.example.org/london-talks-withdrawal",
    );

    // Persisted: after a reload the claim is sourced and its match says the verdict reuses it.
    await page.reload();
    await page.waitForSelector("[data-testid=article] mark");
    await expect(page.locator(`[data-testid=article] mark[data-claim="${id}"]`).first().getAttribute("data-status")).resolves.toBe("SOURCED");
    await selectClaim(page, DISARRAY);
    await textMatching(page.locator("[data-testid=matches]"), /This claim’s verdict reuses it/);
    // The link back to the first article selects the judged claim there.
    await page.locator("[data-testid=matches]").getByRole("link", { name: TALKS, exact: true }).click();
    await page.waitForURL(`**${firstHref}#claim-${firstId}`);
    await page.waitForSelector("[data-testid=article] mark");
    await expect(selectedQuote(page)).resolves.toBe(DISARRAY);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("importing the two near-duplicate seed articles", () => {
  it("shows the first article's verdict as already judged on the second, and r records the reuse", async () => {
    // A team of its own: the demo team holds these texts already (an import of the same text is refused).
    const { members } = await teamWith(["EDITOR"]);
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, members[0]!.email, PASSWORD);
    const seed = (file: string) => readFileSync(path.join(import.meta.dirname, "../../seeds", file), "utf8");
    const importArticle = async (title: string, text: string) => {
      await page.goto("/documents");
      await page.fill("#imp-title", title);
      await page.fill("#imp-text", text);
      await page.click("text=Import and find claims");
      await page.waitForURL(/\/documents\/\d+$/);
      await page.waitForSelector("[data-testid=article] mark");
      return new URL(page.url()).pathname;
    };

    const firstPath = await importArticle(TALKS, seed("000_6489fa185ed6154c.txt"));
    const firstId = await selectClaim(page, DISARRAY);
    await page.keyboard.press("2");
    await focused(page, "f-rationale");
    await page.keyboard.type("The State Department said the talks went on at a lower level.");
    await page.keyboard.press("Control+Enter");
    await textMatching(panelNotice(page), /Saved: Disputed/);

    await importArticle(REPUBLISHED, seed("001_c4a2261a39cf7ab8.txt"));
    const id = await claimIdOf(page, DISARRAY);
    await textMatching(page.locator(`[data-claim-item="${id}"]`), /Already judged/);
    await selectClaim(page, DISARRAY);
    const matches = page.locator("[data-testid=matches]");
    await textMatching(matches, /Already judged in this team/);
    expect(await matches.innerText()).toMatch(/Disputed\s+by /);
    await expect(matches.getByRole("link", { name: TALKS, exact: true }).getAttribute("href")).resolves.toBe(`${firstPath}#claim-${firstId}`);

    await page.keyboard.press("r");
    await textMatching(panelNotice(page), /Saved: Disputed, reused from/);
    await textMatching(page.locator("ol.history"), /DISPUTED by .*, reusing an earlier verdict/);
    expect(await page.locator("ol.history").innerText()).toContain("The State Department said the talks went on at a lower level.");
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe("matches still being computed", () => {
  it("says the document is being matched while the job works, and reads the matches again until it is done", async () => {
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);
    // The first read answers as the API does while the match job has 7 of the document's claims left
    // (tests/integration/jobs.int.test.ts proves the API's `matching` figure); later reads are the real ones.
    let reads = 0;
    await page.route("**/api/documents/*/matches", (route) => {
      reads++;
      if (reads > 1) return route.continue();
      return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ matches: {}, matching: { pending: true, claims: 7, job: null } }) });
    });
    await openArticle(page, RUBIO);
    const state = page.locator("[data-testid=matches-state]");
    await textMatching(state, /Matching 7 claims against the team’s earlier verdicts…/);
    // Read again (every 2 s) until the job is done: then the usual summary replaces it.
    await textMatching(state, /No claim here matches an earlier verdict|like ones the team judged before/, 15_000);
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
