import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEMO_EDITOR, DEMO_REVIEWER, newPage, panelNotice, selectedQuote, sharedBrowser, signInAs, textMatching } from "./browser";

const REVIEWER = DEMO_REVIEWER;
const EDITOR = DEMO_EDITOR;
const ARTICLE = "Rubio's ultimatum and the limits of U.S. leverage";

const chromium = sharedBrowser();


async function openArticle(page: Page, title: string) {
  if (!page.url().endsWith("/documents")) await page.goto("/documents"); // reviewers land in their queue
  const href = await page.getByRole("link", { name: title, exact: true }).getAttribute("href");
  await page.goto(href!);
  await page.waitForSelector("[data-testid=article] mark");
}

/** Focus moves on the next animation frame after a key: wait for it rather than read at once. */
const focused = (page: Page, id: string) => page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 10_000 });

describe("sign-in", () => {
  it("sends a signed-out visitor to sign in and gives one generic message for wrong credentials", async () => {
    const { page, context } = await newPage(chromium.browser);
    await page.goto("/documents");
    await page.waitForURL(/\/signin/);
    await page.fill("#email", REVIEWER);
    await page.fill("#password", "wrong password");
    await page.click("button[type=submit]");
    await textMatching(page.locator(".banner.error"), /do not match an account/);
    await page.goto("/signin");
    expect(await page.locator(".banner.error").count()).toBe(0);
    await page.fill("#email", "nobody@example.test");
    await page.fill("#password", "whatever it is");
    await page.click("button[type=submit]");
    await textMatching(page.locator(".banner.error"), /do not match an account/);
    await context.close();
  });
});

