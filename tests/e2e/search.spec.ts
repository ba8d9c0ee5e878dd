// The demo reviewer searches the seed articles: highlighted hits, the URL as the search (reload
// gives it back), filters, keyboard (/ to the box, ↓ and j through the hits, Enter), and a hit opens
// its claim in the review page.
import { describe, expect, it } from "vitest";
import { DEMO_REVIEWER, newPage, sharedBrowser, signInAs, textMatching } from "./browser";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp";
const REVIEWER = DEMO_REVIEWER;
const ARTICLE = "Peace talks unravel as Rubio and Witkoff withdraw from London";

const chromium = sharedBrowser();

describe("the search page", () => {
  it("finds seed claims with highlighted words, filters them, and opens one in the review page", async () => {
    const { page, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
    await page.waitForURL("**/search");
    await textMatching(page.locator("[data-testid=search-empty]"), /Type a word/);
    // The box has the focus at once.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("search");

    await page.keyboard.type("withdraw");
    await textMatching(page.locator("[data-testid=search-status]"), /\d+ claims? match “withdraw”/);
    const hits = page.locator("[data-testid=search-hits] a[data-hit]");
    expect(await hits.count()).toBeGreaterThan(1);
    const marks = await page.locator("[data-testid=search-hits] mark").allInnerTexts();
    expect(marks.length).toBeGreaterThan(1);
    for (const m of marks) expect(m).toMatch(/^withdr/i);
    expect(page.url()).toMatch(/\/search\?q=withdraw$/);
    await page.screenshot({ path: `${SHOTS}/search-page.png`, fullPage: true });

    // The URL is the search: a reload shows the same hits.
    const before = await hits.first().getAttribute("href");
    await page.reload();
    await textMatching(page.locator("[data-testid=search-status]"), /match “withdraw”/);
    expect(await hits.first().getAttribute("href")).toBe(before);

    // Filters: one document, then a verdict.
    await page.getByLabel("Document", { exact: true }).selectOption({ label: ARTICLE });
    await page.waitForURL(/document=\d+/);
    await textMatching(page.locator("[data-testid=search-status]"), /with these filters/);
    for (const t of await page.locator("[data-testid=search-hits] a[data-hit]").allInnerTexts()) expect(t).toContain(ARTICLE);
    await page.getByRole("checkbox", { name: "Sourced" }).check();
    await page.waitForURL(/status=SOURCED/);
    await page.waitForFunction(() => !document.querySelector("[aria-busy=true]"));
    const chips = await page.locator("[data-testid=search-hits] a[data-hit] .chip").allInnerTexts();
    if (chips.length) for (const c of chips) expect(c).toBe("Sourced");
    else await textMatching(page.locator("[data-testid=search-no-results]"), /No claim matches “withdraw” with these filters/);
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.waitForURL(/\/search\?q=withdraw$/);
    await textMatching(page.locator("[data-testid=search-status]"), /claims? match “withdraw”\./);

    // No results, then a partial word.
    await page.fill("input[type=search]", "zzqxv");
    await textMatching(page.locator("[data-testid=search-no-results]"), /No claim matches “zzqxv”/);
    await page.fill("input[type=search]", "Witk");
    await textMatching(page.locator("[data-testid=search-status]"), /match “Witk”/);
    expect(await page.locator("[data-testid=search-hits] mark").first().innerText()).toMatch(/^Witk/);

    // Keyboard: "/" from the page back to the box, ↓ to the first hit, j to the second, Enter opens it.
    await page.locator("h1").click();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("search");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("j");
    const target = await page.evaluate(() => document.activeElement?.getAttribute("href"));
    expect(target).toMatch(/^\/documents\/\d+\?claim=\d+#claim-\d+$/);
    const claimId = /claim=(\d+)/.exec(target!)![1];
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/documents/\\d+\\?claim=${claimId}#claim-${claimId}$`));
    await page.waitForSelector("[data-testid=article] mark");
    expect(await page.locator(`#claim-${claimId}`).count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("says when the dates are the wrong way round, and shows the server's message when a search fails", async () => {
    const { page } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);
    await page.goto("/search?q=peace&from=2025-05-02&to=2025-05-01");
    await textMatching(page.locator("[role=alert]"), /before the “from” date: swap them/);
    expect(await page.locator("[data-testid=search-hits]").count()).toBe(0);

    await page.route("**/api/search?*", (route) =>
      route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "INTERNAL", message: "The database is restarting: try again in a minute." } }) }),
    );
    await page.getByLabel("Judged to (inclusive)").fill("");
    await textMatching(page.locator("[data-testid=search-error]"), /The search failed\. The database is restarting: try again in a minute\./);
  });
});