describe("the review loop", () => {
  it("marks one claim of each kind from the keyboard, and they persist with history after a reload", async () => {
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);
    await openArticle(page, ARTICLE);

    // SOURCED, with a source, entirely from the keyboard.
    await page.keyboard.press("n");
    const sourcedQuote = await selectedQuote(page);
    await page.keyboard.press("1");
    await focused(page, "f-url-0");
    await page.keyboard.type("https://www.state.gov/secretary-rubio-remarks");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Secretary Rubio's remarks in Paris");
    await page.keyboard.press("Tab");
    await page.keyboard.type("We are not going to continue with this endeavor for weeks and months on end.");
    await page.keyboard.press("Control+Enter");
    await textMatching(panelNotice(page), /Saved: Sourced/);
    await page.keyboard.press("Escape"); // leave the field
    await page.keyboard.press("Escape");

    // DISPUTED, with a rationale.
    await page.keyboard.press("n");
    const disputedQuote = await selectedQuote(page);
    expect(disputedQuote).not.toBe(sourcedQuote);
    await page.keyboard.press("2");
    await focused(page, "f-rationale");
    await page.keyboard.type("Pressure did escalate: new sanctions were announced on 17 April.");
    await page.keyboard.press("Control+Enter");
    await textMatching(panelNotice(page), /Saved: Disputed/);
    await page.keyboard.press("Escape");

    // OPINION saves at once.
    await page.keyboard.press("n");
    const opinionQuote = await selectedQuote(page);
    await page.keyboard.press("3");
    await textMatching(panelNotice(page), /Saved: Opinion/);

    await page.reload();
    await page.waitForSelector("[data-testid=article] mark");
    const statusOf = (quote: string) =>
      page.evaluate((q) => {
        const marks = [...document.querySelectorAll<HTMLElement>("[data-testid=article] mark[data-claim]")];
        const byClaim = new Map<string, { text: string; status: string }>();
        for (const m of marks) {
          const e = byClaim.get(m.dataset.claim!) ?? { text: "", status: m.dataset.status! };
          e.text += m.textContent;
          byClaim.set(m.dataset.claim!, e);
        }
        return [...byClaim.values()].find((e) => e.text === q)?.status ?? null;
      }, quote);
    expect(await statusOf(sourcedQuote)).toBe("SOURCED");
    expect(await statusOf(disputedQuote)).toBe("DISPUTED");
    expect(await statusOf(opinionQuote)).toBe("OPINION");
    await textMatching(page.locator("[data-testid=progress]"), /^3 of \d+/);

    // The history of the sourced claim shows who, what and the source.
    await page.locator("mark[data-status=SOURCED]").first().click();
    await expect(selectedQuote(page)).resolves.toBe(sourcedQuote);
    const history = page.locator("ol.history");
    await textMatching(history, /SOURCED by Ravi Reviewer/);
    await expect(history.getByRole("link", { name: "Secretary Rubio's remarks in Paris" }).getAttribute("href")).resolves.toBe(
      "https://www.state.gov/secretary-rubio-remarks",
    );
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("shows errors where the input is and keeps what was typed", async () => {
    const { page, context } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);
    await openArticle(page, ARTICLE);
    await page.keyboard.press("n");
    await page.keyboard.press("1");
    await focused(page, "f-url-0");
    await page.keyboard.type("javascript:alert(1)");
    await page.keyboard.press("Control+Enter");
    const err = page.locator("[id='err-sources.0.url']");
    await textMatching(err, /http:\/\/ or https:\/\//);
    await expect(page.inputValue("#f-url-0")).resolves.toBe("javascript:alert(1)");
    await expect(page.getAttribute("#f-url-0", "aria-invalid")).resolves.toBe("true");
    await context.close();
  });

  it("adds a claim by selecting text, emoji included, with the exact characters anchored", async () => {
    const { page, context, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);
    await openArticle(page, "Peace talks unravel as Rubio and Witkoff withdraw from London");
    const wanted = "(Ґленн) ☘️🇬🇧🇺🇦🇺🇸🇵🇱🇮🇱🍊🌻 (@FAB87F)";
    // Select the text as a user would (a DOM range over the article's text nodes), then press a.
    const selected = await page.evaluate((target) => {
      const article = document.querySelector("[data-testid=article]")!;
      const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      while (walker.nextNode()) nodes.push(walker.currentNode as Text);
      const full = nodes.map((n) => n.data).join("");
      const at = full.indexOf(target);
      if (at < 0) return null;
      const locate = (offset: number) => {
        for (const n of nodes) {
          if (offset <= n.data.length) return { node: n, offset };
          offset -= n.data.length;
        }
        throw new Error("offset outside the article");
      };
      const a = locate(at);
      const b = locate(at + target.length);
      const range = document.createRange();
      range.setStart(a.node, a.offset);
      range.setEnd(b.node, b.offset);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      document.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return sel.toString();
    }, wanted);
    expect(selected).toBe(wanted);
    await page.waitForSelector(".selection-pop");
    await page.keyboard.press("a");
    await textMatching(page.locator("[data-testid=status]"), /Claim #\d+ added/);
    await expect(selectedQuote(page)).resolves.toBe(wanted);
    // Reload: the stored anchor still cuts exactly these characters out of the original text.
    await page.reload();
    await page.waitForSelector("[data-testid=article] mark");
    const stored = await page.evaluate((target) => {
      const marks = [...document.querySelectorAll<HTMLElement>("mark[data-claim]")];
      const ids = new Set(marks.filter((m) => target.includes(m.textContent ?? "")).map((m) => m.dataset.claim));
      return [...ids].map((id) => marks.filter((m) => m.dataset.claim === id).map((m) => m.textContent).join(""));
    }, wanted);
    expect(stored).toContain(wanted);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("gives the second of two reviewers a conflict, shows the newer verdict and keeps the typed rationale", async () => {
    const a = await newPage(chromium.browser);
    const b = await newPage(chromium.browser);
    await signInAs(a.page, REVIEWER);
    await signInAs(b.page, EDITOR);
    await openArticle(a.page, ARTICLE);
    await openArticle(b.page, ARTICLE);
    // Both on the same, first unreviewed claim.
    await a.page.keyboard.press("n");
    await b.page.keyboard.press("n");
    expect(await selectedQuote(a.page)).toBe(await selectedQuote(b.page));
    await a.page.keyboard.press("3");
    await textMatching(panelNotice(a.page), /Saved: Opinion/);

    await b.page.keyboard.press("2");
    await focused(b.page, "f-rationale");
    await b.page.keyboard.type("My rationale typed before the other save");
    await b.page.keyboard.press("Control+Enter");
    await textMatching(panelNotice(b.page), /Someone else changed this claim.*Now: Opinion by Ravi Reviewer/);
    await expect(b.page.inputValue("#f-rationale")).resolves.toBe("My rationale typed before the other save");
    // Saving again now needs a reason, since the claim has a verdict.
    await b.page.fill("#f-reason", "Contradicted by the 17 April statement");
    await b.page.locator("[aria-labelledby=panel-heading]").locator("button[type=submit].primary").click();
    await textMatching(panelNotice(b.page), /Saved: Disputed/);
    await a.context.close();
    await b.context.close();
  });

  it("renders HTML and script in imported text and titles as text, never running them", async () => {
    const { page, context, dialogs, pageErrors } = await newPage(chromium.browser);
    await signInAs(page, EDITOR);
    const payload = `<img src=x onerror="alert('xss')"><script>alert('xss')</script>`;
    await page.fill("#imp-title", `Title ${payload}`);
    await page.fill("#imp-text", `The minister said ${payload} nothing happened. Officials confirmed 12 arrests on Monday.`);
    await page.click("text=Import and find claims");
    await page.waitForURL(/\/documents\/\d+$/);
    await page.waitForSelector("[data-testid=article] mark");
    await expect(page.locator("h1").innerText()).resolves.toBe(`Title ${payload}`);
    await expect(page.locator("[data-testid=article]").innerText()).resolves.toContain(payload);
    expect(await page.locator("[data-testid=article] img, [data-testid=article] script").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);

    // Importing the same text again is refused with a link to the first import.
    await page.goto("/documents");
    await page.fill("#imp-title", "Again");
    await page.fill("#imp-text", `The minister said ${payload} nothing happened. Officials confirmed 12 arrests on Monday.`);
    await page.click("text=Import and find claims");
    await textMatching(page.locator(".banner.error"), /already imported/);
    await context.close();
  });

  it("signs out", async () => {
    const { page, context } = await newPage(chromium.browser);
    await signInAs(page, REVIEWER);
    await page.click("text=Sign out");
    await page.waitForURL(/\/signin/);
    await page.goto("/documents");
    await page.waitForURL(/\/signin/);
    await context.close();
  });
});
